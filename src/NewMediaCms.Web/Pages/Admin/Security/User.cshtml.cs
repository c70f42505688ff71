using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Users;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Security;

/// <summary>One user for the security administrator: all roles (three duties kept apart), disable/enable, password and second-factor reset, sessions.</summary>
[Authorize(Policy = TenantPolicies.SecurityAdministration)]
public sealed class UserModel(UserAdministration administration) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string UserName { get; set; } = "";

    public AdministeredUser? Target { get; private set; }

    public List<string> SelectedRoles { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Flash { get; private set; }

    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRolesAsync(List<string>? roles, CancellationToken ct)
    {
        var result = await administration.SetRolesAsync(User.ToEditorialActor(), UserName, roles ?? [], ct);
        var answer = await AnswerAsync(result, ct);
        if (!result.Ok && Target is not null)
        {
            SelectedRoles = roles ?? [];
        }
        return answer;
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct) => await AnswerAsync(await administration.SetDisabledAsync(User.ToEditorialActor(), UserName, true, ct), ct);

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct) => await AnswerAsync(await administration.SetDisabledAsync(User.ToEditorialActor(), UserName, false, ct), ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(CancellationToken ct) => await AnswerAsync(await administration.ResetPasswordAsync(User.ToEditorialActor(), UserName, ct), ct);

    public async Task<IActionResult> OnPostResetTwoFactorAsync(CancellationToken ct) => await AnswerAsync(await administration.ResetTwoFactorAsync(User.ToEditorialActor(), UserName, ct), ct);

    public async Task<IActionResult> OnPostEndSessionsAsync(CancellationToken ct) => await AnswerAsync(await administration.EndSessionsAsync(User.ToEditorialActor(), UserName, ct), ct);

    private async Task<IActionResult> AnswerAsync(UserAdminResult result, CancellationToken ct)
    {
        if (result.NotFound || !await LoadAsync(ct))
        {
            return NotFound();
        }
        if (result.Forbidden)
        {
            return Forbid();
        }
        if (!result.Ok)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (result.Password is not null)
        {
            // A generated password is shown once, on this answer (never stored in TempData).
            Flash = result.Message;
            NewPassword = result.Password;
            return Page();
        }
        TempData["Message"] = result.Message;
        return RedirectToPage(new { UserName });
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        Target = await administration.FindAsync(UserName, ct);
        SelectedRoles = Target?.Roles.ToList() ?? [];
        return Target is not null;
    }
}
