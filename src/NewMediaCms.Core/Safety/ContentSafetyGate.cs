namespace NewMediaCms.Core.Safety;

/// <summary>A version of a content item as the safety gate sees it: its identity, the content hash and its text.</summary>
public sealed record ContentSafetyInput(
    string TenantId,
    string ContentItemId,
    long VersionId,
    string ContentHash,
    string Title,
    string Markdown,
    IReadOnlyDictionary<string, string> Fields);

/// <summary>A named reviewer's override of the serious findings of exactly one content hash.</summary>
public sealed record SafetyOverrideInfo(string UserName, string Reason, DateTime CreatedUtc, string ContentHash);

/// <summary>The gate's answer for one version: the findings and, when serious ones stand, the override bound to this hash.</summary>
public sealed record ContentSafetyVerdict(SafetyReport Report, SafetyOverrideInfo? Override)
{
    public static readonly ContentSafetyVerdict Clean = new(SafetyReport.Clean, null);

    /// <summary>Publishing is refused: a serious finding stands and no override for this content hash exists.</summary>
    public bool Blocks => Report.Blocks && Override is null;

    public int SeriousCount => Report.Findings.Count(f => f.Tier == SafetyTier.Serious);
}

/// <summary>
/// The content-safety gate the editorial commands call (save, submit, approve, publish): checks every text of a
/// version (title, body, fields, link targets, image alt text, attachment text, the rendered HTML) and knows the
/// overrides. Implemented by NewMediaCms.Safety; without it (<see cref="NoContentSafetyGate"/>) nothing blocks.
/// </summary>
public interface IContentSafetyGate
{
    Task<ContentSafetyVerdict> CheckAsync(ContentSafetyInput content, CancellationToken cancellationToken);

    /// <summary>
    /// Records a named reviewer's override of the serious findings of this content hash (with its audit event) in the
    /// caller's unit of work; the caller saves. An edit changes the hash and so voids it.
    /// </summary>
    Task<ContentSafetyVerdict> OverrideAsync(ContentSafetyInput content, string userName, string reason, CancellationToken cancellationToken);
}

public sealed class NoContentSafetyGate : IContentSafetyGate
{
    public Task<ContentSafetyVerdict> CheckAsync(ContentSafetyInput content, CancellationToken cancellationToken) => Task.FromResult(ContentSafetyVerdict.Clean);

    public Task<ContentSafetyVerdict> OverrideAsync(ContentSafetyInput content, string userName, string reason, CancellationToken cancellationToken)
        => Task.FromResult(ContentSafetyVerdict.Clean);
}

/// <summary>
/// Text of a version's attachments (e.g. PDF text), for the gate: the seam the media capability fills. Each registered
/// source adds its texts, named "attachment:{file name}".
/// </summary>
public interface IAttachmentTextSource
{
    Task<IReadOnlyList<SafetyText>> TextsAsync(ContentSafetyInput content, CancellationToken cancellationToken);
}
