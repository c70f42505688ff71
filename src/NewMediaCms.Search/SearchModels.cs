namespace NewMediaCms.Search;

/// <summary>
/// What the engines hold for one content item. <see cref="Version"/> only grows: an engine keeps a document
/// unless the incoming version is at least the stored one, so a late or replayed write never overwrites newer content.
/// A document that is no longer public is written as a tombstone (<see cref="Visible"/> false) rather than deleted,
/// so that its version survives and an older "publish" cannot resurrect it.
/// </summary>
public sealed record SearchDocument(
    string TenantId,
    string ContentItemId,
    long Version,
    bool Visible,
    string ContentType = "",
    string? AccountId = null,
    string Title = "",
    string Summary = "",
    string Body = "",
    DateTime PublishedUtc = default,
    bool Portal = true)
{
    /// <summary>The engine's document id: tenant and item (item ids are unique, the tenant keeps ids readable and partitionable).</summary>
    public string Id => DocumentId(TenantId, ContentItemId);

    public static string DocumentId(string tenantId, string contentItemId) => tenantId + "/" + contentItemId;

    public static SearchDocument Tombstone(string tenantId, string contentItemId, long version) => new(tenantId, contentItemId, version, Visible: false);
}

public enum SearchSort
{
    Relevance,
    Newest,
    Oldest,
}

/// <summary>Where a query looks: the public portal (public content of running departments), one department, or everything (admin).</summary>
public enum SearchScope
{
    Portal,
    Department,
    Admin,
}

public sealed record SearchQuery
{
    public string Text { get; init; } = "";

    public SearchScope Scope { get; init; } = SearchScope.Portal;

    /// <summary>Department filter (required for <see cref="SearchScope.Department"/>).</summary>
    public string? TenantId { get; init; }

    /// <summary>Departments whose content nobody may find (disabled ones): a short list, usually empty.</summary>
    public IReadOnlyCollection<string> ExcludedTenants { get; init; } = [];

    public string? AccountId { get; init; }

    public string? ContentType { get; init; }

    public DateTime? FromUtc { get; init; }

    /// <summary>Exclusive upper bound.</summary>
    public DateTime? ToUtc { get; init; }

    public SearchSort Sort { get; init; } = SearchSort.Relevance;

    public int Page { get; init; } = 1;

    public int PageSize { get; init; } = 10;
}

public sealed record SearchHit(
    string TenantId,
    string ContentItemId,
    string ContentType,
    string? AccountId,
    string Title,
    string TitleHighlight,
    string Snippet,
    DateTime PublishedUtc,
    float Score);

public sealed record SearchResults(IReadOnlyList<SearchHit> Hits, long Total, int Page, int PageSize)
{
    public static SearchResults Empty(int page, int pageSize) => new([], 0, page, pageSize);

    public int PageCount => (int)Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>A per-document failure inside an otherwise successful batch (a 200 bulk answer can hide these).</summary>
public sealed record SearchWriteFailure(string DocumentId, string Error);

public sealed record SearchWriteResult(IReadOnlyList<SearchWriteFailure> Failures)
{
    public static readonly SearchWriteResult Ok = new([]);

    public bool Succeeded => Failures.Count == 0;
}

/// <summary>The engine could not be reached or refused the whole request: nothing of the batch can be assumed written.</summary>
public sealed class SearchEngineUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

public sealed record RebuildProgress(long Done, long Total);

/// <summary>
/// One search engine (Lucene embedded, or Elasticsearch). Writes are idempotent and versioned; a rebuild writes a
/// new physical index from <paramref name="documents"/> and swaps it in atomically while searches keep answering.
/// </summary>
public interface ISearchIndex
{
    string Name { get; }

    /// <summary>Writes documents (tombstones included), keeping any stored document whose version is newer.</summary>
    Task<SearchWriteResult> WriteAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken);

    Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken);

    Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, long total, IReadOnlyCollection<string> tenantIds,
        IProgress<RebuildProgress>? progress, CancellationToken cancellationToken);
}
