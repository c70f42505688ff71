using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Users;
using NewMediaCms.Web.Security;
using NewMediaCms.Users.Sessions;

namespace NewMediaCms.Web.Pages.Admin.Account;

/// <summary>Enrolment of the authenticator app (QR code of the otpauth URI, key text), recovery codes, turning it off.</summary>
[Authorize(Policy = TenantPolicies.OwnAccount)]
public sealed class TwoFactorModel(AccountSecurity account) : PageModel
{
    public AuthenticatorSetup? Setup { get; private set; }

    public bool Enabled { get; private set; }

    public bool Required { get; private set; }

    public int RecoveryCodesLeft { get; private set; }

    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Flash { get; private set; }

    public bool Forced => SessionValidation.CurrentRestriction(HttpContext) == SessionRestriction.MustEnrolTwoFactor;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        return await LoadAsync(ct) ? Page() : Challenge();
    }

    public async Task<IActionResult> OnPostEnableAsync(string? code, CancellationToken ct)
    {
        var (result, codes) = await account.EnableTwoFactorAsync(code, ct);
        if (!result.Ok)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        Flash = result.Message;
        RecoveryCodes = codes;
        Enabled = true;
        return Page();
    }

    public async Task<IActionResult> OnPostRenewCodesAsync(CancellationToken ct)
    {
        RecoveryCodes = await account.RenewRecoveryCodesAsync(ct);
        Flash = RecoveryCodes.Count > 0 ? "已生成新的恢复码，旧恢复码已作废。" : null;
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostDisableAsync(string? code, CancellationToken ct)
    {
        var result = await account.DisableTwoFactorAsync(code, ct);
        if (!result.Ok)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = result.Message;
        return RedirectToPage();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var state = await account.StateAsync(ct);
        if (state is null)
        {
            return false;
        }
        Enabled = state.TwoFactorEnabled;
        Required = state.TwoFactorRequired;
        RecoveryCodesLeft = state.RecoveryCodesLeft;
        if (!Enabled)
        {
            Setup = await account.AuthenticatorSetupAsync();
        }
        return true;
    }
}
