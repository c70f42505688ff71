using System.Security.Claims;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Monitor;

/// <summary>Which incidents a page shows: a matrix role at the portal's admin sees the whole matrix; otherwise the department of the URL.</summary>
public static class MonitorScope
{
    public static string? TenantFilter(ClaimsPrincipal user, ITenantContext tenant)
        => tenant.Current is { IsPortal: true } && TenantPolicies.HasMatrixRole(user) ? null : tenant.Current?.Id ?? "";

    public static string Local(DateTime? utc) => utc is null ? "" : TenantClock.For((string?)null, TimeProvider.System).Show(utc);

    public static string RestoreName(string? state) => state switch
    {
        "restored" => "已自动恢复",
        "still-different" => "恢复后仍不一致",
        _ => "",
    };
}
