using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc;
using NewMediaCms.Users;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Users;

/// <summary>Creates a department user with a generated initial password, shown once on the answer page.</summary>
[Authorize(Policy = TenantPolicies.ManageUsers)]
public sealed class NewModel(DepartmentUsers users) : PageModel
{
    [BindProperty]
    public string? UserName { get; set; }

    [BindProperty]
    public string? DisplayName { get; set; }

    [BindProperty]
    public List<string> Roles { get; set; } = [];

    public IReadOnlyDictionary<string, string> Errors { get; private set; } = new Dictionary<string, string>();

    public string? Problem { get; private set; }

    /// <summary>Set only on the answer to a successful creation; never stored, never shown again.</summary>
    public string? InitialPassword { get; private set; }

    public string? CreatedId { get; private set; }

    public string? Message { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await users.CreateAsync(User.ToEditorialActor(), UserName, DisplayName, Roles, ct);
        if (result.Forbidden)
        {
            return Forbid();
        }
        if (!result.Ok)
        {
            Errors = result.Errors;
            Problem = result.Message;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        Response.Headers.CacheControl = "no-store";
        InitialPassword = result.Password;
        CreatedId = result.UserId;
        Message = result.Message;
        return Page();
    }
}
