namespace NewMediaCms.Core.Inspection;

/// <summary>A published version that went out without the review chain its department requires (NM-D13).</summary>
public sealed record UnreviewedPost(
    string ContentItemId,
    string TenantId,
    string? AccountId,
    string Title,
    DateTime PublishedUtc,
    int RequiredLevels,
    int ApprovedLevels,
    string Detail);

/// <summary>
/// The seam for NM-D13 (inspection). It lives in Core so that the editorial capability, which owns the review records,
/// implements it without depending on the inspection capability (and the other way round). The editorial capability (review chains, approvals bound to a content hash) implements it
/// and registers it; until one is registered, NM-D13 is reported as waiting for data and not evaluated.
/// </summary>
public interface IReviewChainEvidence
{
    /// <summary>Published versions in (fromUtc, toUtc] (the check time included) whose approvals do not cover every required level.</summary>
    Task<IReadOnlyList<UnreviewedPost>> PublishedWithoutFullReviewAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);
}
