using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Tenancy;

/// <summary>A department (部门) of the matrix. The portal tenant is the government's main office.</summary>
public sealed class Tenant
{
    public string Id { get; set; } = "";

    public string DisplayName { get; set; } = "";

    /// <summary>First URL path segment of the department's site, e.g. "gaj" for /gaj/. Null for the portal or host-only tenants.</summary>
    public string? Prefix { get; set; }

    /// <summary>Host names that resolve to this tenant, separated by ';'.</summary>
    public string Hosts { get; set; } = "";

    public string? ParentId { get; set; }

    public TenantState State { get; set; } = TenantState.Running;

    public string Theme { get; set; } = "department";

    public bool IsPortal { get; set; }

    public string TimeZoneId { get; set; } = NewMediaCms.Core.Tenancy.TenantClock.DefaultZoneId;

    public int SortOrder { get; set; }

    public string Description { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public IReadOnlyList<string> HostList => Hosts.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public TenantInfo ToInfo() => new(Id, DisplayName, string.IsNullOrEmpty(Prefix) ? null : Prefix, HostList, ParentId, State, Theme, IsPortal, TimeZoneId);
}
