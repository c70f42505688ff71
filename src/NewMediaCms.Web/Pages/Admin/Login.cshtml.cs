using NewMediaCms.Core.Events;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Web.Pages.Admin;

public sealed class LoginModel(
    SignInManager<NmcUser> signIn,
    UserManager<NmcUser> users,
    ITenantContext tenant,
    TenantRegistry registry,
    TimeProvider clock,
    IAuditTrail audit,
    NewMediaCms.Core.Data.NmcDbContext db) : PageModel
{
    [BindProperty]
    public string UserName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync()
    {
        if (string.IsNullOrWhiteSpace(UserName) || string.IsNullOrEmpty(Password))
        {
            Error = "请输入用户名和密码。";
            return Page();
        }
        var result = await signIn.PasswordSignInAsync(UserName.Trim(), Password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            await audit.AppendAsync(new AuditRecord(result.IsLockedOut ? "user.locked-out" : "user.sign-in-failed", "User", UserName.Trim(), Actor: UserName.Trim()));
            await db.SaveChangesAsync();
        }
        if (result.IsLockedOut && (await users.FindByNameAsync(UserName.Trim()))?.LockoutEnd == DateTimeOffset.MaxValue)
        {
            Error = "该账户已被停用，请联系本部门管理员。";
            return Page();
        }
        if (result.IsLockedOut)
        {
            Error = "登录失败次数过多，账户已被暂时锁定，请 15 分钟后再试。";
            return Page();
        }
        if (!result.Succeeded)
        {
            Error = "用户名或密码不正确。";
            return Page();
        }
        var user = (await users.FindByNameAsync(UserName.Trim()))!;
        user.LastLoginUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await audit.AppendAsync(new AuditRecord("user.signed-in", "User", user.UserName!, TenantId: user.TenantId ?? tenant.TenantId, Actor: user.UserName));
        await db.SaveChangesAsync();

        // Department users land in their own department's admin; matrix users stay where they signed in.
        var isMatrix = (await users.GetRolesAsync(user)).Any(Roles.IsMatrixRole);
        if (!isMatrix && user.TenantId is not null && user.TenantId != tenant.TenantId && registry.Find(user.TenantId) is { } own)
        {
            return Redirect(own.PathBase + "/admin");
        }
        if (!string.IsNullOrEmpty(ReturnUrl) && Url.IsLocalUrl(ReturnUrl))
        {
            return LocalRedirect(ReturnUrl);
        }
        return Redirect(Request.PathBase + "/admin");
    }
}
