using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Accounts;

/// <summary>
/// 账号管理: the matrix administrator (at /admin) sees every department's accounts, a department administrator its own;
/// filtered by department, platform, kind and state. Each account opens in its department's admin.
/// </summary>
[Authorize(Policy = TenantPolicies.ManageDepartment)]
public sealed class IndexModel(AccountDirectory accounts, ITenantContext tenant, TenantRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public Platform? Platform { get; set; }
    [BindProperty(SupportsGet = true)] public AccountKind? Kind { get; set; }
    [BindProperty(SupportsGet = true)] public AccountState? State { get; set; }
    [BindProperty(SupportsGet = true)] public string? Q { get; set; }

    /// <summary>The matrix view: every department (the portal's admin, matrix roles).</summary>
    public bool Matrix { get; private set; }

    public List<AccountRecord> Accounts { get; private set; } = [];

    public IReadOnlyList<TenantInfo> Departments { get; private set; } = [];

    public string? Flash { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Matrix = tenant.Current is { IsPortal: true } && TenantPolicies.HasMatrixRole(User);
        Departments = registry.All.Where(t => !t.IsPortal).ToList();
        Accounts = await accounts.SearchAsync(new AccountFilter(Matrix, Matrix ? Department : null, Platform, Kind, State, Q?.Trim()), ct);
    }

    public TenantInfo? DepartmentOf(string tenantId) => registry.Find(tenantId);

    /// <summary>Where an account is managed: its department's admin.</summary>
    public string ManageUrl(AccountRecord a) => $"{registry.Find(a.TenantId)?.PathBase ?? Request.PathBase}/admin/accounts/{Uri.EscapeDataString(a.Id)}";
}
