using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Users;

namespace NewMediaCms.Web.Pages.Admin;

public sealed class LogoutModel(UserSessions sessions) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await sessions.SignOutAsync(User.Identity?.Name);
        return Redirect(Request.PathBase + "/admin/login");
    }
}
