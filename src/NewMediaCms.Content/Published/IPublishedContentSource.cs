namespace NewMediaCms.Content.Published;

/// <summary>
/// Content's port for everything that shows published content: the public site (its in-memory read model and its
/// lists, feeds and sitemaps) and the search index. The one place that says which versions readers see: the
/// published version of an item that is not deleted, and for pages also whose publication time has come.
/// Records only, no entities; nothing is tracked.
/// </summary>
public interface IPublishedContentSource
{
    /// <summary>
    /// Every published item of one department, without bodies, including those whose publication time is still ahead
    /// (the read model holds them and shows each when its time comes). One query.
    /// </summary>
    Task<List<PublishedItem>> DepartmentAsync(string tenantId, CancellationToken ct = default);

    /// <summary>The stored body of an item's published version, or null when it is no longer published.</summary>
    Task<string?> BodyAsync(string tenantId, string itemId, CancellationToken ct = default);

    /// <summary>One published item of the current department (with its body), or null.</summary>
    Task<PublishedItem?> FindAsync(string id, CancellationToken ct = default);

    /// <summary>Latest items across the given running departments (the portal: an explicit cross-tenant read).</summary>
    Task<List<PublishedItem>> LatestAcrossMatrixAsync(IReadOnlyCollection<string> runningTenantIds, int take, CancellationToken ct = default);

    /// <summary>
    /// A page of published items, newest first: of the current department, or across the given running departments
    /// (the portal). Optional filters: one account, one content type. Page numbers beyond the last give the last page.
    /// </summary>
    Task<ItemPage> PageAsync(int page, int pageSize, IReadOnlyCollection<string>? acrossTenantIds = null, string? accountId = null, string? contentType = null, CancellationToken ct = default);

    /// <summary>Ids, departments and times of published items across the given departments, for sitemaps (take 0: the total only).</summary>
    Task<(int Total, List<SitemapEntry> Rows)> SitemapAsync(IReadOnlyCollection<string> tenantIds, int skip, int take, CancellationToken ct = default);

    /// <summary>Last publication time per account, across the matrix (for liveness badges).</summary>
    Task<Dictionary<string, DateTime>> LastPublishedByAccountAsync(CancellationToken ct = default);

    /// <summary>The published items of these ids in any department, with bodies (search: the outbox's batch).</summary>
    Task<Dictionary<string, PublishedDocument>> DocumentsAsync(IReadOnlyCollection<string> itemIds, CancellationToken ct = default);

    /// <summary>The next published items in id order after <paramref name="afterItemId"/>, with bodies (search: a rebuild).</summary>
    Task<List<PublishedDocument>> DocumentsAfterAsync(string? afterItemId, int take, CancellationToken ct = default);

    /// <summary>How many published items the search index should hold.</summary>
    Task<int> DocumentCountAsync(CancellationToken ct = default);

    /// <summary>Published versions of any department after <paramref name="afterVersionId"/>, in id order, with their source (the content-safety scan).</summary>
    Task<List<PublishedSource>> SourcesAfterAsync(long afterVersionId, int take, CancellationToken ct = default);
}
