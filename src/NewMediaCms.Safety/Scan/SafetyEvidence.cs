using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Safety.Scan;

/// <summary>
/// <see cref="ISafetyEvidence"/> from the stored findings of the last scan: findings standing on published versions,
/// those a named reviewer overrode left out (the department's exceptions were already applied by the check).
/// </summary>
public sealed class SafetyEvidence(NmcDbContext db) : ISafetyEvidence
{
    public async Task<IReadOnlyList<PublishedSafetyFinding>> CollectAsync(SafetyQuery query, CancellationToken cancellationToken)
        => await db.Set<StoredSafetyFinding>().AcrossTenants().AsNoTracking()
            .Where(f => !f.Overridden && f.FoundUtc <= query.NowUtc)
            .OrderBy(f => f.TenantId).ThenBy(f => f.VersionId).ThenBy(f => f.Start)
            .Select(f => new PublishedSafetyFinding(f.TenantId, f.AccountId, f.ContentItemId, f.VersionId, f.Title, f.RuleCode, f.Tier, f.Field, f.Excerpt, f.Suggestion, f.FoundUtc, f.Detector))
            .ToListAsync(cancellationToken);
}
