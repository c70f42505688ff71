using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.PublicSite;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The public site's texts of the department (site title, footer). Saved as the department's settings, which override
/// the matrix defaults (<see cref="SiteSettingsService"/>: audited, evicts the department's cached pages after the commit).
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class SiteSettingsModel(ITenantContext tenant, SiteSettingsService siteSettings) : PageModel
{
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
        var texts = await siteSettings.GetAsync(current.Id, ct);
        SiteTitle = texts.Title ?? "";
        Footer = texts.Footer;
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
        await siteSettings.SaveAsync(tenant.Current!.Id, SiteTitle, Footer, ct);
        return RedirectToPage(new { saved = 1 });
    }

    private void Load()
    {
        var current = tenant.Current!;
        TenantName = current.DisplayName;
        CanManage = TenantPolicies.CanManage(User, current);
    }
}
