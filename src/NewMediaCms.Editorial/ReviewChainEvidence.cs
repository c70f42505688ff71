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
/// <para>The check runs in the store: one query per distinct chain length, returning only the versions that fall short
/// (normally a handful), so the cost does not grow with what is loaded into memory.</para>
/// </remarks>
public sealed class ReviewChainEvidence(NmcDbContext db) : IReviewChainEvidence
{
    public async Task<IReadOnlyList<UnreviewedPost>> PublishedWithoutFullReviewAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken)
    {
        var chains = await db.Set<ReviewChain>().AcrossTenants().AsNoTracking().ToListAsync(cancellationToken);
        var levelsOf = chains.ToDictionary(c => c.TenantId, c => (Levels: ReviewChainService.Parse(c.LevelsJson), c.UpdatedUtc), StringComparer.Ordinal);
        var configured = levelsOf.Keys.ToList();

        var shortfalls = new List<Shortfall>();
        // Departments without a chain of their own: the default 三审.
        shortfalls.AddRange(await ShortOfAsync(ReviewChainService.Default.Count, tenants: null, exclude: configured, fromUtc, toUtc, cancellationToken));
        foreach (var group in levelsOf.GroupBy(kv => kv.Value.Levels.Count))
        {
            shortfalls.AddRange(await ShortOfAsync(group.Key, group.Select(kv => kv.Key).ToList(), exclude: null, fromUtc, toUtc, cancellationToken));
        }
        if (shortfalls.Count == 0)
        {
            return [];
        }

        // The few versions that fall short: which levels they do have, and whether they went through review at all.
        var ids = shortfalls.Select(s => s.VersionId).ToList();
        var present = new Dictionary<long, List<int>>();
        var recorded = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
        {
            var approvals = await (from a in db.Set<ReviewApproval>().AcrossTenants()
                                   join v in db.Set<ContentVersion>().AcrossTenants() on a.VersionId equals v.Id
                                   where chunk.Contains(a.VersionId) && !a.Voided && a.ContentHash == v.ContentHash
                                   select new { a.VersionId, a.Level }).ToListAsync(cancellationToken);
            foreach (var a in approvals)
            {
                (present.TryGetValue(a.VersionId, out var l) ? l : present[a.VersionId] = []).Add(a.Level);
            }
            recorded.UnionWith(await db.Set<VersionReview>().AcrossTenants().Where(r => chunk.Contains(r.VersionId)).Select(r => r.VersionId).ToListAsync(cancellationToken));
        }

        var result = new List<UnreviewedPost>();
        foreach (var s in shortfalls.OrderBy(s => s.PublishedUtc).ThenBy(s => s.VersionId))
        {
            var (levels, changedUtc) = levelsOf.TryGetValue(s.TenantId, out var c) ? c : (ReviewChainService.Default, DateTime.MinValue);
            var have = present.GetValueOrDefault(s.VersionId) ?? [];
            var approved = have.Where(l => l >= 1 && l <= levels.Count).Distinct().Count();
            if (s.PublishedUtc < changedUtc && have.Count > 0)
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
                var missing = levels.Where(l => !have.Contains(l.Level)).Select(l => $"第 {l.Level} 级“{l.Name}”");
                detail = $"缺少有效审核：{string.Join("、", missing)}（审核须与发布内容一致，内容改动后原审核作废）";
            }
            result.Add(new UnreviewedPost(s.ContentItemId, s.TenantId, s.AccountId, s.Title, s.PublishedUtc, levels.Count, approved, detail));
        }
        return result;
    }

    /// <summary>Published versions in the window, in the given departments (or all but <paramref name="exclude"/>), with fewer than <paramref name="required"/> valid levels.</summary>
    private async Task<List<Shortfall>> ShortOfAsync(int required, List<string>? tenants, List<string>? exclude, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var versions = from v in db.Set<ContentVersion>().AcrossTenants()
                       join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                       where v.Published && !i.Deleted && v.PublishedUtc > fromUtc && v.PublishedUtc <= toUtc
                       select new { v, i };
        if (tenants is not null)
        {
            versions = versions.Where(x => tenants.Contains(x.i.TenantId));
        }
        if (exclude is { Count: > 0 })
        {
            versions = versions.Where(x => !exclude.Contains(x.i.TenantId));
        }
        return await versions
            .Where(x => db.Set<ReviewApproval>().AcrossTenants()
                .Where(a => a.VersionId == x.v.Id && !a.Voided && a.ContentHash == x.v.ContentHash && a.Level >= 1 && a.Level <= required)
                .Select(a => a.Level).Distinct().Count() < required)
            .Select(x => new Shortfall(x.v.Id, x.i.Id, x.i.TenantId, x.i.AccountId, x.v.Title, x.v.PublishedUtc!.Value))
            .AsNoTracking()
            .ToListAsync(ct);
    }

    private sealed record Shortfall(long VersionId, string ContentItemId, string TenantId, string? AccountId, string Title, DateTime PublishedUtc);
}
