namespace NewMediaCms.Users.Sessions;

/// <summary>What a session may do before it is a full session: nothing but change the password, or enrol a second factor.</summary>
public enum SessionRestriction
{
    None = 0,

    /// <summary>The password was set by an administrator or is older than the policy allows.</summary>
    MustChangePassword = 1,

    /// <summary>The policy requires a second factor for this user and none is set up yet.</summary>
    MustEnrolTwoFactor = 2,
}

/// <summary>
/// One sign-in, server-side. The sign-in cookie carries only its id (claim <see cref="SessionClaims.SessionId"/>);
/// every request checks the row, so a revocation (sign-out, disable, password reset or change) ends the session at
/// once on every node, and a copied cookie is worth nothing afterwards.
/// </summary>
internal sealed class UserSession
{
    public string Id { get; set; } = "";

    public string UserId { get; set; } = "";

    public string UserName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    /// <summary>Last request seen (written at most once a minute: the idle timeout is exact to a minute).</summary>
    public DateTime LastSeenUtc { get; set; }

    /// <summary>Absolute end, fixed at sign-in from the policy of that moment.</summary>
    public DateTime ExpiresUtc { get; set; }

    /// <summary>Idle timeout fixed at sign-in from the policy of that moment.</summary>
    public int IdleTimeoutSeconds { get; set; }

    public DateTime? RevokedUtc { get; set; }

    /// <summary>Why the session ended early: signed-out, disabled, password-reset, password-changed, revoked.</summary>
    public string? RevokedReason { get; set; }

    public SessionRestriction Restriction { get; set; }

    public string? ClientAddress { get; set; }

    public string? UserAgent { get; set; }
}

public static class SessionClaims
{
    /// <summary>The server-side session of a sign-in cookie.</summary>
    public const string SessionId = "nmc:sid";
}
