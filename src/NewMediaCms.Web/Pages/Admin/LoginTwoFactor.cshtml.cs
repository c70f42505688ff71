using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Users;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>The second sign-in step: the authenticator code (or a recovery code) after a right password.</summary>
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(NewMediaCms.Web.Security.RateLimits.SignIn)]
public sealed class LoginTwoFactorModel(UserSessions sessions, ITenantContext tenant, TenantRegistry registry) : PageModel
{
    [BindProperty]
    public string Code { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        var result = await sessions.SignInSecondFactorAsync(Code ?? "", HttpContext.Connection.RemoteIpAddress?.ToString(), Request.Headers.UserAgent.ToString());
        switch (result.Outcome)
        {
            case SignInOutcome.SecondFactorExpired:
                return Redirect(Request.PathBase + "/admin/login");
            case SignInOutcome.Refused:
                Error = "动态口令或恢复码不正确，请输入验证器应用上当前显示的 6 位数字。";
                Code = "";
                return Page();
        }
        return LoginModel.SignedIn(this, result, tenant, registry, ReturnUrl);
    }
}
