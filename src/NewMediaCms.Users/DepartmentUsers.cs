using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;

namespace NewMediaCms.Users;

/// <summary>A department user as the admin pages show them: roles, review levels they are named at, and whether they may sign in.</summary>
public sealed record DepartmentUser(string Id, string UserName, string DisplayName, IReadOnlyList<string> Roles, IReadOnlyList<int> Levels, bool Disabled, DateTime CreatedUtc, DateTime? LastLoginUtc);

/// <summary>
/// The answer of a user action: success (with a generated password to show once, if any), or Chinese errors keyed by
/// field ("UserName", "DisplayName", "Roles", "Password", "" for the whole form). A failed action changes nothing.
/// </summary>
public sealed record UserAdminResult(bool Ok, string Message, IReadOnlyDictionary<string, string> Errors, string? UserId = null, string? Password = null, bool NotFound = false)
{
    public bool Forbidden { get; init; }

    public static UserAdminResult Success(string message, string userId, string? password = null) => new(true, message, new Dictionary<string, string>(), userId, password);

    public static UserAdminResult Fail(string field, string message) => new(false, message, new Dictionary<string, string> { [field] = message });

    public static UserAdminResult Missing() => new(false, "该用户不存在或不属于本部门。", new Dictionary<string, string>(), NotFound: true);
}

/// <summary>
/// User administration of the current department: list, create (with a generated initial password), roles and
/// review levels, disable/enable, password reset. Callers are department admins of this department or matrix
/// administrators (the pages authorise with <c>ManageDepartment</c>; this service checks again). Users of other
/// departments and matrix users are never found here. Every change raises its user event, audited in the same transaction.
/// </summary>
public sealed class DepartmentUsers(
    NmcDbContext db,
    UserManager<NmcUser> users,
    ITenantContext tenant,
    ReviewChainService chains,
    TimeProvider clock,
    Sessions.SessionStore sessions)
{
    public async Task<List<DepartmentUser>> ListAsync(CancellationToken ct = default)
    {
        var tenantId = tenant.TenantId;
        var rows = await db.Users.AsNoTracking().Where(u => tenantId != null && u.TenantId == tenantId).OrderBy(u => u.UserName).ToListAsync(ct);
        var ids = rows.Select(u => u.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct)).ToLookup(r => r.UserId, r => r.RoleId);
        var levels = await chains.LevelsAsync(ct);
        return rows.Select(u => new DepartmentUser(u.Id, u.UserName!, u.DisplayName, RoleText.Order(roles[u.Id]),
            LevelsOf(levels, u.UserName!), IsDisabled(u), u.CreatedUtc, u.LastLoginUtc)).ToList();
    }

    public async Task<DepartmentUser?> FindAsync(string id, CancellationToken ct = default)
        => (await ListAsync(ct)).FirstOrDefault(u => u.Id == id);

    public async Task<UserAdminResult> CreateAsync(EditorialActor actor, string? userName, string? displayName, IReadOnlyCollection<string>? roles, CancellationToken ct = default)
    {
        if (Refuse(actor) is { } refused)
        {
            return refused;
        }
        var errors = new Dictionary<string, string>();
        userName = userName?.Trim() ?? "";
        displayName = displayName?.Trim() ?? "";
        if (userName.Length == 0)
        {
            errors["UserName"] = "请填写用户名。";
        }
        else if (userName.Length > 64)
        {
            errors["UserName"] = "用户名不能超过 64 个字符。";
        }
        if (displayName.Length > 100)
        {
            errors["DisplayName"] = "姓名不能超过 100 个字符。";
        }
        if (CheckRoles(roles) is { } roleError)
        {
            errors["Roles"] = roleError;
        }
        if (errors.Count > 0)
        {
            return new UserAdminResult(false, "请按提示修改后再提交。", errors);
        }

        var password = Passwords.Generate();
        var user = new NmcUser
        {
            UserName = userName,
            DisplayName = displayName.Length > 0 ? displayName : userName,
            TenantId = tenant.TenantId,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
            PasswordChangedUtc = clock.GetUtcNow().UtcDateTime,
            // An administrator knows this password: the user replaces it at the first sign-in.
            MustChangePassword = true,
            EmailConfirmed = true,
        };
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Errors(created);
        }
        var added = await users.AddToRolesAsync(user, roles!);
        if (!added.Succeeded)
        {
            return Errors(added);
        }
        db.Raise(new UserCreated(user.UserName!, user.DisplayName, [.. roles!], actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success($"已新建用户 {user.UserName}。初始密码只显示这一次，请当面或通过安全渠道交给本人；首次登录时系统会要求其修改密码。", user.Id, password);
    }

    /// <summary>Sets the user's department roles and the review levels they are named at.</summary>
    public async Task<UserAdminResult> SetRolesAsync(EditorialActor actor, string id, IReadOnlyCollection<string>? roles, IReadOnlyCollection<int>? levels, CancellationToken ct = default)
    {
        if (Refuse(actor) is { } refused)
        {
            return refused;
        }
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        if (CheckRoles(roles) is { } roleError)
        {
            return UserAdminResult.Fail("Roles", roleError);
        }
        if (string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase)
            && !roles!.Contains(Roles.DepartmentAdmin) && !actor.IsInRole(Roles.SecurityAdmin))
        {
            return UserAdminResult.Fail("Roles", "不能取消自己的部门管理员角色，请由其他管理员操作。");
        }
        var chain = (await chains.LevelsAsync(ct)).ToList();
        levels ??= [];
        if (levels.FirstOrDefault(l => l < 1 || l > chain.Count) is var badLevel and not 0)
        {
            return UserAdminResult.Fail("Levels", $"审核流程没有第 {badLevel} 级。");
        }

        var current = await users.GetRolesAsync(user);
        var add = roles!.Except(current).ToList();
        var remove = current.Where(r => Roles.Department.Contains(r)).Except(roles!).ToList();
        var newChain = chain.Select(l => levels.Contains(l.Level)
                ? l.Users.Contains(user.UserName!, StringComparer.OrdinalIgnoreCase) ? l : l with { Users = [.. l.Users, user.UserName!] }
                : l with { Users = [.. l.Users.Where(u => !string.Equals(u, user.UserName, StringComparison.OrdinalIgnoreCase))] })
            .ToList();
        var chainChanged = !newChain.Zip(chain).All(p => p.First.Users.SequenceEqual(p.Second.Users));
        if (add.Count == 0 && remove.Count == 0 && !chainChanged)
        {
            return UserAdminResult.Success("没有变化。", user.Id);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (add.Count > 0 && await users.AddToRolesAsync(user, add) is { Succeeded: false } a)
        {
            return Errors(a);
        }
        if (remove.Count > 0 && await users.RemoveFromRolesAsync(user, remove) is { Succeeded: false } r)
        {
            return Errors(r);
        }
        if (chainChanged)
        {
            var saved = await chains.SaveAsync(actor, newChain, ct);
            if (!saved.Ok)
            {
                return UserAdminResult.Fail("Levels", saved.Message);
            }
        }
        if (add.Count > 0 || remove.Count > 0)
        {
            // Roles live in the sign-in cookie: a new stamp makes the user's open sessions pick up the change.
            await users.UpdateSecurityStampAsync(user);
            db.Raise(new UserRolesChanged(user.UserName!, [.. current.Where(Roles.Department.Contains)], [.. roles!], actor.UserName));
            await db.SaveChangesAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success($"已保存 {user.UserName} 的角色和审核级别。", user.Id);
    }

    /// <summary>A disabled user is locked out indefinitely: they cannot sign in, and their open sessions end.</summary>
    public async Task<UserAdminResult> SetDisabledAsync(EditorialActor actor, string id, bool disabled, CancellationToken ct = default)
    {
        if (Refuse(actor) is { } refused)
        {
            return refused;
        }
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        if (disabled && string.Equals(user.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase))
        {
            return UserAdminResult.Fail("", "不能停用自己的账户。");
        }
        var was = IsDisabled(user);
        if (was == disabled)
        {
            return UserAdminResult.Fail("", disabled ? "该用户已是停用状态。" : "该用户未被停用。");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (disabled)
        {
            await users.SetLockoutEnabledAsync(user, true);
            await users.SetLockoutEndDateAsync(user, DateTimeOffset.MaxValue);
            await users.UpdateSecurityStampAsync(user);
            await sessions.RevokeAllAsync(user.Id, "disabled", ct: ct);
        }
        else
        {
            await users.SetLockoutEndDateAsync(user, null);
            await users.ResetAccessFailedCountAsync(user);
        }
        db.Raise(disabled
            ? new UserDisabled(user.UserName!, user.DisplayName, actor.UserName)
            : new UserEnabled(user.UserName!, user.DisplayName, actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success(disabled ? $"已停用 {user.UserName}，该用户不能再登录。" : $"已启用 {user.UserName}。", user.Id);
    }

    /// <summary>Sets a new password: the one given (checked against the password rules) or a generated one, shown once.</summary>
    public async Task<UserAdminResult> ResetPasswordAsync(EditorialActor actor, string id, string? newPassword, CancellationToken ct = default)
    {
        if (Refuse(actor) is { } refused)
        {
            return refused;
        }
        var user = await LoadAsync(id, ct);
        if (user is null)
        {
            return UserAdminResult.Missing();
        }
        var generated = string.IsNullOrEmpty(newPassword);
        var password = generated ? Passwords.Generate() : newPassword!;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return Errors(reset);
        }
        await users.ResetAccessFailedCountAsync(user);
        user.MustChangePassword = true;
        user.PasswordChangedUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await sessions.RevokeAllAsync(user.Id, "password-reset", ct: ct);
        db.Raise(new UserPasswordReset(user.UserName!, generated ? PasswordResetKind.Generated : PasswordResetKind.Chosen, actor.UserName));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return UserAdminResult.Success(generated
            ? $"已为 {user.UserName} 生成新密码。新密码只显示这一次，请通过安全渠道交给本人。"
            : $"已为 {user.UserName} 设置新密码。", user.Id, generated ? password : null);
    }

    private UserAdminResult? Refuse(EditorialActor actor)
    {
        var current = tenant.Current;
        return current is not null && MayManage(actor, current.Id)
            ? null
            : new UserAdminResult(false, "只有本部门管理员或安全管理员可以管理本部门用户。", new Dictionary<string, string>(), NotFound: false) { Forbidden = true };
    }

    /// <summary>
    /// 三权分立: users are managed by the security administrator (any department) and, inside their own department, by
    /// its department admin. The system administrator and the matrix administrator do not manage users.
    /// </summary>
    public static bool MayManage(EditorialActor actor, string tenantId)
        => actor.IsInRole(Roles.SecurityAdmin) || (actor.TenantId == tenantId && actor.IsInRole(Roles.DepartmentAdmin));

    private async Task<NmcUser?> LoadAsync(string id, CancellationToken ct)
    {
        var tenantId = tenant.TenantId;
        return tenantId is null ? null : await users.Users.FirstOrDefaultAsync(u => u.Id == id && u.TenantId == tenantId, ct);
    }

    private static string? CheckRoles(IReadOnlyCollection<string>? roles)
    {
        if (roles is null || roles.Count == 0)
        {
            return "请至少选择一个角色。";
        }
        return roles.FirstOrDefault(r => !Roles.Department.Contains(r)) is { } unknown
            ? $"角色“{unknown}”不存在或不是部门角色（可选：{string.Join("、", Roles.Department.Select(r => Roles.DisplayNames[r]))}）。"
            : null;
    }

    private static UserAdminResult Errors(IdentityResult result)
    {
        var errors = new Dictionary<string, string>();
        foreach (var e in result.Errors)
        {
            var field = e.Code.StartsWith("Password", StringComparison.Ordinal) ? "Password"
                : e.Code.Contains("UserName", StringComparison.Ordinal) ? "UserName"
                : e.Code.Contains("Role", StringComparison.Ordinal) ? "Roles" : "";
            errors[field] = errors.TryGetValue(field, out var before) ? before + " " + e.Description : e.Description;
        }
        return new UserAdminResult(false, "请按提示修改后再提交。", errors);
    }

    private static bool IsDisabled(NmcUser user) => user.LockoutEnd is { } end && end == DateTimeOffset.MaxValue;

    private static IReadOnlyList<int> LevelsOf(IReadOnlyList<ReviewLevel> levels, string userName)
        => levels.Where(l => l.Users.Contains(userName, StringComparer.OrdinalIgnoreCase)).Select(l => l.Level).ToList();

}
