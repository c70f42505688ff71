using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Http;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Users;

namespace NewMediaCms.Web.Pages.Admin;

public sealed class LoginModel(UserSessions sessions, ITenantContext tenant, TenantRegistry registry) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码。";
            return Page();
        }
        // No request token: a sign-in that happened is audited even if the browser gives up waiting.
        var result = await sessions.SignInAsync(UserName, Password);
        if (!result.Succeeded)
        {
            Error = result.Outcome switch
            {
                SignInOutcome.Disabled => "该账户已被停用，请联系本部门管理员。",
                SignInOutcome.LockedOut => "登录失败次数过多，账户已被暂时锁定，请 15 分钟后再试。",
                _ => "用户名或密码不正确。",
            };
            return Page();
        }

        // Department users land in their own department's admin; matrix users stay where they signed in.
        if (!result.IsMatrixUser && result.TenantId is not null && result.TenantId != tenant.TenantId && registry.Find(result.TenantId) is { } own)
        {
            return Redirect(own.PathBase + "/admin");
        }
        // A path of this site only (the one local-URL check); anything else, a NUL included, lands on the admin home.
        return Redirect(LocalUrl.OrFallback(ReturnUrl, Request.PathBase + "/admin"));
    }
}
