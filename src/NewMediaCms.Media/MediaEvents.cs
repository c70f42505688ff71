using NewMediaCms.Core.Events;

namespace NewMediaCms.Media;

public sealed record MediaUploaded(string TenantId, string MediaId, string FileName, string Type, long Length) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("media.uploaded", "media", MediaId, After: $"{FileName}（{Type}，{Length} 字节）", TenantId: TenantId);
}

public sealed record MediaReplaced(string TenantId, string MediaId, string OldName, string NewName, int Version) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("media.replaced", "media", MediaId, Before: OldName, After: $"{NewName}（第 {Version} 版）", TenantId: TenantId);
}

public sealed record MediaDeleted(string TenantId, string MediaId, string FileName) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("media.deleted", "media", MediaId, Before: FileName, TenantId: TenantId);
}
