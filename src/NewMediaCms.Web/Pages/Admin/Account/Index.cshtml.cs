using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Users;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Account;

/// <summary>账号安全: every signed-in user's own page, matrix and department users alike (no department policy: it is always one's own account).</summary>
[Authorize(Policy = TenantPolicies.OwnAccount)]
public sealed class IndexModel(AccountSecurity account, ITenantContext tenant, TimeProvider time) : PageModel
{
    public AccountState? State { get; private set; }

    public TenantClock Clock { get; private set; } = null!;

    public string? Flash { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Clock = tenant.Clock(time);
        State = await account.StateAsync(ct);
        return State is null ? Challenge() : Page();
    }

    public async Task<IActionResult> OnPostEndOthersAsync(CancellationToken ct)
    {
        var ended = await account.EndOtherSessionsAsync(ct);
        TempData["Message"] = $"已结束其他 {ended} 个会话。";
        return RedirectToPage();
    }
}
