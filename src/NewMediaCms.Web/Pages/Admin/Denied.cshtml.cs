using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>403 for a page the signed-in user may not open. The audit administrator's home is the audit log: coming from the admin home, they go there.</summary>
public sealed class DeniedModel : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public IActionResult OnGet()
    {
        if (User.IsInRole(Roles.AuditAdmin) && ReturnUrl is { } from && (from.EndsWith("/admin", StringComparison.Ordinal) || from.EndsWith("/admin/", StringComparison.Ordinal)))
        {
            return LocalRedirect("/admin/audit");
        }
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return Page();
    }
}
