using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Users;
using NewMediaCms.Web.Security;
using NewMediaCms.Users.Policy;
using NewMediaCms.Users.Sessions;

namespace NewMediaCms.Web.Pages.Admin.Account;

/// <summary>The user changes their own password; a session that must change it first lands here after sign-in.</summary>
[Authorize(Policy = TenantPolicies.OwnAccount)]
public sealed class PasswordModel(AccountSecurity account, SecurityPolicyStore policies) : PageModel
{
    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public bool Forced => SessionValidation.CurrentRestriction(HttpContext) == SessionRestriction.MustChangePassword;

    public string ForcedReason => "您的密码由管理员设置或已超过有效期，请先设置一个只有您自己知道的新密码。";

    public string Rules { get; private set; } = "";

    public string? Flash { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Rules = RulesText(await policies.GetAsync(ct));
    }

    public async Task<IActionResult> OnPostAsync(string? currentPassword, string? newPassword, string? confirmPassword, CancellationToken ct)
    {
        var result = await account.ChangePasswordAsync(currentPassword, newPassword, confirmPassword, ct);
        if (!result.Ok)
        {
            Errors = result.Errors;
            Rules = RulesText(await policies.GetAsync(ct));
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Message"] = result.Message;
        var next = (await account.StateAsync(ct))?.Restriction;
        return Redirect(Request.PathBase + (next == SessionRestriction.MustEnrolTwoFactor ? "/admin/account/two-factor" : "/admin/account"));
    }

    public static string RulesText(SecurityPolicy p)
        => $"至少 {p.PasswordMinLength} 个字符，混合大写字母、小写字母、数字、符号中的至少 {p.PasswordClasses} 类；不能包含用户名，不能是常用密码（如 Password1!、a123456、woaini1314）。";
}
