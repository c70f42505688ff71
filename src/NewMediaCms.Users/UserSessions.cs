using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Users;

public enum SignInOutcome
{
    SignedIn,

    /// <summary>Unknown user name or wrong password (also: sign-in not allowed).</summary>
    Refused,

    /// <summary>Too many failures: locked out for a while.</summary>
    LockedOut,

    /// <summary>Disabled by an administrator (locked out indefinitely).</summary>
    Disabled,
}

/// <summary>The answer to a sign-in: the outcome and, once signed in, where the user belongs.</summary>
public sealed record UserSignInResult(SignInOutcome Outcome, string? TenantId = null, bool IsMatrixUser = false)
{
    public bool Succeeded => Outcome == SignInOutcome.SignedIn;
}

/// <summary>
/// Sign-in and sign-out with the cookie of the current request, each audited (failures and lock-outs too). A
/// successful sign-in records the user's last login time.
/// </summary>
public sealed class UserSessions(SignInManager<NmcUser> signIn, UserManager<NmcUser> users, NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public async Task<UserSignInResult> SignInAsync(string userName, string password, CancellationToken ct = default)
    {
        userName = userName.Trim();
        var result = await signIn.PasswordSignInAsync(userName, password, isPersistent: false, lockoutOnFailure: true);
        if (!result.Succeeded)
        {
            db.Raise(new UserSignInFailed(userName, result.IsLockedOut));
            await db.SaveChangesAsync(ct);
            if (!result.IsLockedOut)
            {
                return new(SignInOutcome.Refused);
            }
            return (await users.FindByNameAsync(userName))?.LockoutEnd == DateTimeOffset.MaxValue
                ? new(SignInOutcome.Disabled)
                : new(SignInOutcome.LockedOut);
        }
        var user = (await users.FindByNameAsync(userName))!;
        user.LastLoginUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        db.Raise(new UserSignedIn(user.UserName!, user.TenantId ?? tenant.TenantId));
        await db.SaveChangesAsync(ct);
        var isMatrix = (await users.GetRolesAsync(user)).Any(Roles.IsMatrixRole);
        return new(SignInOutcome.SignedIn, user.TenantId, isMatrix);
    }

    /// <summary>Ends the session of the current request; <paramref name="userName"/> is who is signed in (null: nobody).</summary>
    public async Task SignOutAsync(string? userName, CancellationToken ct = default)
    {
        if (userName is not null)
        {
            db.Raise(new UserSignedOut(userName));
            await db.SaveChangesAsync(ct);
        }
        await signIn.SignOutAsync();
    }
}
