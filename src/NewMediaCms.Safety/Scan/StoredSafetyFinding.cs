using NewMediaCms.Core.Data;

namespace NewMediaCms.Safety.Scan;

/// <summary>A finding of the stored-content scan on a published version (the evidence of NM-V01/V02/V03/D05/D07).</summary>
public sealed class StoredSafetyFinding : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string? AccountId { get; set; }

    public string ContentItemId { get; set; } = "";

    public long VersionId { get; set; }

    public string ContentHash { get; set; } = "";

    public string Title { get; set; } = "";

    public string RuleCode { get; set; } = "";

    /// <summary>"严重", "一般" or "疑似".</summary>
    public string Tier { get; set; } = "";

    public string Detector { get; set; } = "";

    public string Field { get; set; } = "";

    public int Start { get; set; }

    public int Length { get; set; }

    public string Excerpt { get; set; } = "";

    public string? Suggestion { get; set; }

    /// <summary>A named reviewer overrode the serious findings of this content hash before publication.</summary>
    public bool Overridden { get; set; }

    public DateTime FoundUtc { get; set; }
}
