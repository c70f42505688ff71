using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Recipes;
using NewMediaCms.Tenancy;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Recipes;

/// <summary>The demo county that a new user sees on first start, and the blank matrix.</summary>
public sealed class DemoRecipeTests
{
    [Fact]
    public async Task The_demo_county_builds_a_realistic_matrix_and_a_rerun_changes_nothing()
    {
        var file = Path.Combine(TestPaths.RepoRoot, "recipes", "demo-county.recipe.json");
        await using var app = NmcAppFactory.Create(recipe: file);
        await using var scope = app.TenantScope(null);
        var db = app.Db(scope);

        var tenants = await db.Set<Tenant>().ToListAsync();
        Assert.True(tenants.Count >= 12, $"{tenants.Count} departments");
        var depth = tenants.Max(t => Depth(t, tenants));
        Assert.InRange(depth, 2, 3);
        Assert.Single(tenants, t => t.IsPortal);

        Assert.True(await db.Set<Account>().AcrossTenants().CountAsync() >= 20);

        var published = await db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published).Select(v => v.PublishedUtc!.Value).ToListAsync();
        Assert.True(published.Count >= 300, $"{published.Count} published notices");
        var now = DateTime.UtcNow;
        Assert.All(published, p => Assert.InRange(p, now.AddDays(-121), now));
        Assert.True(published.Min() < now.AddDays(-100), "notices should reach back about 120 days");

        // Some departments have gone quiet: their newest post is weeks old.
        var lastByTenant = await db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published)
            .GroupBy(v => v.TenantId).Select(g => new { g.Key, Last = g.Max(v => v.PublishedUtc) }).ToListAsync();
        Assert.Contains(lastByTenant, x => x.Last < now.AddDays(-10));

        var runner = scope.ServiceProvider.GetRequiredService<RecipeRunner>();
        var again = await runner.RunFileAsync(file, new Dictionary<string, string> { ["adminPassword"] = "x", ["demoPassword"] = "y" });
        Assert.Equal(0, again.Changed);
    }

    [Fact]
    public async Task The_blank_recipe_sets_up_an_empty_matrix_with_an_administrator()
    {
        await using var app = NmcAppFactory.Create(recipe: Path.Combine(TestPaths.RepoRoot, "recipes", "blank.recipe.json"));
        await using (var scope = app.TenantScope(null))
        {
            var db = app.Db(scope);
            Assert.Equal(1, await db.Set<Tenant>().CountAsync());
            Assert.Equal(0, await db.Set<Account>().AcrossTenants().CountAsync());
            Assert.Equal(0, await db.Set<ContentItem>().AcrossTenants().CountAsync());
        }
        var client = await app.SignInAsync("admin");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await app.Client().GetAsync("/")).StatusCode);
    }

    private static int Depth(Tenant t, List<Tenant> all)
    {
        var depth = 0;
        for (var p = t.ParentId; p is not null; p = all.First(x => x.Id == p).ParentId)
        {
            depth++;
        }
        return depth;
    }
}
