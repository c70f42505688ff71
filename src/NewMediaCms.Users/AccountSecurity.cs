using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Users.Policy;
using NewMediaCms.Users.Sessions;
using QRCoder;

namespace NewMediaCms.Users;

/// <summary>The answer of an account action: success, or Chinese errors keyed by field ("" for the whole form).</summary>
public sealed record AccountResult(bool Ok, string Message, IReadOnlyDictionary<string, string> Errors)
{
    public static AccountResult Success(string message) => new(true, message, new Dictionary<string, string>());

    public static AccountResult Fail(string field, string message) => new(false, message, new Dictionary<string, string> { [field] = message });
}

/// <summary>What the enrolment page shows: the key to type, the otpauth URI and its QR code (SVG markup from QRCoder).</summary>
public sealed record AuthenticatorSetup(string Key, string Uri, string QrSvg);

/// <summary>The account's own security state, for the 账号安全 page.</summary>
public sealed record AccountState(string UserName, string DisplayName, bool TwoFactorEnabled, bool TwoFactorRequired, int RecoveryCodesLeft,
    bool MustChangePassword, SessionRestriction Restriction, DateTime? PasswordChangedUtc, IReadOnlyList<SessionInfo> Sessions, string? CurrentSessionId);

/// <summary>
/// A signed-in user's own account (账号安全): change the password (the other sessions end; an administrator-set or
/// expired password lifts the session's restriction), set up the authenticator app (TOTP through Identity's
/// authenticator token provider) with recovery codes, renew the codes, turn it off where the policy allows.
/// Each change is audited by its event.
/// </summary>
public sealed class AccountSecurity(
    UserManager<NmcUser> users,
    SignInManager<NmcUser> signIn,
    NmcDbContext db,
    SessionStore sessions,
    SecurityPolicyStore policies,
    UserSessions userSessions,
    TimeProvider clock,
    IHttpContextAccessor http)
{
    public const string Issuer = "政务新媒体矩阵";

    private HttpContext Http => http.HttpContext!;

    private Task<NmcUser?> CurrentUserAsync() => users.GetUserAsync(Http.User);

    public async Task<AccountState?> StateAsync(CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return null;
        }
        var policy = await policies.GetAsync(ct);
        var required = policy.TwoFactorRequiredForAdmins && (await users.GetRolesAsync(user)).Any(UserSessions.TwoFactorRoles.Contains);
        return new AccountState(user.UserName!, user.DisplayName, user.TwoFactorEnabled, required,
            user.TwoFactorEnabled ? await users.CountRecoveryCodesAsync(user) : 0, user.MustChangePassword,
            SessionValidation.CurrentRestriction(Http), user.PasswordChangedUtc, await sessions.OpenAsync(user.Id, ct), SessionValidation.CurrentSessionId(Http));
    }

    public async Task<AccountResult> ChangePasswordAsync(string? current, string? next, string? confirm, CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return AccountResult.Fail("", "请重新登录。");
        }
        if (string.IsNullOrEmpty(current))
        {
            return AccountResult.Fail("CurrentPassword", "请填写当前密码。");
        }
        if (string.IsNullOrEmpty(next))
        {
            return AccountResult.Fail("NewPassword", "请填写新密码。");
        }
        if (next != confirm)
        {
            return AccountResult.Fail("ConfirmPassword", "两次输入的新密码不一致。");
        }
        if (next == current)
        {
            return AccountResult.Fail("NewPassword", "新密码不能与当前密码相同。");
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var changed = await users.ChangePasswordAsync(user, current, next);
        if (!changed.Succeeded)
        {
            var wrong = changed.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.PasswordMismatch));
            return wrong ? AccountResult.Fail("CurrentPassword", "当前密码不正确。")
                : AccountResult.Fail("NewPassword", string.Join(" ", changed.Errors.Select(e => e.Description)));
        }
        user.MustChangePassword = false;
        user.PasswordChangedUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        var sessionId = SessionValidation.CurrentSessionId(Http);
        var ended = await sessions.RevokeAllAsync(user.Id, "password-changed", keep: sessionId, ct);
        if (sessionId is not null)
        {
            var restriction = await userSessions.RestrictionAsync(user, await users.GetRolesAsync(user), await policies.GetAsync(ct));
            await sessions.SetRestrictionAsync(sessionId, restriction, ct);
        }
        db.Raise(new UserPasswordChanged(user.UserName!, ended));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await RefreshCookieAsync(user);
        return AccountResult.Success(ended > 0 ? $"密码已修改，您在其他地方的 {ended} 个登录已结束。" : "密码已修改。");
    }

    /// <summary>Ends every other open session of the user (a lost laptop, a shared computer).</summary>
    public async Task<int> EndOtherSessionsAsync(CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return 0;
        }
        var ended = await sessions.RevokeAllAsync(user.Id, "revoked", keep: SessionValidation.CurrentSessionId(Http), ct);
        db.Raise(new UserSessionsRevoked(user.UserName!, ended, user.UserName!));
        await db.SaveChangesAsync(ct);
        return ended;
    }

    /// <summary>The authenticator key to enrol (a new one unless an unconfirmed one is pending), as key text, URI and QR code.</summary>
    public async Task<AuthenticatorSetup?> AuthenticatorSetupAsync(bool renew = false)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return null;
        }
        var key = await users.GetAuthenticatorKeyAsync(user);
        if (string.IsNullOrEmpty(key) || renew)
        {
            if (user.TwoFactorEnabled)
            {
                return null;
            }
            await users.ResetAuthenticatorKeyAsync(user);
            await RefreshCookieAsync(user);
            key = await users.GetAuthenticatorKeyAsync(user);
        }
        var uri = $"otpauth://totp/{Uri.EscapeDataString(Issuer + ":" + user.UserName)}?secret={key}&issuer={Uri.EscapeDataString(Issuer)}&digits=6&period=30";
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(4);
        return new AuthenticatorSetup(FormatKey(key!), uri, svg);
    }

    /// <summary>Turns the second factor on once a code of the app proves the key was taken; returns the recovery codes (shown once).</summary>
    public async Task<(AccountResult Result, IReadOnlyList<string> RecoveryCodes)> EnableTwoFactorAsync(string? code, CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { } user)
        {
            return (AccountResult.Fail("", "请重新登录。"), []);
        }
        code = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (code.Length != 6)
        {
            return (AccountResult.Fail("Code", "请输入验证器应用上显示的 6 位动态口令。"), []);
        }
        if (!await users.VerifyTwoFactorTokenAsync(user, UserSessions.AuthenticatorProvider, code))
        {
            return (AccountResult.Fail("Code", "动态口令不正确。请确认手机时间准确，并输入当前显示的 6 位数字。"), []);
        }
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await users.SetTwoFactorEnabledAsync(user, true);
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        if (SessionValidation.CurrentSessionId(Http) is { } sessionId && SessionValidation.CurrentRestriction(Http) == SessionRestriction.MustEnrolTwoFactor)
        {
            await sessions.SetRestrictionAsync(sessionId, SessionRestriction.None, ct);
        }
        db.Raise(new UserTwoFactorEnabled(user.UserName!));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await RefreshCookieAsync(user);
        return (AccountResult.Success("已启用双因素认证。以后登录时需要输入验证器应用上的动态口令。"), codes);
    }

    public async Task<IReadOnlyList<string>> RenewRecoveryCodesAsync(CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { TwoFactorEnabled: true } user)
        {
            return [];
        }
        var codes = (await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10))!.ToList();
        db.Raise(new UserRecoveryCodesRenewed(user.UserName!));
        await db.SaveChangesAsync(ct);
        return codes;
    }

    /// <summary>Turns the second factor off (a current code is asked); refused when the policy requires it for this user.</summary>
    public async Task<AccountResult> DisableTwoFactorAsync(string? code, CancellationToken ct = default)
    {
        if (await CurrentUserAsync() is not { TwoFactorEnabled: true } user)
        {
            return AccountResult.Fail("", "双因素认证未启用。");
        }
        var policy = await policies.GetAsync(ct);
        if (policy.TwoFactorRequiredForAdmins && (await users.GetRolesAsync(user)).Any(UserSessions.TwoFactorRoles.Contains))
        {
            return AccountResult.Fail("", "安全策略要求您的角色使用双因素认证，不能关闭。");
        }
        code = new string((code ?? "").Where(char.IsAsciiDigit).ToArray());
        if (!await users.VerifyTwoFactorTokenAsync(user, UserSessions.AuthenticatorProvider, code))
        {
            return AccountResult.Fail("Code", "动态口令不正确，双因素认证仍然启用。");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        db.Raise(new UserTwoFactorDisabled(user.UserName!, user.UserName!));
        await db.SaveChangesAsync(ct);
        await RefreshCookieAsync(user);
        return AccountResult.Success("已关闭双因素认证。");
    }

    /// <summary>Identity renews the security stamp on these changes: re-issue this session's cookie, keeping its session id.</summary>
    private async Task RefreshCookieAsync(NmcUser user)
    {
        var auth = await Http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        var keep = auth.Principal?.Claims.Where(c => c.Type is SessionClaims.SessionId or "amr").ToList() ?? [];
        await signIn.SignInWithClaimsAsync(user, auth.Properties, keep);
    }

    private static string FormatKey(string key)
        => string.Join(" ", Enumerable.Range(0, (key.Length + 3) / 4).Select(i => key.Substring(i * 4, Math.Min(4, key.Length - i * 4)))).ToLowerInvariant();
}
