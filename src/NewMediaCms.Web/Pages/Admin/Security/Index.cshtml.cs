using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Users.Policy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Security;

/// <summary>The security policy (passwords, sessions, second factor): the security administrator's (三权分立).</summary>
[Authorize(Policy = TenantPolicies.SecurityAdministration)]
public sealed class IndexModel(SecurityPolicyStore policies, CommonPasswords common) : PageModel
{
    public SecurityPolicy Policy { get; private set; } = new();

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Flash { get; private set; }

    public int CommonPasswordCount => common.Count;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Policy = await policies.GetAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(int passwordMinLength, int passwordClasses, int passwordMaxAgeDays, int sessionIdleMinutes,
        int sessionLifetimeHours, bool twoFactorRequiredForAdmins, CancellationToken ct)
    {
        var policy = new SecurityPolicy
        {
            PasswordMinLength = passwordMinLength,
            PasswordClasses = passwordClasses,
            PasswordMaxAgeDays = passwordMaxAgeDays,
            SessionIdleMinutes = sessionIdleMinutes,
            SessionLifetimeHours = sessionLifetimeHours,
            TwoFactorRequiredForAdmins = twoFactorRequiredForAdmins,
        };
        var problems = await policies.SaveAsync(policy, User.Identity!.Name!, ct);
        if (problems.Count > 0)
        {
            Policy = policy;
            Errors = problems;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Message"] = "已保存安全策略。";
        return RedirectToPage();
    }
}
