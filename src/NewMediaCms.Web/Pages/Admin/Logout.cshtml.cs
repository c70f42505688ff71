using NewMediaCms.Core.Events;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Web.Pages.Admin;

public sealed class LogoutModel(SignInManager<NmcUser> signIn, NewMediaCms.Audit.IAuditTrail audit, NewMediaCms.Core.Data.NmcDbContext db) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (User.Identity?.Name is { } name)
        {
            await audit.AppendAsync(new NewMediaCms.Core.Events.AuditRecord("user.signed-out", "User", name));
            await db.SaveChangesAsync();
        }
        await signIn.SignOutAsync();
        return Redirect(Request.PathBase + "/admin/login");
    }
}
