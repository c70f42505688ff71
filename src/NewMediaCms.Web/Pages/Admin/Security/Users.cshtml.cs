using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Users;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Security;

/// <summary>Every user of the matrix with roles and sign-in state: the security administrator's.</summary>
[Authorize(Policy = TenantPolicies.SecurityAdministration)]
public sealed class UsersModel(UserAdministration administration, ITenantContext tenant, TimeProvider time) : PageModel
{
    public List<AdministeredUser> Users { get; private set; } = [];

    public TenantClock Clock { get; private set; } = null!;

    public string? Flash { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Clock = tenant.Clock(time);
        Users = await administration.ListAsync(ct);
    }
}
