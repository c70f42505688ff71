using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.PublicSite;
using NewMediaCms.Themes;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The department's theme: choose it (<see cref="SiteThemeService"/>: audited, evicts the department's cached pages after
/// the commit), see whether it has its own template overrides, and read template errors.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ThemeModel(ITenantContext tenant, ThemeRenderer themes, SiteThemeService siteTheme, TimeProvider time) : PageModel
{
    public string TenantName { get; private set; } = "";

    public string CurrentTheme { get; private set; } = "";

    public IReadOnlyList<ThemeManifest> Themes { get; private set; } = [];

    public IReadOnlyList<string> Chain { get; private set; } = [];

    public string OverrideFolder { get; private set; } = "";

    public IReadOnlyList<TemplateError> Errors { get; private set; } = [];

    public bool CanManage { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    public string? Theme { get; set; }

    public async Task OnGetAsync()
    {
        await LoadAsync();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        await LoadAsync();
        if (!CanManage)
        {
            return Forbid();
        }
        var current = tenant.Current!;
        if (Theme is null || !await siteTheme.ChooseAsync(current.Id, Theme, ct))
        {
            ModelState.AddModelError(nameof(Theme), "请选择一个已安装的主题。");
            return Page();
        }
        return RedirectToPage(new { saved = 1 });
    }

    /// <summary>A time on the department's wall clock, as the error list shows it.</summary>
    public string Local(DateTime utc) => tenant.Clock(time).ToLocal(utc).ToString("yyyy-MM-dd HH:mm:ss");

    private Task LoadAsync()
    {
        var current = tenant.Current!;
        TenantName = current.DisplayName;
        CurrentTheme = current.Theme;
        Themes = themes.Themes();
        Chain = themes.Chain(current.Theme, current.Id);
        OverrideFolder = "themes/" + ThemeRenderer.OverrideFolder(current.Id) + "/templates/";
        var own = ThemeRenderer.OverrideFolder(current.Id);
        Errors = themes.RecentErrors.Where(e => e.TenantId == current.Id || e.Theme == own).Reverse().ToList();
        CanManage = TenantPolicies.CanManage(User, current);
        Message = Request.Query.ContainsKey("saved") ? "主题已保存，本部门页面缓存已清除。" : null;
        return Task.CompletedTask;
    }
}
