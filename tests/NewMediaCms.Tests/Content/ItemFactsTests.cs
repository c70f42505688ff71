using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Inspection;

namespace NewMediaCms.Tests.Content;

/// <summary>
/// An item's account, type and deletion are copied onto its versions by every save (ItemFactsInterceptor), so the
/// inspection's posting aggregates can group versions without joining the items. Each save below is made in a fresh
/// context where the item's versions are not loaded, as in the editorial paths.
/// </summary>
public sealed class ItemFactsTests
{
    private static readonly DateTime Now = Matrix.Now;

    private static NmcAppFactory NewApp(StoreKind store)
    {
        var app = NmcAppFactory.Create(store, TestPaths.Recipe("inspection-empty"));
        app.Clock = new FakeTimeProvider(new DateTimeOffset(Now));
        return app;
    }

    private static async Task SeedAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope("empty");
        var db = app.Db(scope);
        foreach (var id in new[] { "facts-a", "facts-b" })
        {
            db.Add(new Account
            {
                Id = id, TenantId = "empty", Platform = Platform.WeChat, Name = id, OperatingUnit = "单位", FilingNumber = id,
                OpenedOn = new DateOnly(2024, 1, 1), CreatedUtc = Now.AddDays(-500), UpdatedUtc = Now.AddDays(-500),
            });
        }
        db.Add(new ContentItem
        {
            Id = "facts-item", TenantId = "empty", ContentType = "news", AccountId = "facts-a", Owner = "test", CreatedUtc = Now.AddDays(-3),
            Versions =
            [
                new() { TenantId = "empty", Number = 1, Latest = false, Published = true, Title = "一", Markdown = "正文", PublishedUtc = Now.AddDays(-3), CreatedUtc = Now.AddDays(-3), Author = "test" },
                new() { TenantId = "empty", Number = 2, Latest = true, Published = false, Title = "二", Markdown = "正文", CreatedUtc = Now.AddDays(-1), Author = "test" },
            ],
        });
        await db.SaveChangesAsync();
    }

    private static async Task<List<ContentVersion>> VersionsAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<ContentVersion>().IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.ContentItemId == "facts-item").OrderBy(v => v.Number).ToListAsync();
    }

    private static async Task<List<PostingAggregate>> PostingsAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        var w = new PostingWindows(Now.AddMinutes(5), Now.AddDays(-14), Now.AddDays(-30), Now.AddDays(-90), Now.AddDays(-30));
        return (await scope.ServiceProvider.GetRequiredService<SnapshotBuilder>().PostingAggregatesAsync(w, "\"repostOf\"", CancellationToken.None))
            .Where(r => r.AccountId is "facts-a" or "facts-b").ToList();
    }

    private static async Task ChangeItemAsync(NmcAppFactory app, Action<ContentItem> change)
    {
        await using var scope = app.TenantScope("empty");
        var db = app.Db(scope);
        var item = await db.Set<ContentItem>().IgnoreQueryFilters().SingleAsync(i => i.Id == "facts-item");
        change(item);
        await db.SaveChangesAsync();
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task New_versions_carry_their_items_account_type_and_deletion(StoreKind store)
    {
        await using var app = NewApp(store);
        await SeedAsync(app);
        // A third version added by key alone, its item not loaded in this context.
        await using (var scope = app.TenantScope("empty"))
        {
            var db = app.Db(scope);
            db.Add(new ContentVersion { ContentItemId = "facts-item", TenantId = "empty", Number = 3, Title = "三", Markdown = "正文", CreatedUtc = Now, Author = "test" });
            await db.SaveChangesAsync();
        }

        var versions = await VersionsAsync(app);
        Assert.Equal(3, versions.Count);
        Assert.All(versions, v => Assert.Equal(("facts-a", "news", false), (v.AccountId, v.ContentType, v.ItemDeleted)));
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task Moving_an_item_to_another_account_moves_every_version_and_its_posts_with_it(StoreKind store)
    {
        await using var app = NewApp(store);
        await SeedAsync(app);
        Assert.Equal(["facts-a"], (await PostingsAsync(app)).Select(r => r.AccountId));

        await ChangeItemAsync(app, i => i.AccountId = "facts-b");

        Assert.All(await VersionsAsync(app), v => Assert.Equal("facts-b", v.AccountId));
        var row = Assert.Single(await PostingsAsync(app));
        Assert.Equal(("facts-b", 1, 1), (row.AccountId, row.Total, row.P14));
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task A_deleted_item_stops_counting_and_counts_again_when_restored(StoreKind store)
    {
        await using var app = NewApp(store);
        await SeedAsync(app);

        await ChangeItemAsync(app, i => i.Deleted = true);
        Assert.All(await VersionsAsync(app), v => Assert.True(v.ItemDeleted));
        Assert.Empty(await PostingsAsync(app));

        await ChangeItemAsync(app, i => i.Deleted = false);
        Assert.All(await VersionsAsync(app), v => Assert.False(v.ItemDeleted));
        Assert.Equal(1, Assert.Single(await PostingsAsync(app)).Total);
    }
}
