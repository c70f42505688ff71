namespace NewMediaCms.Core.Tenancy;

/// <summary>
/// Local time of a department: the one place that turns a tenant's zone id into a <see cref="TimeZoneInfo"/>
/// and converts between UTC (what the store holds) and the department's wall clock (what people see and type).
/// </summary>
public sealed class TenantClock(TimeZoneInfo zone, TimeProvider time)
{
    /// <summary>The zone of a department that names none (the national default).</summary>
    public const string DefaultZoneId = "Asia/Shanghai";

    public TimeZoneInfo Zone { get; } = zone;

    public static TimeZoneInfo FindZone(string? zoneId)
        => TimeZoneInfo.TryFindSystemTimeZoneById(string.IsNullOrWhiteSpace(zoneId) ? DefaultZoneId : zoneId, out var found)
            ? found
            : TimeZoneInfo.FindSystemTimeZoneById(DefaultZoneId);

    public static TenantClock For(TenantInfo? tenant, TimeProvider time) => new(FindZone(tenant?.TimeZoneId), time);

    public static TenantClock For(string? zoneId, TimeProvider time) => new(FindZone(zoneId), time);

    public DateTime UtcNow => time.GetUtcNow().UtcDateTime;

    public DateTime LocalNow => ToLocal(UtcNow);

    public DateOnly Today => DateOnly.FromDateTime(LocalNow);

    public DateTime ToLocal(DateTime utc)
        => TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public DateTime? ToLocal(DateTime? utc) => utc is null ? null : ToLocal(utc.Value);

    public DateTime ToUtc(DateTime local)
        => DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone), DateTimeKind.Utc);

    public DateTime? ToUtc(DateTime? local) => local is null ? null : ToUtc(local.Value);

    /// <summary>UTC instant at which a local calendar day starts.</summary>
    public DateTime StartOfDayUtc(DateOnly day) => ToUtc(day.ToDateTime(TimeOnly.MinValue));

    /// <summary>"yyyy-MM-dd HH:mm" on the department's wall clock; empty for no time.</summary>
    public string Show(DateTime? utc) => utc is null ? "" : ToLocal(utc.Value).ToString("yyyy-MM-dd HH:mm");

    /// <summary>Value for an input type=datetime-local.</summary>
    public string Input(DateTime? utc) => utc is null ? "" : ToLocal(utc.Value).ToString("yyyy-MM-ddTHH:mm");
}

public static class TenantClockExtensions
{
    /// <summary>The clock of the current department (the national default zone outside one).</summary>
    public static TenantClock Clock(this ITenantContext tenant, TimeProvider time) => TenantClock.For(tenant.Current, time);
}
