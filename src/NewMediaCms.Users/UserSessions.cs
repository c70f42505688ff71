using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Users.Policy;
using NewMediaCms.Users.Sessions;
using NewMediaCms.Users.SignIn;

namespace NewMediaCms.Users;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user name, wrong password or code, or locked out: one answer for all, so it tells nothing.</summary>
    Refused,

    /// <summary>The right password of an account an administrator disabled.</summary>
    Disabled,

    /// <summary>The arithmetic challenge is due and was not answered right; nothing was checked.</summary>
    ChallengeRequired,

    /// <summary>The password was right; the authenticator code is asked next (<see cref="UserSessions.SignInSecondFactorAsync"/>).</summary>
    SecondFactorRequired,

    /// <summary>The second step came without a first one (or it expired): start again.</summary>
    SecondFactorExpired,
}

/// <summary>The answer to a sign-in: the outcome and, once signed in, where the user belongs and what they must do first.</summary>
public sealed record UserSignInResult(SignInOutcome Outcome, string? TenantId = null, bool IsMatrixUser = false, SessionRestriction Restriction = SessionRestriction.None)
{
    public bool Succeeded => Outcome == SignInOutcome.SignedIn;
}

/// <summary>Who is signing in from where (the address is the throttle's key), with the challenge answer if one was shown.</summary>
public sealed record SignInAttempt(string UserName, string Password, string? ClientAddress, string? UserAgent = null, string? ChallengeId = null, string? ChallengeAnswer = null);

/// <summary>
/// Sign-in and sign-out, each audited (failures too). The password step costs one password hash whatever the name
/// (unknown names are checked against a dummy hash) and answers unknown, wrong and locked alike; failures are counted
/// by <see cref="SignInThrottle"/>. A successful sign-in starts a server-side session (<see cref="SessionStore"/>) whose
/// id is the cookie's only link to it, records the last login time and decides what the session must do first
/// (change an administrator-set or expired password, enrol a required second factor).
/// </summary>
public sealed class UserSessions(
    SignInManager<NmcUser> signIn,
    UserManager<NmcUser> users,
    IPasswordHasher<NmcUser> hasher,
    NmcDbContext db,
    ITenantContext tenant,
    TimeProvider clock,
    SessionStore sessions,
    SecurityPolicyStore policies,
    SignInThrottle throttle,
    SignInChallenges challenges,
    IHttpContextAccessor http)
{
    /// <summary>A hash of a random password, computed once: unknown names cost the same hash work as known ones.</summary>
    private static string? _dummyHash;

    public static readonly string AuthenticatorProvider = TokenOptions.DefaultAuthenticatorProvider;

    public async Task<UserSignInResult> SignInAsync(SignInAttempt attempt, CancellationToken ct = default)
    {
        var userName = attempt.UserName.Trim();
        var name = users.NormalizeName(userName) ?? "";
        var client = attempt.ClientAddress ?? "unknown";
        var verdict = await throttle.CheckAsync(name, client, ct);
        if (verdict.ChallengeRequired && !await challenges.VerifyAsync(attempt.ChallengeId, attempt.ChallengeAnswer, ct))
        {
            return new(SignInOutcome.ChallengeRequired);
        }

        var user = await users.FindByNameAsync(userName);
        bool passwordOk;
        if (user is null)
        {
            _dummyHash ??= hasher.HashPassword(new NmcUser(), Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)));
            hasher.VerifyHashedPassword(new NmcUser(), _dummyHash, attempt.Password);
            passwordOk = false;
        }
        else
        {
            passwordOk = await users.CheckPasswordAsync(user, attempt.Password);
        }

        if (verdict.Blocked || !passwordOk)
        {
            var lockedNow = await throttle.RecordFailureAsync(name, client, ct);
            db.Raise(new UserSignInFailed(userName, verdict.Blocked || lockedNow));
            await db.SaveChangesAsync(ct);
            return new(SignInOutcome.Refused);
        }
        if (user!.LockoutEnd is { } end && end > clock.GetUtcNow())
        {
            db.Raise(new UserSignInFailed(userName, LockedOut: true));
            await db.SaveChangesAsync(ct);
            return new(SignInOutcome.Disabled);
        }
        await throttle.RecordSuccessAsync(name, client, ct);
        if (user.TwoFactorEnabled)
        {
            var identity = new ClaimsIdentity(IdentityConstants.TwoFactorUserIdScheme);
            identity.AddClaim(new Claim(ClaimTypes.Name, user.Id));
            await http.HttpContext!.SignInAsync(IdentityConstants.TwoFactorUserIdScheme, new ClaimsPrincipal(identity));
            return new(SignInOutcome.SecondFactorRequired);
        }
        return await CompleteAsync(user, client, attempt.UserAgent, "pwd", ct);
    }

    /// <summary>The second step: a code of the user's authenticator app, or one of their recovery codes.</summary>
    public async Task<UserSignInResult> SignInSecondFactorAsync(string code, string? clientAddress, string? userAgent, CancellationToken ct = default)
    {
        var user = await signIn.GetTwoFactorAuthenticationUserAsync();
        if (user is null)
        {
            return new(SignInOutcome.SecondFactorExpired);
        }
        var client = clientAddress ?? "unknown";
        var name = user.NormalizedUserName ?? "";
        var verdict = await throttle.CheckAsync(name, client, ct);
        code = new string(code.Where(c => !char.IsWhiteSpace(c)).ToArray());
        var recovery = code.Length != 6 || !code.All(char.IsAsciiDigit);
        var ok = !verdict.Blocked && code.Length > 0 && (recovery
            ? (await users.RedeemTwoFactorRecoveryCodeAsync(user, code)).Succeeded
            : await users.VerifyTwoFactorTokenAsync(user, AuthenticatorProvider, code));
        if (!ok)
        {
            var lockedNow = await throttle.RecordFailureAsync(name, client, ct);
            db.Raise(new UserSecondFactorFailed(user.UserName!, verdict.Blocked || lockedNow));
            await db.SaveChangesAsync(ct);
            return new(SignInOutcome.Refused);
        }
        await http.HttpContext!.SignOutAsync(IdentityConstants.TwoFactorUserIdScheme);
        if (recovery)
        {
            db.Raise(new UserRecoveryCodeUsed(user.UserName!, await users.CountRecoveryCodesAsync(user)));
        }
        return await CompleteAsync(user, client, userAgent, "mfa", ct);
    }

    private async Task<UserSignInResult> CompleteAsync(NmcUser user, string client, string? userAgent, string method, CancellationToken ct)
    {
        var policy = await policies.GetAsync(ct);
        var roles = await users.GetRolesAsync(user);
        var restriction = await RestrictionAsync(user, roles, policy);
        var session = await sessions.StartAsync(user, policy, restriction, client, userAgent, ct);
        await signIn.SignInWithClaimsAsync(user, new AuthenticationProperties { IsPersistent = false, ExpiresUtc = session.ExpiresUtc },
            [new Claim(SessionClaims.SessionId, session.Id), new Claim("amr", method)]);
        user.LastLoginUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        db.Raise(new UserSignedIn(user.UserName!, user.TenantId ?? tenant.TenantId, method == "mfa"));
        await db.SaveChangesAsync(ct);
        return new(SignInOutcome.SignedIn, user.TenantId, roles.Any(Roles.IsMatrixRole), restriction);
    }

    /// <summary>What a session of this user must do first, under this policy.</summary>
    internal Task<SessionRestriction> RestrictionAsync(NmcUser user, IEnumerable<string> roles, SecurityPolicy policy)
    {
        var changed = user.PasswordChangedUtc ?? user.CreatedUtc;
        if (user.MustChangePassword || (policy.PasswordMaxAgeDays > 0 && clock.GetUtcNow().UtcDateTime - changed > TimeSpan.FromDays(policy.PasswordMaxAgeDays)))
        {
            return Task.FromResult(SessionRestriction.MustChangePassword);
        }
        return Task.FromResult(policy.TwoFactorRequiredForAdmins && !user.TwoFactorEnabled && roles.Any(TwoFactorRoles.Contains)
            ? SessionRestriction.MustEnrolTwoFactor
            : SessionRestriction.None);
    }

    /// <summary>The roles a required second factor applies to: every matrix role, the 三权 administrators and department admins.</summary>
    public static readonly IReadOnlyList<string> TwoFactorRoles = [.. Roles.Matrix, Roles.SecurityAdmin, Roles.AuditAdmin, Roles.DepartmentAdmin];

    /// <summary>Ends the session of the current request; <paramref name="userName"/> is who is signed in (null: nobody).</summary>
    public async Task SignOutAsync(string? userName, CancellationToken ct = default)
    {
        if (SessionValidation.CurrentSessionId(http.HttpContext!) is { } sessionId)
        {
            await sessions.RevokeAsync(sessionId, "signed-out", ct);
        }
        if (userName is not null)
        {
            db.Raise(new UserSignedOut(userName));
            await db.SaveChangesAsync(ct);
        }
        await signIn.SignOutAsync();
    }

    /// <summary>Whether the sign-in form shows the arithmetic challenge before anything is typed (this client failed often).</summary>
    public Task<bool> ChallengeDueAsync(string? clientAddress, CancellationToken ct = default)
        => throttle.ClientNeedsChallengeAsync(clientAddress ?? "unknown", ct);

    public Task<ChallengeQuestion> IssueChallengeAsync(CancellationToken ct = default) => challenges.IssueAsync(ct);
}
