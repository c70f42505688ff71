using System.Text.Json;
using Microsoft.Extensions.Configuration;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Settings;

namespace NewMediaCms.Monitoring;

/// <summary>
/// The page monitor's settings (matrix-wide, stored as the setting "monitor"; the configuration section "Monitor" gives the
/// defaults until an administrator saves them).
/// </summary>
public sealed record MonitorSettings
{
    /// <summary>Where readers reach the sites (through any proxy or CDN), e.g. "https://www.example.gov.cn". Empty: not configured.</summary>
    public string BaseUrl { get; init; } = "";

    /// <summary>Where the CMS itself answers (for the seal), past every proxy; empty: the address this server listens on.</summary>
    public string OriginUrl { get; init; } = "";

    public bool Enabled { get; init; } = true;

    /// <summary>Restore the sealed version (evict caches, re-render) when a served page differs, then check again.</summary>
    public bool Restore { get; init; } = true;

    /// <summary>
    /// A restore also asks the proxy or CDN in front to drop its copy (an HTTP PURGE of the page's public URL, as Varnish,
    /// Squid, nginx's cache purge and most CDNs' origin-pull setups accept); a server that does not know PURGE ignores it.
    /// </summary>
    public bool PurgePublicCache { get; init; } = true;

    /// <summary>Each page is checked again this many minutes after its last check.</summary>
    public int IntervalMinutes { get; init; } = 5;

    /// <summary>Availability probes per site: one every this many minutes (WEB-V01 needs ≥ 20 a day: at most 72).</summary>
    public int ProbeIntervalMinutes { get; init; } = 30;

    /// <summary>A page not loaded within this many seconds is a failed probe and a "could not check" (the national 15 s).</summary>
    public int TimeoutSeconds { get; init; } = 15;

    /// <summary>Links and menus of every page are checked every this many hours (NM-D11).</summary>
    public int LinkCheckHours { get; init; } = 6;

    /// <summary>Pages fetched at the same time.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>A served copy equal to the previous seal is accepted this many minutes after a legitimate change (CDN caches).</summary>
    public int StaleGraceMinutes { get; init; } = 10;

    public const string Key = "monitor";

    public IReadOnlyList<string> Validate()
    {
        var problems = new List<string>();
        if (BaseUrl.Length > 0 && (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var b) || b.Scheme is not ("http" or "https")))
        {
            problems.Add("公开访问地址须是以 http:// 或 https:// 开头的完整网址，如 https://www.example.gov.cn");
        }
        if (OriginUrl.Length > 0 && (!Uri.TryCreate(OriginUrl, UriKind.Absolute, out var o) || o.Scheme is not ("http" or "https")))
        {
            problems.Add("源站地址须是以 http:// 或 https:// 开头的完整网址，或留空");
        }
        if (IntervalMinutes is < 1 or > 1440)
        {
            problems.Add("页面检查间隔须在 1–1440 分钟之间");
        }
        if (ProbeIntervalMinutes is < 1 or > 72)
        {
            problems.Add("可用性探测间隔须在 1–72 分钟之间（每天至少 20 次）");
        }
        if (TimeoutSeconds is < 1 or > 120)
        {
            problems.Add("超时须在 1–120 秒之间");
        }
        if (LinkCheckHours is < 1 or > 168)
        {
            problems.Add("链接检查间隔须在 1–168 小时之间");
        }
        if (Parallelism is < 1 or > 64)
        {
            problems.Add("并发数须在 1–64 之间");
        }
        return problems;
    }
}

/// <summary>Reads and saves <see cref="MonitorSettings"/>; a save is audited by its event.</summary>
public sealed class MonitorSettingsStore(SettingsStore settings, NmcDbContext db, IConfiguration configuration, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<MonitorSettings> GetAsync(CancellationToken ct = default)
    {
        var json = await settings.GetJsonAsync(SettingsStore.MatrixScope, MonitorSettings.Key, ct);
        if (json is not null)
        {
            try
            {
                return JsonSerializer.Deserialize<MonitorSettings>(json, Json) ?? Defaults();
            }
            catch (JsonException)
            {
                return Defaults();
            }
        }
        return Defaults();
    }

    public MonitorSettings Defaults() => configuration.GetSection("Monitor").Get<MonitorSettings>() ?? new MonitorSettings();

    /// <summary>Saves valid settings (problems are returned, nothing saved, otherwise).</summary>
    public async Task<IReadOnlyList<string>> SaveAsync(MonitorSettings value, string actor, CancellationToken ct = default)
    {
        var problems = value.Validate();
        if (problems.Count > 0)
        {
            return problems;
        }
        var json = JsonSerializer.Serialize(value, Json);
        var before = await settings.SetJsonAsync(SettingsStore.MatrixScope, MonitorSettings.Key, json, clock.GetUtcNow().UtcDateTime, ct);
        if (before != json)
        {
            db.Raise(new Audited(new AuditRecord("monitor.settings-changed", "MonitorSettings", MonitorSettings.Key, before, json, "页面监测设置已修改", null, actor)));
        }
        await db.SaveChangesAsync(ct);
        return [];
    }
}
