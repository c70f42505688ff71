using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users;

/// <summary>The answer of the operator's password reset: the user was not found, the password was refused (Chinese reasons), or it is set.</summary>
public sealed record OperatorPasswordResetResult(bool UserFound, IReadOnlyList<string> Errors)
{
    public bool Succeeded => UserFound && Errors.Count == 0;
}

/// <summary>
/// The operator's way back in (<c>user set-password USERNAME PASSWORD</c> on the command line): any user, by name, in
/// any department; sets the password, lifts a lock-out and leaves an audit entry.
/// </summary>
public sealed class OperatorPasswordReset(UserManager<NmcUser> users, NmcDbContext db, Sessions.SessionStore sessions, TimeProvider clock)
{
    public async Task<OperatorPasswordResetResult> SetAsync(string userName, string password, CancellationToken ct = default)
    {
        var user = await users.FindByNameAsync(userName);
        if (user is null)
        {
            return new(false, []);
        }
        var token = await users.GeneratePasswordResetTokenAsync(user);
        var reset = await users.ResetPasswordAsync(user, token, password);
        if (!reset.Succeeded)
        {
            return new(true, [.. reset.Errors.Select(e => e.Description)]);
        }
        await users.SetLockoutEndDateAsync(user, null);
        await users.ResetAccessFailedCountAsync(user);
        user.PasswordChangedUtc = clock.GetUtcNow().UtcDateTime;
        await users.UpdateAsync(user);
        await sessions.RevokeAllAsync(user.Id, "password-reset", ct: ct);
        db.Raise(new UserPasswordReset(user.UserName!, PasswordResetKind.CommandLine, Actor: null));
        await db.SaveChangesAsync(ct);
        return new(true, []);
    }
}
