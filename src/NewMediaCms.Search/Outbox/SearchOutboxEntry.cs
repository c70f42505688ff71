using NewMediaCms.Core.Data;

namespace NewMediaCms.Search.Outbox;

/// <summary>
/// "This item changed, tell the search engine": written by the content event handlers in the same transaction as the
/// change, drained in id order by <see cref="SearchOutboxJob"/>. A failed row keeps its error and waits for its next attempt;
/// processed rows are kept for a week (a rebuild replays the ones processed while it ran).
/// </summary>
public sealed class SearchOutboxEntry : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string ContentItemId { get; set; } = "";

    /// <summary>What happened (published, unpublished, deleted): for the admin; the job always re-reads the truth.</summary>
    public string Reason { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    /// <summary>True when the last failure was the engine as a whole (unreachable, refused): the queue waits behind it.</summary>
    public bool EngineFailure { get; set; }

    public DateTime? LastAttemptUtc { get; set; }

    public DateTime? NextAttemptUtc { get; set; }

    public DateTime? ProcessedUtc { get; set; }
}
