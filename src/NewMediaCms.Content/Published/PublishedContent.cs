namespace NewMediaCms.Content.Published;

/// <summary>What a reader sees of one published item (the body only where a caller asked for it).</summary>
public sealed record PublishedItem(
    string Id,
    string TenantId,
    string? AccountId,
    string ContentType,
    string Title,
    string Summary,
    DateTime PublishedUtc,
    string? Html,
    string FieldsJson);

/// <summary>A page of results with the total, for paging.</summary>
public sealed record ItemPage(IReadOnlyList<PublishedItem> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>One URL of a sitemap: an item, its department and its publication time.</summary>
public sealed record SitemapEntry(string Id, string TenantId, DateTime PublishedUtc);

/// <summary>A published item with its stored (rendered, sanitised) body, as the search index takes it.</summary>
public sealed record PublishedDocument(
    string ItemId,
    string TenantId,
    string ContentType,
    string? AccountId,
    string Title,
    string Summary,
    string Html,
    DateTime PublishedUtc);

/// <summary>A published version with its source text and content hash, as the content-safety scan reads it.</summary>
public sealed record PublishedSource(
    long VersionId,
    string ItemId,
    string TenantId,
    string? AccountId,
    string Title,
    string Markdown,
    string FieldsJson,
    string ContentHash,
    DateTime PublishedUtc);
