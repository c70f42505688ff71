using System.Text.Json;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Settings;

namespace NewMediaCms.PublicSite;

/// <summary>The texts of a department's public site, as the department set them (unset: the matrix's apply).</summary>
public sealed record SiteTexts(string? Title, string? Footer);

/// <summary>
/// A department's site texts (site title, footer): its own settings over the matrix defaults. A save that changes
/// them is audited (<see cref="SiteSettingsChanged"/>) and evicts the department's cached pages after the commit.
/// </summary>
public sealed class SiteSettingsService(NmcDbContext db, SettingsStore settings, TimeProvider clock)
{
    public const string TitleKey = "site.title";
    public const string FooterKey = "site.footer";

    public async Task<SiteTexts> GetAsync(string tenantId, CancellationToken ct = default)
        => new(await settings.GetStringAsync(TitleKey, tenantId, ct), await settings.GetStringAsync(FooterKey, tenantId, ct));

    /// <summary>Saves the department's title and footer (trimmed); unchanged values write nothing and leave no entry.</summary>
    public async Task SaveAsync(string tenantId, string title, string? footer, CancellationToken ct = default)
    {
        var values = new Dictionary<string, string> { [TitleKey] = title.Trim(), [FooterKey] = (footer ?? "").Trim() };
        var changes = await settings.SetAsync(tenantId, values, clock.GetUtcNow().UtcDateTime, ct);
        if (changes.Count > 0)
        {
            string Show(Func<SettingChange, string?> json) => string.Join("; ", changes.Select(c => $"{c.Key}={Text(json(c)) ?? "（未设置）"}"));
            var names = string.Join("、", changes.Select(c => c.Key == TitleKey ? "网站名称" : "页脚"));
            db.Raise(new SiteSettingsChanged(tenantId, Show(c => c.BeforeJson), Show(c => c.AfterJson), $"修改网站设置：{names}"));
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>A stored value as people read it: the string itself, or the JSON when it is not a string.</summary>
    private static string? Text(string? json)
    {
        if (json is null)
        {
            return null;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            return doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString() : json;
        }
        catch (JsonException)
        {
            return json;
        }
    }
}
