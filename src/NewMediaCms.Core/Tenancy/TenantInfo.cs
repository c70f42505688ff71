namespace NewMediaCms.Core.Tenancy;

public enum TenantState
{
    Running,
    Disabled,
}

/// <summary>An immutable snapshot of one department (tenant) as resolved for a request or a job.</summary>
public sealed record TenantInfo(
    string Id,
    string DisplayName,
    string? Prefix,
    IReadOnlyList<string> Hosts,
    string? ParentId,
    TenantState State,
    string Theme,
    bool IsPortal,
    string TimeZoneId)
{
    /// <summary>The path under which the tenant's public site and admin live: "" for the portal, "/gaj" for a department.</summary>
    public string PathBase => string.IsNullOrEmpty(Prefix) ? "" : "/" + Prefix;
}
