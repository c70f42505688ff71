using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Security;
using NewMediaCms.Web.Users;

namespace NewMediaCms.Web.Pages.Admin.Users;

/// <summary>The department's users: roles, review levels, state. Department admins (and matrix administrators) only.</summary>
[Authorize(Policy = TenantPolicies.ManageDepartment)]
public sealed class IndexModel(DepartmentUsers users, ReviewChainService chains) : PageModel
{
    public List<DepartmentUser> Users { get; private set; } = [];

    public IReadOnlyList<ReviewLevel> Levels { get; private set; } = [];

    public string? Flash { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Users = await users.ListAsync(ct);
        Levels = await chains.LevelsAsync(ct);
    }
}
