namespace NewMediaCms.Core.Inspection;

/// <param name="NowUtc">The check time.</param>
/// <param name="FromUtc">Start of the look-back window.</param>
public sealed record MatrixDistributionQuery(DateTime NowUtc, DateTime FromUtc);

/// <summary>
/// One mandated repost task (转载任务) addressed to an account: the evidence of NM-D09 (a mandated repost not made within
/// its deadline). <paramref name="CompletedUtc"/> is when the target published its repost; null while not done.
/// <paramref name="RefusedReason"/> is set when the target refused it.
/// </summary>
public sealed record RepostTaskFacts(
    string TaskId,
    string TenantId,
    string? AccountId,
    string SourceTenantId,
    string SourceItemId,
    string Title,
    DateTime IssuedUtc,
    DateTime DeadlineUtc,
    DateTime? CompletedUtc,
    string? RefusedReason);

/// <summary>
/// One published repost (an item whose content came from another account): the evidence of NM-D08 (a repost whose
/// source is not named, or not on the matrix list of authorised sources). <paramref name="SourceName"/> is the source as
/// shown to readers (empty when none is shown).
/// </summary>
public sealed record RepostAttributionFacts(
    string TenantId,
    string? AccountId,
    string ContentItemId,
    string Title,
    string SourceName,
    string? SourceUrl,
    bool SourceAuthorised,
    DateTime PublishedUtc);

public sealed record MatrixDistributionFacts(IReadOnlyList<RepostTaskFacts> RepostTasks, IReadOnlyList<RepostAttributionFacts> Reposts);

/// <summary>
/// The seam for NM-D08 and NM-D09: implemented and registered by the distribution capability; until one is registered
/// the rules are reported as waiting for data.
/// </summary>
public interface IMatrixDistributionEvidence
{
    Task<MatrixDistributionFacts> CollectAsync(MatrixDistributionQuery query, CancellationToken cancellationToken);
}
