using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Users.Sessions;

namespace NewMediaCms.Users;

/// <summary>A user as the security administrator sees them: any department or the matrix, every role, the sign-in state.</summary>
public sealed record AdministeredUser(string Id, string UserName, string DisplayName, string? TenantId, IReadOnlyList<string> Roles, bool Disabled,
    bool TwoFactorEnabled, int OpenSessions, DateTime? LastLoginUtc);

/// <summary>
/// 三权分立: the security administrator's user administration across the matrix — every role (matrix roles and the
/// 三权 roles included, one person holding at most one of system/security/audit administration, <see cref="SeparationOfDuties"/>),
/// disable/enable, password reset (to be changed at the next sign-in), reset of the second factor, ending a user's
/// sessions. Only the security administrator may call it; every change raises its audited event. Department users'
/// everyday administration stays with their department admin (<see cref="DepartmentUsers"/>).
/// </summary>
public sealed class UserAdministration(NmcDbContext db, UserManager<NmcUser> users, SessionStore sessions, TimeProvider clock)
{
    private static UserAdminResult Forbidden() => new(false, "只有安全管理员可以管理全部用户和角色。", new Dictionary<string, string>()) { Forbidden = true };

    public async Task<List<AdministeredUser>> ListAsync(CancellationToken ct = default)
    {
        var rows = await db.Users.AsNoTracking().OrderBy(u => u.TenantId).ThenBy(u => u.UserName).ToListAsync(ct);
        var roles = (await db.UserRoles.AsNoTracking().ToListAsync(ct)).ToLookup(r => r.UserId, r => r.RoleId);
        var result = new List<AdministeredUser>();
        foreach (var u in rows)
        {
            result.Add(new AdministeredUser(u.Id, u.UserName!, u.DisplayName, u.TenantId, RoleText.Order(roles[u.Id]),
                u.LockoutEnd == DateTimeOffset.MaxValue, u.TwoFactorEnabled, (await sessions.OpenAsync(u.Id, ct)).Count, u.LastLoginUtc));
        }
        return result;
    }

    public async Task<AdministeredUser?> FindAsync(string userName, CancellationToken ct = default)
        => (await ListAsync(ct)).FirstOrDefault(u => string.Equals(u.UserName, userName, StringComparison.OrdinalIgnoreCase));

    /// <summary>Sets all roles of a user. Refused: unknown roles, department roles without a department, two separated duties, removing one's own security administration.</summary>
    public async Task<UserAdminResult> SetRolesAsync(EditorialActor actor, string userName, IReadOnlyCollection<string>? roles, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.SecurityAdmin))
        {
            return Forbidden();
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        roles ??= [];
        if (roles.Count == 0)
        {
            return UserAdminResult.Fail("Roles", "请至少选择一个角色。");
        }
        if (roles.FirstOrDefault(r => !Roles.All.Contains(r)) is { } unknown)
        {
            return UserAdminResult.Fail("Roles", $"角色“{unknown}”不存在。");
        }
        if (SeparationOfDuties.Check(roles) is { } separation)
        {
            return UserAdminResult.Fail("Roles", separation);
        }
        if (user.TenantId is null && roles.FirstOrDefault(Roles.Department.Contains) is { } departmentRole)
        {
            return UserAdminResult.Fail("Roles", $"“{Roles.DisplayNames[departmentRole]}”是部门角色，{user.UserName} 不属于任何部门。");
        }
        if (string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase) && !roles.Contains(Roles.SecurityAdmin))
        {
            return UserAdminResult.Fail("Roles", "不能取消自己的安全管理员角色，请由另一位安全管理员操作。");
        }
        var current = await users.GetRolesAsync(user);
        var add = roles.Except(current).ToList();
        var remove = current.Except(roles).ToList();
        if (add.Count == 0 && remove.Count == 0)
        {
            return UserAdminResult.Success("没有变化。", user.Id);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (add.Count > 0 && await users.AddToRolesAsync(user, add) is { Succeeded: false } a)
        {
            return UserAdminResult.Fail("Roles", string.Join(" ", a.Errors.Select(e => e.Description)));
        }
        if (remove.Count > 0 && await users.RemoveFromRolesAsync(user, remove) is { Succeeded: false } r)
        {
            return UserAdminResult.Fail("Roles", string.Join(" ", r.Errors.Select(e => e.Description)));
        }
        await users.UpdateSecurityStampAsync(user);
        // A change of duties takes effect at once: the user signs in again with the new roles.
        await sessions.RevokeAllAsync(user.Id, "roles-changed", ct: ct);
        db.Raise(new UserRolesChanged(user.UserName!, [.. current], [.. roles], actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success($"已保存 {user.UserName} 的角色，其登录会话已结束。", user.Id);
    }

    public async Task<UserAdminResult> SetDisabledAsync(EditorialActor actor, string userName, bool disabled, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.SecurityAdmin))
        {
            return Forbidden();
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        if (disabled && string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return UserAdminResult.Fail("", "不能停用自己的账户。");
        }
        if ((user.LockoutEnd == DateTimeOffset.MaxValue) == disabled)
        {
            return UserAdminResult.Fail("", disabled ? "该用户已是停用状态。" : "该用户未被停用。");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.SetLockoutEnabledAsync(user, true);
        await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        if (disabled)
        {
            await users.UpdateSecurityStampAsync(user);
            await sessions.RevokeAllAsync(user.Id, "disabled", ct: ct);
        }
        db.Raise(disabled ? new UserDisabled(user.UserName!, user.DisplayName, actor.UserName) : new UserEnabled(user.UserName!, user.DisplayName, actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success(disabled ? $"已停用 {user.UserName}，其登录会话已结束。" : $"已启用 {user.UserName}。", user.Id);
    }

    /// <summary>A generated password, shown once, to be changed at the next sign-in; the user's sessions end.</summary>
    public async Task<UserAdminResult> ResetPasswordAsync(EditorialActor actor, string userName, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.SecurityAdmin))
        {
            return Forbidden();
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        var password = Passwords.Generate();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), password);
        if (!reset.Succeeded)
        {
            return UserAdminResult.Fail("Password", string.Join(" ", reset.Errors.Select(e => e.Description)));
        }
        user.MustChangePassword = true;
        user.PasswordChangedUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await sessions.RevokeAllAsync(user.Id, "password-reset", ct: ct);
        db.Raise(new UserPasswordReset(user.UserName!, PasswordResetKind.Generated, actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success($"已为 {user.UserName} 生成新密码（只显示这一次，首次登录须修改）。", user.Id, password);
    }

    /// <summary>The user lost their phone: the second factor is turned off (they enrol again if the policy requires it).</summary>
    public async Task<UserAdminResult> ResetTwoFactorAsync(EditorialActor actor, string userName, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.SecurityAdmin))
        {
            return Forbidden();
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        if (!user.TwoFactorEnabled)
        {
            return UserAdminResult.Fail("", "该用户未启用双因素认证。");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        await sessions.RevokeAllAsync(user.Id, "two-factor-reset", ct: ct);
        db.Raise(new UserTwoFactorDisabled(user.UserName!, actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success($"已重置 {user.UserName} 的双因素认证，其登录会话已结束。", user.Id);
    }

    public async Task<UserAdminResult> EndSessionsAsync(EditorialActor actor, string userName, CancellationToken ct = default)
    {
        if (!actor.IsInRole(Roles.SecurityAdmin))
        {
            return Forbidden();
        }
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        var ended = await sessions.RevokeAllAsync(user.Id, "revoked", ct: ct);
        db.Raise(new UserSessionsRevoked(user.UserName!, ended, actor.UserName));
        await db.SaveChangesAsync(ct);
        return UserAdminResult.Success($"已结束 {user.UserName} 的 {ended} 个会话。", user.Id);
    }
}
