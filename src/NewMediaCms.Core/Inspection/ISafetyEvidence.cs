namespace NewMediaCms.Core.Inspection;

/// <summary>What the inspection asks the content-safety capability once per run: findings on what is public now.</summary>
/// <param name="NowUtc">The check time.</param>
/// <param name="FromUtc">Start of the look-back window.</param>
public sealed record SafetyQuery(DateTime NowUtc, DateTime FromUtc);

/// <summary>
/// One finding that stands on a currently published version (not overridden by a reviewer, not whitelisted): the
/// evidence of NM-V01 (serious wording), NM-V02 (personal data, secret markings), NM-V03 (forbidden content or
/// links, hidden links), NM-D05 (advertising) and NM-D07 (ordinary typos). <paramref name="RuleCode"/> is one of those.
/// <paramref name="Tier"/> is "严重", "一般" or "疑似".
/// <paramref name="Detector"/> (optional, added for the inspection) is the detector's stable key of
/// <see cref="NewMediaCms.Core.Safety.SafetyFinding.Detector"/>: NM-V02 vetoes secret markings (a key containing "secret")
/// and deducts for personal data (every other key). <paramref name="Url"/> (optional) is the item's public address.
/// </summary>
public sealed record PublishedSafetyFinding(
    string TenantId,
    string? AccountId,
    string ContentItemId,
    long VersionId,
    string Title,
    string RuleCode,
    string Tier,
    string Field,
    string Excerpt,
    string? Suggestion,
    DateTime FoundUtc,
    string? Detector = null,
    string? Url = null);

/// <summary>
/// The seam for NM-V01, NM-V02, NM-V03, NM-D05 and NM-D07: implemented and registered by the safety capability; until
/// one is registered the rules are reported as waiting for data.
/// </summary>
public interface ISafetyEvidence
{
    Task<IReadOnlyList<PublishedSafetyFinding>> CollectAsync(SafetyQuery query, CancellationToken cancellationToken);
}
