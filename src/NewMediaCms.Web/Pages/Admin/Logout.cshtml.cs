using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Web.Pages.Admin;

public sealed class LogoutModel(SignInManager<NmcUser> signIn) : PageModel
{
    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect(Request.PathBase + "/admin/login");
    }
}
