using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Settings;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The public site's texts of the department (site title, footer). Saved as the department's settings, which override
/// the matrix defaults; the save evicts the department's cached pages after the commit (CacheEvictionInterceptor).
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class SiteSettingsModel(NmcDbContext db, ITenantContext tenant, SettingsStore settings, TimeProvider clock) : PageModel
{
    public const string TitleKey = "site.title";
    public const string FooterKey = "site.footer";

    public string TenantName { get; private set; } = "";

    public bool CanManage { get; private set; }

    public string? Message { get; private set; }

    [BindProperty]
    [Display(Name = "网站名称")]
    [Required(ErrorMessage = "请填写网站名称。")]
    [StringLength(100, ErrorMessage = "网站名称不超过 100 字。")]
    public string SiteTitle { get; set; } = "";

    [BindProperty]
    [Display(Name = "页脚")]
    [StringLength(1000, ErrorMessage = "页脚不超过 1000 字。")]
    public string? Footer { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Load();
        var current = tenant.Current!;
        SiteTitle = await settings.GetStringAsync(TitleKey, current.Id, ct) ?? "";
        Footer = await settings.GetStringAsync(FooterKey, current.Id, ct);
        Message = Request.Query.ContainsKey("saved") ? "网站设置已保存，本部门页面缓存已清除。" : null;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Load();
        if (!CanManage)
        {
            return Forbid();
        }
        if (!ModelState.IsValid)
        {
            return Page();
        }
        var scope = tenant.Current!.Id;
        var now = clock.GetUtcNow().UtcDateTime;
        var existing = await db.Set<Setting>().Where(s => s.Scope == scope && (s.Key == TitleKey || s.Key == FooterKey)).ToDictionaryAsync(s => s.Key, ct);
        foreach (var (key, value) in new[] { (TitleKey, SiteTitle.Trim()), (FooterKey, (Footer ?? "").Trim()) })
        {
            var json = JsonSerializer.Serialize(value);
            if (!existing.TryGetValue(key, out var row))
            {
                db.Add(new Setting { Scope = scope, Key = key, ValueJson = json, UpdatedUtc = now });
            }
            else if (row.ValueJson != json)
            {
                row.ValueJson = json;
                row.UpdatedUtc = now;
            }
        }
        await db.SaveChangesAsync(ct);
        return RedirectToPage(new { saved = 1 });
    }

    private void Load()
    {
        var current = tenant.Current!;
        TenantName = current.DisplayName;
        CanManage = TenantPolicies.CanManage(User, current);
    }
}
