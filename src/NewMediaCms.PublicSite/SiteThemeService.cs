using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;

namespace NewMediaCms.PublicSite;

/// <summary>
/// A department's theme: only an installed theme may be chosen; a change is audited (<see cref="SiteThemeChanged"/>)
/// and, after the commit, reloads the registry and evicts the department's cached pages (the portal's pages do not
/// show department themes).
/// </summary>
public sealed class SiteThemeService(NmcDbContext db, DepartmentThemes departments, ThemeRenderer themes)
{
    public bool IsInstalled(string? theme)
        => theme is not null && themes.Manifest(theme) is not null && themes.Themes().Any(t => t.Name == theme);

    /// <summary>False when the theme is not installed (nothing changes).</summary>
    public async Task<bool> ChooseAsync(string tenantId, string theme, CancellationToken ct = default)
    {
        if (!IsInstalled(theme))
        {
            return false;
        }
        var before = await departments.SetAsync(tenantId, theme, ct);
        if (before is null)
        {
            return false;
        }
        if (before != theme)
        {
            db.Raise(new SiteThemeChanged(tenantId, before, theme));
        }
        await db.SaveChangesAsync(ct);
        return true;
    }
}
