using System.Globalization;
using System.Text;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

/// <summary>
/// The set-based form of <see cref="ReviewChain.IsFullyApprovedFor"/>, for the inspection evidence (NM-D13) that judges
/// every published version of a window at once. It states the same rule as the value — an approval counts when it is
/// not voided, bound to the version's content hash and for a level 1..N of the department's chain; a version is fully
/// approved when every level 1..N has one — so a change to the rule changes both (ReviewChainRuleAgreementTests holds
/// them to the same answers on both stores).
/// </summary>
internal static class ReviewChainSql
{
    /// <summary>The approval predicate of <see cref="ReviewChain"/> (alias a = ReviewApprovals, v = the version, r = required levels).</summary>
    public const string ValidApproval = "a.\"VersionId\" = v.\"Id\" AND NOT a.\"Voided\" AND a.\"ContentHash\" = v.\"ContentHash\" AND a.\"Level\" >= 1 AND a.\"Level\" <= {r}";

    /// <summary>
    /// The ids of the published versions in (fromUtc, toUtc] that are not fully approved: one query for all departments,
    /// the chain length per department written into it as a CASE over the departments with a chain of their own
    /// (<paramref name="chainLengths"/>; others have the default).
    /// </summary>
    /// <remarks>
    /// The shape differs by provider because their executors do: PostgreSQL hashes the window's versions against the
    /// approvals and hashes the groups by version, the levels present as bits (<c>bit_or(1 &lt;&lt; level)</c>, short when
    /// not every bit 1..required is set: the same test as fewer distinct levels than required, chains having at most
    /// <see cref="ReviewChainService.MaxLevels"/> levels); a <c>COUNT(DISTINCT level)</c> there would sort the 1.9 million
    /// (version, approval) pairs of a 90-day window on disk. SQLite only has nested loops, and there a grouped join sorts
    /// every (version, approval) pair, so it counts each version's levels in place in the covering index
    /// IX_ReviewApprovals_ReviewEvidence, walking the window in IX_ContentVersions_ReviewEvidence (neither reads a table
    /// row). Both return the same set (tests on both stores).
    /// </remarks>
    public static async Task<List<long>> NotFullyApprovedAsync(NmcDbContext db, IReadOnlyDictionary<string, int> chainLengths, int defaultLength, DateTime fromUtc, DateTime toUtc, CancellationToken ct)
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
        var fallback = defaultLength.ToString(CultureInfo.InvariantCulture);
        var req = required.Length == 0 ? fallback : $"CASE{required} ELSE {fallback} END";
        const string window = "v.\"Published\" = {0} AND v.\"PublishedUtc\" > {1} AND v.\"PublishedUtc\" <= {2}";
        var sql = db.Database.IsNpgsql()
            ? $"""
                SELECT v."Id" AS "Value"
                FROM (SELECT v."Id", v."ContentHash", {req} AS "Required" FROM "ContentVersions" AS v WHERE {window}) AS v
                LEFT JOIN "ReviewApprovals" AS a ON {ValidApproval.Replace("{r}", "v.\"Required\"")}
                GROUP BY v."Id", v."Required"
                HAVING COALESCE(bit_or(1 << a."Level"), 0) <> (1 << (v."Required" + 1)) - 2
                """
            : $"""
                SELECT v."Id" AS "Value"
                FROM "ContentVersions" AS v
                WHERE {window}
                    AND (SELECT COUNT(DISTINCT a."Level") FROM "ReviewApprovals" AS a
                         WHERE {ValidApproval.Replace("{r}", req)}) < {req}
                """;
        return await db.Database.SqlQueryRaw<long>(sql, parameters.ToArray()).ToListAsync(ct);
    }
}
