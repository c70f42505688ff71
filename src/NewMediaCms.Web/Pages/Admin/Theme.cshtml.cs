using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>The department's theme: choose it, see whether it has its own template overrides, and read template errors.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ThemeModel(NmcDbContext db, ITenantContext tenant, ThemeRenderer themes) : PageModel
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
        if (Theme is null || themes.Manifest(Theme) is null || !themes.Themes().Any(t => t.Name == Theme))
        {
            ModelState.AddModelError(nameof(Theme), "请选择一个已安装的主题。");
            return Page();
        }
        var row = await db.Set<Tenant>().SingleAsync(t => t.Id == current.Id, ct);
        row.Theme = Theme;
        // The save reloads the department registry and evicts the department's cached pages after the commit
        // (CacheEvictionInterceptor); the portal's pages do not show department themes.
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { saved = 1 });
    }

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
