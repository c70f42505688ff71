using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Editorial;

/// <summary>
/// The review-chain evidence for inspection rule NM-D13 (未经完整审核发布): published versions whose valid approvals
/// (not voided, bound to exactly the published content hash) do not cover every level of their department's chain.
/// </summary>
/// <remarks>
/// <para>The chain a version is judged against is its department's chain (default 三审). The previous chain is not kept
/// when a department changes it, so a version published before the department's last change is only required to carry at
/// least one valid approval; the evidence says so.</para>
/// <para>A published version without any review record went out outside the editorial path (a recipe import, a
/// direct write): it is reported with 0 approved levels.</para>
/// <para>The check runs in the store: one query for every department, returning only the ids of the versions that fall
/// short (normally a handful); their posts and approvals are then read by id. Nothing is loaded per published version.</para>
/// </remarks>
public sealed class ReviewChainEvidence(NmcDbContext db) : IReviewChainEvidence
{
    public async Task<IReadOnlyList<UnreviewedPost>> PublishedWithoutFullReviewAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var chains = await db.Set<ReviewChainRecord>().AcrossTenants().AsNoTracking().ToListAsync(cancellationToken);
        var levelsOf = chains.ToDictionary(c => c.TenantId, c => (Levels: ReviewChainService.Parse(c.LevelsJson), c.UpdatedUtc), StringComparer.Ordinal);

        var ids = await ReviewChainSql.NotFullyApprovedAsync(db, levelsOf.ToDictionary(kv => kv.Key, kv => kv.Value.Levels.Count),
            ReviewChainService.Default.Count, fromUtc, toUtc, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // The few versions that fall short: their post, their approvals, and whether they went through review at all.
        var shortfalls = new List<Shortfall>();
        var approvals = new List<ApprovalInfo>();
        var recorded = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
        {
            shortfalls.AddRange(await (from v in db.Set<ContentVersion>().AcrossTenants()
                                       join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                                       where chunk.Contains(v.Id) && !i.Deleted
                                       select new Shortfall(v.Id, i.Id, i.TenantId, i.AccountId, v.Title, v.PublishedUtc!.Value, v.ContentHash))
                .AsNoTracking().ToListAsync(cancellationToken));
            approvals.AddRange(await db.Set<ReviewApproval>().AcrossTenants().AsNoTracking().Where(a => chunk.Contains(a.VersionId) && !a.Voided)
                .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, null)).ToListAsync(cancellationToken));
            recorded.UnionWith(await db.Set<VersionReview>().AcrossTenants().Where(r => chunk.Contains(r.VersionId)).Select(r => r.VersionId).ToListAsync(cancellationToken));
        }
        var approvalsOf = approvals.ToLookup(a => a.VersionId);

        var result = new List<UnreviewedPost>();
        foreach (var s in shortfalls.OrderBy(s => s.PublishedUtc).ThenBy(s => s.VersionId))
        {
            var (levels, changedUtc) = levelsOf.TryGetValue(s.TenantId, out var c) ? c : (ReviewChainService.Default, DateTime.MinValue);
            var chain = ReviewChain.For(levels, s.ContentHash, approvalsOf[s.VersionId]);
            if (s.PublishedUtc < changedUtc && chain.All.Any(a => !a.Voided && a.ContentHash == s.ContentHash))
            {
                continue;   // published under an earlier chain that is not kept: one valid approval is all that can be checked
            }
            string detail;
            if (!recorded.Contains(s.VersionId))
            {
                detail = "无审核记录：未经本系统的审核流程发布（导入或直接写入）";
            }
            else
            {
                var missing = levels.Where(l => chain.ApprovalOf(l.Level) is null).Select(l => $"第 {l.Level} 级“{l.Name}”");
                detail = $"缺少有效审核：{string.Join("、", missing)}（审核须与发布内容一致，内容改动后原审核作废）";
            }
            result.Add(new UnreviewedPost(s.ContentItemId, s.TenantId, s.AccountId, s.Title, s.PublishedUtc, levels.Count, chain.ApprovedLevels, detail));
        }
        return result;
    }

    private sealed record Shortfall(long VersionId, string ContentItemId, string TenantId, string? AccountId, string Title, DateTime PublishedUtc, string ContentHash);
}
