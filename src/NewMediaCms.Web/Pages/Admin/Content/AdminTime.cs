using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>Times on admin pages are shown and entered in the department's time zone; stored in UTC.</summary>
public static class AdminTime
{
    public static TimeZoneInfo Zone(TenantInfo? tenant)
        => TimeZoneInfo.TryFindSystemTimeZoneById(tenant?.TimeZoneId ?? "Asia/Shanghai", out var zone) ? zone : TimeZoneInfo.Utc;

    public static string Show(DateTime? utc, TenantInfo? tenant)
        => utc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), Zone(tenant)).ToString("yyyy-MM-dd HH:mm");

    /// <summary>Value for an input type=datetime-local.</summary>
    public static string Input(DateTime? utc, TenantInfo? tenant)
        => utc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc.Value, DateTimeKind.Utc), Zone(tenant)).ToString("yyyy-MM-ddTHH:mm");

    public static DateTime? ToUtc(DateTime? local, TenantInfo? tenant)
        => local is null ? null : TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local.Value, DateTimeKind.Unspecified), Zone(tenant));
}
