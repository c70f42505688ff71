using NewMediaCms.Core.Events;

namespace NewMediaCms.Content;

/// <summary>A version became the published one (first publication or a replacement).</summary>
public sealed record ContentPublished(string TenantId, string ContentItemId, long VersionId, string ContentType) : IDomainEvent;

/// <summary>An item stopped being public (unpublished or expired).</summary>
public sealed record ContentUnpublished(string TenantId, string ContentItemId) : IDomainEvent;

/// <summary>An item was soft-deleted (or purged).</summary>
public sealed record ContentDeleted(string TenantId, string ContentItemId) : IDomainEvent;
