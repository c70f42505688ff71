using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Users;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Users;

/// <summary>The department's users: roles, review levels, state. Department admins (and matrix administrators) only.</summary>
[Authorize(Policy = TenantPolicies.ManageUsers)]
public sealed class IndexModel(DepartmentUsers users, ReviewChainService chains, ITenantContext tenant, TimeProvider time) : PageModel
{
    public List<DepartmentUser> Users { get; private set; } = [];

    public IReadOnlyList<ReviewLevel> Levels { get; private set; } = [];

    public string? Flash { get; private set; }

    /// <summary>Last login times are shown on the department's wall clock.</summary>
    public TenantClock Clock { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Clock = tenant.Clock(time);
        Users = await users.ListAsync(ct);
        Levels = await chains.LevelsAsync(ct);
    }
}
