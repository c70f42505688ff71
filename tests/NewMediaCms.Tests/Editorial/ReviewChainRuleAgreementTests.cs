using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>
/// "Fully approved" is written twice on purpose — the <see cref="ReviewChain"/> value and its set-based form
/// <see cref="ReviewChainSql"/> that the inspection runs over a whole window — and the two must answer alike.
/// </summary>
public sealed class ReviewChainRuleAgreementTests
{
    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task The_store_and_the_review_chain_value_find_the_same_published_versions_not_fully_approved(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store);
        var desk = new EditorialDesk(app);
        var items = new Dictionary<string, string>();
        foreach (var name in new[] { "complete", "voided", "other-content", "level-twice", "level-beyond-chain" })
        {
            var id = await desk.ApprovedAsync($"一致性 {name}");
            Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
            items[name] = id;
        }
        await using (var scope = app.TenantScope("gaj"))
        {
            var db = app.Db(scope);
            async Task<ReviewApproval> LevelAsync(string name, int level)
                => await db.Set<ReviewApproval>().SingleAsync(a => a.ContentItemId == items[name] && a.Level == level);
            (await LevelAsync("voided", 2)).Voided = true;
            (await LevelAsync("other-content", 3)).ContentHash = "approved-other-content";
            (await LevelAsync("level-twice", 2)).Level = 1;
            (await LevelAsync("level-beyond-chain", 3)).Level = 4;
            await db.SaveChangesAsync();
        }

        var from = DateTime.UtcNow.AddDays(-30);
        var to = DateTime.UtcNow.AddDays(1);
        await using (var scope = app.TenantScope(null))
        {
            var db = app.Db(scope);
            var bySql = await ReviewChainSql.NotFullyApprovedAsync(db, new Dictionary<string, int>(), ReviewChainService.Default.Count, from, to, CancellationToken.None);

            var published = await db.Set<ContentVersion>().AcrossTenants().AsNoTracking()
                .Where(v => v.Published && v.PublishedUtc > from && v.PublishedUtc <= to).Select(v => new { v.Id, v.ContentHash }).ToListAsync();
            var ids = published.Select(v => v.Id).ToList();
            var approvals = (await db.Set<ReviewApproval>().AcrossTenants().AsNoTracking().Where(a => ids.Contains(a.VersionId)).ToListAsync())
                .Select(a => a.ToInfo()).ToLookup(a => a.VersionId);
            var byValue = published.Where(v => !ReviewChain.For(ReviewChainService.Default, v.ContentHash, approvals[v.Id]).IsFullyApprovedFor(v.ContentHash))
                .Select(v => v.Id).ToList();

            Assert.Equal(byValue.Order(), bySql.Order());
            var versionOf = await db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published).ToDictionaryAsync(v => v.ContentItemId, v => v.Id);
            Assert.DoesNotContain(versionOf[items["complete"]], bySql);
            foreach (var name in new[] { "voided", "other-content", "level-twice", "level-beyond-chain" })
            {
                Assert.Contains(versionOf[items[name]], bySql);
            }
            Assert.Contains(versionOf["gaj-n-1"], bySql);   // seeded by the recipe, no review at all
        }
    }
}
