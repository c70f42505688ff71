using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using NewMediaCms.Editorial;
using NewMediaCms.Users;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Users;

/// <summary>One department user: roles and review levels, disable/enable, password reset (a generated password is shown once).</summary>
[Authorize(Policy = TenantPolicies.ManageUsers)]
public sealed class EditModel(DepartmentUsers users, ReviewChainService chains) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string Id { get; set; } = "";

    public DepartmentUser Target { get; private set; } = null!;

    public IReadOnlyList<ReviewLevel> Levels { get; private set; } = [];

    /// <summary>The roles and levels shown in the form (the posted ones after a refused save).</summary>
    public List<string> SelectedRoles { get; private set; } = [];

    public List<int> SelectedLevels { get; private set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Flash { get; private set; }

    public string? Problem { get; private set; }

    public string? NewPassword { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        return await LoadAsync(ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostRolesAsync(List<string>? roles, List<int>? levels, CancellationToken ct)
    {
        var result = await users.SetRolesAsync(User.ToEditorialActor(), Id, roles ?? [], levels ?? [], ct);
        if (!result.Ok && await LoadAsync(ct))
        {
            SelectedRoles = roles ?? [];
            SelectedLevels = levels ?? [];
        }
        return await AnswerAsync(result, ct);
    }

    public async Task<IActionResult> OnPostDisableAsync(CancellationToken ct)
        => await AnswerAsync(await users.SetDisabledAsync(User.ToEditorialActor(), Id, disabled: true, ct), ct);

    public async Task<IActionResult> OnPostEnableAsync(CancellationToken ct)
        => await AnswerAsync(await users.SetDisabledAsync(User.ToEditorialActor(), Id, disabled: false, ct), ct);

    public async Task<IActionResult> OnPostResetPasswordAsync(string? password, CancellationToken ct)
    {
        var result = await users.ResetPasswordAsync(User.ToEditorialActor(), Id, password, ct);
        if (result.Ok && result.Password is not null)
        {
            // The generated password is shown on this answer only: no redirect, nothing stored, no caching.
            Response.Headers.CacheControl = "no-store";
            Flash = result.Message;
            NewPassword = result.Password;
            return await LoadAsync(ct) ? Page() : NotFound();
        }
        return await AnswerAsync(result, ct);
    }

    private async Task<IActionResult> AnswerAsync(UserAdminResult result, CancellationToken ct)
    {
        if (result.Forbidden)
        {
            return Forbid();
        }
        if (result.NotFound)
        {
            return NotFound();
        }
        if (result.Ok)
        {
            TempData["Message"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/users/{Id}");
        }
        Errors = result.Errors;
        Problem = result.Message;
        Response.StatusCode = StatusCodes.Status400BadRequest;
        if (Target is null && !await LoadAsync(ct))
        {
            return NotFound();
        }
        return Page();
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        var target = await users.FindAsync(Id, ct);
        if (target is null)
        {
            return false;
        }
        Target = target;
        Levels = await chains.LevelsAsync(ct);
        SelectedRoles = [.. target.Roles];
        SelectedLevels = [.. target.Levels];
        return true;
    }
}
