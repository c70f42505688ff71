using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Accounts;

/// <summary>开设: a new account of the department with its 备案 data.</summary>
[Authorize(Policy = TenantPolicies.ManageDepartment)]
public sealed class NewModel(AccountLifecycleService lifecycle, ITenantContext tenant) : PageModel
{
    [BindProperty] public Platform Platform { get; set; } = Platform.WeChat;
    [BindProperty] public AccountKind Kind { get; set; } = AccountKind.Publishing;
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? OperatingUnit { get; set; }
    [BindProperty] public string? SupervisingUnit { get; set; }
    [BindProperty] public string? ResponsiblePerson { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? PlatformAccountId { get; set; }
    [BindProperty(Name = "Url")] public string? HomeUrl { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public DateOnly? OpenedOn { get; set; }
    [BindProperty] public string? FilingNumber { get; set; }
    [BindProperty] public DateOnly? FiledOn { get; set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public IActionResult OnGet()
    {
        if (tenant.Current is { IsPortal: true })
        {
            // Accounts are opened by their department (谁开设谁主办): the matrix list links into each department.
            return Redirect($"{Request.PathBase}/admin/accounts");
        }
        OperatingUnit ??= tenant.Current?.DisplayName;
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (tenant.Current is { IsPortal: true })
        {
            return Redirect($"{Request.PathBase}/admin/accounts");
        }
        var result = await lifecycle.OpenAsync(new AccountOpening(Platform, Kind, Name, OperatingUnit, SupervisingUnit, ResponsiblePerson, Contact,
            PlatformAccountId, HomeUrl, Description, OpenedOn, FilingNumber, FiledOn), User.Identity?.Name ?? "", ct);
        if (result.Account is null)
        {
            Errors = result.Errors;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Message"] = $"已开设账号“{result.Account.Label}”，已记入备案记录。";
        return Redirect($"{Request.PathBase}/admin/accounts/{Uri.EscapeDataString(result.Account.Id)}");
    }

    public string? Err(string key) => Errors.TryGetValue(key, out var e) ? string.Join(" ", e) : null;
}
