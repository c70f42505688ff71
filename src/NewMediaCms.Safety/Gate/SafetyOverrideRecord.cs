using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Safety.Gate;

/// <summary>A named reviewer let the serious findings of one content hash of a version pass, with a reason.</summary>
public sealed class SafetyOverrideRecord : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string ContentItemId { get; set; } = "";

    public long VersionId { get; set; }

    /// <summary>The content the override is for: an edit changes the hash, and the override no longer counts.</summary>
    public string ContentHash { get; set; } = "";

    public string UserName { get; set; } = "";

    public string Reason { get; set; } = "";

    /// <summary>The serious findings overridden, one a line (tier, rule, matched text), for the record.</summary>
    public string Findings { get; set; } = "";

    public DateTime CreatedUtc { get; set; }
}

/// <summary>Serious findings overridden by a named reviewer: audited (the audit chain holds who, why and which hash).</summary>
public sealed record SafetyOverridden(string TenantId, string ContentItemId, long VersionId, string ContentHash, string UserName, string Reason, string Findings) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("safety.overridden", "ContentVersion", $"{ContentItemId}#{VersionId}", null, $"hash={ContentHash}",
        $"内容安全严重问题放行：{Reason}（{Findings}）", TenantId: TenantId, Actor: UserName);
}
