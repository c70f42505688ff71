using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tenancy;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Recipes;

/// <summary>The demo county as the README promises it: every department's own people write, review (三审) and publish.</summary>
public sealed partial class DemoRecipeTeamsTests
{
    [GeneratedRegex("`([a-z0-9-]+\\.[a-z0-9.]+)`")]
    private static partial Regex UserName();

    [Fact]
    public async Task In_every_department_of_the_demo_a_notice_is_written_fully_reviewed_and_published_by_its_own_users_and_every_user_the_readme_names_exists()
    {
        await using var app = NmcAppFactory.Create(recipe: Path.Combine(TestPaths.RepoRoot, "recipes", "demo-county.recipe.json"));
        List<(NmcUser User, IList<string> Roles)> users;
        List<Tenant> departments;
        await using (var scope = app.TenantScope(null))
        {
            var manager = scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>();
            users = [];
            foreach (var user in await manager.Users.AsNoTracking().ToListAsync())
            {
                users.Add((user, await manager.GetRolesAsync(user)));
            }
            departments = await app.Db(scope).Set<Tenant>().Where(t => !t.IsPortal).ToListAsync();
        }

        var readme = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "README.md"));
        var named = UserName().Matches(readme).Select(m => m.Groups[1].Value).Where(n => !n.EndsWith(".md", StringComparison.Ordinal) && !n.Contains(".recipe", StringComparison.Ordinal)
            && !n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith(".txt", StringComparison.Ordinal) && !n.EndsWith(".sh", StringComparison.Ordinal) && !n.EndsWith(".db", StringComparison.Ordinal)).Distinct().ToList();
        Assert.Contains("gaj.reviewer3", named);
        Assert.All(named, n => Assert.Contains(users, u => u.User.UserName == n));

        foreach (var department in departments)
        {
            var staff = users.Where(u => u.User.TenantId == department.Id).ToList();
            var editor = staff.First(u => u.Roles.Contains(Roles.Editor));
            var reviewers = staff.Where(u => u.Roles.Contains(Roles.Reviewer)).ToList();
            EditorialActor Actor((NmcUser User, IList<string> Roles) u) => EditorialActor.Of(u.User.UserName!, department.Id, [.. u.Roles]);

            await using var scope = app.TenantScope(department.Id);
            var drafts = scope.ServiceProvider.GetRequiredService<DraftService>();
            var review = scope.ServiceProvider.GetRequiredService<ReviewService>();
            var publication = scope.ServiceProvider.GetRequiredService<PublicationService>();
            var levels = await scope.ServiceProvider.GetRequiredService<ReviewChainService>().LevelsAsync();
            Assert.True(reviewers.Count >= levels.Count, $"{department.Id}: {reviewers.Count} reviewers for {levels.Count} levels");

            var created = await drafts.CreateDraftAsync(Actor(editor), new DraftInput("notice", null, $"{department.DisplayName}演示通知", "正文", null));
            Assert.True(created.Ok, $"{department.Id}: {created.Message}");
            var submitted = await review.SubmitAsync(Actor(editor), created.ItemId!);
            Assert.True(submitted.Ok, $"{department.Id}: {submitted.Message}");
            foreach (var reviewer in reviewers.Take(levels.Count))
            {
                var approved = await review.ApproveAsync(Actor(reviewer), created.ItemId!, null, null);
                Assert.True(approved.Ok, $"{department.Id} {reviewer.User.UserName}: {approved.Message}");
            }
            var published = await publication.PublishAsync(Actor(editor), created.ItemId!);
            Assert.True(published.Ok, $"{department.Id}: {published.Message}");
        }
    }
}
