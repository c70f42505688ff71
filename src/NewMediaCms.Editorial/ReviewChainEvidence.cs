using System.Globalization;
using System.Text;
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
        var chains = await db.Set<ReviewChain>().AcrossTenants().AsNoTracking().ToListAsync(cancellationToken);
        var levelsOf = chains.ToDictionary(c => c.TenantId, c => (Levels: ReviewChainService.Parse(c.LevelsJson), c.UpdatedUtc), StringComparer.Ordinal);
        var configured = levelsOf.Keys.ToList();

        var ids = await ShortVersionIdsAsync(levelsOf.ToDictionary(kv => kv.Key, kv => kv.Value.Levels.Count), fromUtc, toUtc, cancellationToken);
        if (ids.Count == 0)
        {
            return [];
        }

        // The few versions that fall short: their post, which levels they do have, and whether they went through review at all.
        var shortfalls = new List<Shortfall>();
        var present = new Dictionary<long, List<int>>();
        var recorded = new HashSet<long>();
        foreach (var chunk in ids.Chunk(500))
        {
            shortfalls.AddRange(await (from v in db.Set<ContentVersion>().AcrossTenants()
                                       join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                                       where chunk.Contains(v.Id) && !i.Deleted
                                       select new Shortfall(v.Id, i.Id, i.TenantId, i.AccountId, v.Title, v.PublishedUtc!.Value))
                .AsNoTracking().ToListAsync(cancellationToken));
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

    /// <summary>
    /// The ids of the published versions in (fromUtc, toUtc] whose valid approvals (not voided, bound to the version's
    /// content hash) cover fewer distinct levels than their department's chain requires: one query for all departments,
    /// the required count per department written into it as a CASE over the departments with a chain of their own.
    /// </summary>
    /// <remarks>
    /// The shape differs by provider because their executors do: PostgreSQL hashes the window's versions against the
    /// approvals and hashes the groups by version, the levels present as bits (<c>bit_or(1 &lt;&lt; level)</c>, short when
    /// not every bit 1..required is set: the same test as fewer distinct levels than required, chains having at most
    /// <see cref="ReviewChainService.MaxLevels"/> levels); a <c>COUNT(DISTINCT level)</c> there would sort the 1.9 million
    /// (version, approval) pairs of a 90-day window on disk. SQLite only has nested loops, and
    /// there a grouped join sorts every (version, approval) pair, so it counts each version's levels in place in the
    /// covering index IX_ReviewApprovals_ReviewEvidence, walking the window in IX_ContentVersions_ReviewEvidence (neither
    /// reads a table row). Both return the same set (tests on both stores).
    /// </remarks>
    private async Task<List<long>> ShortVersionIdsAsync(Dictionary<string, int> chainLengths, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        var parameters = new List<object> { true, fromUtc, toUtc };
        string Parameter(object value)
        {
            parameters.Add(value);
            return "{" + (parameters.Count - 1) + "}";
        }
        var required = new StringBuilder();
        foreach (var group in chainLengths.GroupBy(kv => kv.Value).OrderBy(g => g.Key))
        {
            var tenants = string.Join(", ", group.Select(kv => Parameter(kv.Key)));
            required.Append($" WHEN v.\"TenantId\" IN ({tenants}) THEN {group.Key.ToString(CultureInfo.InvariantCulture)}");
        }
        var fallback = ReviewChainService.Default.Count.ToString(CultureInfo.InvariantCulture);
        var req = required.Length == 0 ? fallback : $"CASE{required} ELSE {fallback} END";
        const string window = "v.\"Published\" = {0} AND v.\"PublishedUtc\" > {1} AND v.\"PublishedUtc\" <= {2}";
        var sql = db.Database.IsNpgsql()
            ? $"""
                SELECT v."Id" AS "Value"
                FROM (SELECT v."Id", v."ContentHash", {req} AS "Required" FROM "ContentVersions" AS v WHERE {window}) AS v
                LEFT JOIN "ReviewApprovals" AS a ON a."VersionId" = v."Id" AND NOT a."Voided" AND a."ContentHash" = v."ContentHash"
                    AND a."Level" >= 1 AND a."Level" <= v."Required"
                GROUP BY v."Id", v."Required"
                HAVING COALESCE(bit_or(1 << a."Level"), 0) <> (1 << (v."Required" + 1)) - 2
                """
            : $"""
                SELECT v."Id" AS "Value"
                FROM "ContentVersions" AS v
                WHERE {window}
                    AND (SELECT COUNT(DISTINCT a."Level") FROM "ReviewApprovals" AS a
                         WHERE a."VersionId" = v."Id" AND NOT a."Voided" AND a."ContentHash" = v."ContentHash"
                             AND a."Level" >= 1 AND a."Level" <= {req}) < {req}
                """;
        return await db.Database.SqlQueryRaw<long>(sql, parameters.ToArray()).ToListAsync(ct);
    }

    private sealed record Shortfall(long VersionId, string ContentItemId, string TenantId, string? AccountId, string Title, DateTime PublishedUtc);
}
