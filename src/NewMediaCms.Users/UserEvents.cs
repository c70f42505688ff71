using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users;

/// <summary>A department user was created by an administrator (with a generated initial password).</summary>
public sealed record UserCreated(string UserName, string DisplayName, IReadOnlyCollection<string> Roles, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.created", "User", UserName, null, RoleText.Codes(Roles),
        $"新建用户“{DisplayName}”（{RoleText.Names(Roles)}），已生成初始密码", Actor: Actor);
}

/// <summary>A user's department roles were changed (review levels are audited by the review chain).</summary>
public sealed record UserRolesChanged(string UserName, IReadOnlyCollection<string> Before, IReadOnlyCollection<string> After, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.roles-changed", "User", UserName, RoleText.Codes(Before), RoleText.Codes(After),
        $"角色改为：{RoleText.Names(After)}", Actor: Actor);
}

/// <summary>A user was disabled (locked out indefinitely, open sessions end).</summary>
public sealed record UserDisabled(string UserName, string DisplayName, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.disabled", "User", UserName, "enabled", "disabled", $"停用用户“{DisplayName}”", Actor: Actor);
}

/// <summary>A disabled user may sign in again.</summary>
public sealed record UserEnabled(string UserName, string DisplayName, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.enabled", "User", UserName, "disabled", "enabled", $"启用用户“{DisplayName}”", Actor: Actor);
}

public enum PasswordResetKind
{
    /// <summary>An administrator had a password generated (shown once).</summary>
    Generated,

    /// <summary>An administrator typed the new password.</summary>
    Chosen,

    /// <summary>The operator's <c>user set-password</c> command.</summary>
    CommandLine,
}

/// <summary>A user's password was set by somebody else than the user.</summary>
public sealed record UserPasswordReset(string UserName, PasswordResetKind Kind, string? Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.password-reset", "User", UserName, Detail: Kind switch
    {
        PasswordResetKind.Generated => "管理员重置密码（系统生成）",
        PasswordResetKind.Chosen => "管理员重置密码（指定）",
        _ => "命令行重置密码",
    }, Actor: Actor);
}

/// <summary>A user signed in; the entry belongs to their own department (the portal's for matrix users).</summary>
public sealed record UserSignedIn(string UserName, string? TenantId, bool SecondFactor = false) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.signed-in", "User", UserName, Detail: SecondFactor ? "密码 + 动态口令" : "密码", TenantId: TenantId, Actor: UserName);
}

/// <summary>A wrong authenticator or recovery code at the second sign-in step.</summary>
public sealed record UserSecondFactorFailed(string UserName, bool LockedOut) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new(LockedOut ? "user.locked-out" : "user.second-factor-failed", "User", UserName, Detail: "动态口令或恢复码错误", Actor: UserName);
}

/// <summary>A recovery code was used to sign in (each works once).</summary>
public sealed record UserRecoveryCodeUsed(string UserName, int Left) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.recovery-code-used", "User", UserName, Detail: $"使用恢复码登录，剩余 {Left} 个", Actor: UserName);
}

/// <summary>A user changed their own password (their other sessions end).</summary>
public sealed record UserPasswordChanged(string UserName, int OtherSessionsEnded) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.password-changed", "User", UserName, Detail: $"本人修改密码，结束其他会话 {OtherSessionsEnded} 个", Actor: UserName);
}

/// <summary>A user set up (or renewed) the authenticator app as their second factor.</summary>
public sealed record UserTwoFactorEnabled(string UserName) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.two-factor-enabled", "User", UserName, "off", "on", "启用双因素认证（动态口令），已生成恢复码", Actor: UserName);
}

/// <summary>The second factor was turned off (by the user, or reset by the security administrator).</summary>
public sealed record UserTwoFactorDisabled(string UserName, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.two-factor-disabled", "User", UserName, "on", "off", "关闭双因素认证", Actor: Actor);
}

/// <summary>New recovery codes replaced the old ones.</summary>
public sealed record UserRecoveryCodesRenewed(string UserName) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.recovery-codes-renewed", "User", UserName, Detail: "重新生成恢复码（旧恢复码作废）", Actor: UserName);
}

/// <summary>A sign-in was refused: a wrong name or password, or a locked-out (or disabled) account.</summary>
public sealed record UserSignInFailed(string UserName, bool LockedOut) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new(LockedOut ? "user.locked-out" : "user.sign-in-failed", "User", UserName, Actor: UserName);
}

/// <summary>Every open session of a user was ended by an administrator (also part of disable and password reset).</summary>
public sealed record UserSessionsRevoked(string UserName, int Count, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.sessions-revoked", "User", UserName, Detail: $"结束全部会话 {Count} 个", Actor: Actor);
}

public sealed record UserSignedOut(string UserName) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("user.signed-out", "User", UserName);
}

/// <summary>Roles as the audit log and the pages write them: in the built-in order, as codes or as Chinese names.</summary>
internal static class RoleText
{
    public static List<string> Order(IEnumerable<string> roles) => Roles.All.Where(roles.Contains).ToList();

    public static string Codes(IEnumerable<string> roles) => string.Join(",", Order(roles));

    public static string Names(IEnumerable<string> roles) => string.Join("、", Order(roles).Select(r => Roles.DisplayNames[r]));
}
