using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Http;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Users;
using NewMediaCms.Users.SignIn;

namespace NewMediaCms.Web.Pages.Admin;

[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(NewMediaCms.Web.Security.RateLimits.SignIn)]
public sealed class LoginModel(UserSessions sessions, ITenantContext tenant, TenantRegistry registry) : PageModel
{
    /// <summary>One answer for an unknown name, a wrong password and a locked-out account: it tells nothing about which names exist.</summary>
    public const string RefusedMessage = "用户名或密码不正确，或因连续失败次数过多暂时不能登录（15 分钟后再试）。";

    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string? ChallengeId { get; set; }

    [BindProperty]
    public string? ChallengeAnswer { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public ChallengeQuestion? ArithmeticChallenge { get; private set; }

    private string? Client => HttpContext.Connection.RemoteIpAddress?.ToString();

    public async Task OnGetAsync(CancellationToken ct)
    {
        if (await sessions.ChallengeDueAsync(Client, ct))
        {
            ArithmeticChallenge = await sessions.IssueChallengeAsync(ct);
        }
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码。";
            return await PageAsync(challenge: ChallengeId is not null);
        }
        // No request token: a sign-in that happened is audited even if the browser gives up waiting.
        var result = await sessions.SignInAsync(new SignInAttempt(UserName, Password, Client, Request.Headers.UserAgent.ToString(), ChallengeId, ChallengeAnswer));
        switch (result.Outcome)
        {
            case SignInOutcome.ChallengeRequired:
                Error = ChallengeId is null ? "登录失败次数较多，请完成下面的算术验证后再登录。" : "算术验证的答案不正确，请重新计算后再登录。";
                return await PageAsync(challenge: true);
            case SignInOutcome.Disabled:
                Error = "该账户已被停用，请联系本部门管理员。";
                return await PageAsync(challenge: false);
            case SignInOutcome.Refused:
                Error = RefusedMessage;
                return await PageAsync(challenge: await sessions.ChallengeDueAsync(Client));
            case SignInOutcome.SecondFactorRequired:
                return RedirectToPage("/Admin/LoginTwoFactor", new { ReturnUrl });
        }
        return SignedIn(this, result, tenant, registry, ReturnUrl);
    }

    private async Task<PageResult> PageAsync(bool challenge)
    {
        ModelState.Remove(nameof(ChallengeAnswer));
        ChallengeAnswer = null;
        if (challenge)
        {
            ArithmeticChallenge = await sessions.IssueChallengeAsync();
        }
        return Page();
    }

    /// <summary>Where a signed-in user goes: a restricted session to its account page, department users to their own department's admin.</summary>
    internal static IActionResult SignedIn(PageModel page, UserSignInResult result, ITenantContext tenant, TenantRegistry registry, string? returnUrl)
    {
        var pathBase = page.Request.PathBase.ToString();
        if (!result.IsMatrixUser && result.TenantId is not null && result.TenantId != tenant.TenantId && registry.Find(result.TenantId) is { } own)
        {
            pathBase = own.PathBase;
            returnUrl = null;
        }
        if (result.Restriction == NewMediaCms.Users.Sessions.SessionRestriction.MustChangePassword)
        {
            return new RedirectResult(pathBase + "/admin/account/password");
        }
        if (result.Restriction == NewMediaCms.Users.Sessions.SessionRestriction.MustEnrolTwoFactor)
        {
            return new RedirectResult(pathBase + "/admin/account/two-factor");
        }
        // A path of this site only (the one local-URL check); anything else, a NUL included, lands on the admin home.
        return new RedirectResult(LocalUrl.OrFallback(returnUrl, pathBase + "/admin"));
    }
}
