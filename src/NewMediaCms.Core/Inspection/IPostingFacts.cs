namespace NewMediaCms.Core.Inspection;

/// <summary>The cut-off times of the posting aggregates (all UTC; a post exactly at a cut-off is outside its window).</summary>
public sealed record PostingWindows(DateTime FutureLimit, DateTime Since14, DateTime Since30, DateTime Since90, DateTime OriginalsSince);

/// <summary>The published posts of one account (or of a department site without account) and one content type.</summary>
/// <param name="Last">The latest publication time not beyond the future tolerance.</param>
/// <param name="Originals">Posts in the NM-D12 window whose fields do not carry the repost marker.</param>
/// <param name="Future">Posts dated beyond the future tolerance (WEB-V05).</param>
public sealed record PostingAggregate(string TenantId, string? AccountId, string ContentType, DateTime? Last, int Total, int P14, int P30, int P90, int Originals, int Future);

/// <summary>A published version at one instant (the evidence of an account's last post).</summary>
public sealed record PublishedAt(string? AccountId, string ContentItemId, string Title, DateTime? PublishedUtc, bool ItemDeleted);

/// <summary>A published item with its fields (the rules that read fields: guides, policies, interpretations, future-dated posts).</summary>
public sealed record PublishedItemFacts(string Id, string TenantId, string? AccountId, string ContentType, string Title, string FieldsJson, DateTime? PublishedUtc);

/// <summary>
/// What the inspection asks the content capability about posting, in set-based reads (no post is loaded one by one).
/// Implemented by Content, which owns the items and versions. Every call reads across departments and runs on the
/// caller's context and connection, so that bulk-read connection settings the caller holds apply.
/// </summary>
public interface IPostingFacts
{
    /// <summary>Published versions of items not deleted, grouped by (account, content type, department), with window counts.</summary>
    Task<List<PostingAggregate>> PostingAggregatesAsync(PostingWindows windows, string repostMarker, CancellationToken cancellationToken);

    /// <summary>The published versions at exactly these instants (deleted items included, flagged).</summary>
    Task<List<PublishedAt>> PublishedAtAsync(IReadOnlyCollection<DateTime> instantsUtc, CancellationToken cancellationToken);

    /// <summary>The published items of these types, with their fields, published no later than <paramref name="notAfterUtc"/>.</summary>
    Task<List<PublishedItemFacts>> FieldItemsAsync(IReadOnlyCollection<string> contentTypes, DateTime notAfterUtc, CancellationToken cancellationToken);

    /// <summary>Published posts dated after <paramref name="afterUtc"/>, earliest first, at most <paramref name="take"/> (fields not read).</summary>
    Task<List<PublishedItemFacts>> FutureDatedAsync(DateTime afterUtc, int take, CancellationToken cancellationToken);

    /// <summary>The publication time that splits the published versions in (fromUtc, toUtc] into halves of equal count; null for fewer than two.</summary>
    Task<DateTime?> MiddlePublicationAsync(DateTime fromUtc, DateTime toUtc, CancellationToken cancellationToken);
}
