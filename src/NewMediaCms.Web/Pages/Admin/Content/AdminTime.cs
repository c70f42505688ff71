using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>Razor shorthand for the department's <see cref="TenantClock"/>: times on admin pages are shown and entered in its zone; stored in UTC.</summary>
public static class AdminTime
{
    public static TimeZoneInfo Zone(TenantInfo? tenant) => TenantClock.FindZone(tenant?.TimeZoneId);

    public static DateTime? ToUtc(DateTime? local, TenantInfo? tenant) => TenantClock.For(tenant, TimeProvider.System).ToUtc(local);

    public static string Show(DateTime? utc, TenantInfo? tenant) => TenantClock.For(tenant, TimeProvider.System).Show(utc);

    /// <summary>Value for an input type=datetime-local.</summary>
    public static string Input(DateTime? utc, TenantInfo? tenant) => TenantClock.For(tenant, TimeProvider.System).Input(utc);
}
