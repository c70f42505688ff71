using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Users.Policy;

namespace NewMediaCms.Users.Sessions;

/// <summary>A session as the account page lists it.</summary>
public sealed record SessionInfo(string Id, DateTime CreatedUtc, DateTime LastSeenUtc, DateTime ExpiresUtc, string? ClientAddress, string? UserAgent);

/// <summary>
/// Server-side sessions: started at sign-in, checked on every request (one read by primary key; the last-seen time
/// is written at most once a minute), revoked by sign-out, by an administrator (disable, password reset), by the
/// user's own password change. The store is the truth, so a revocation takes effect on the next request on every node.
/// </summary>
public sealed class SessionStore(NmcDbContext db, TimeProvider clock)
{
    /// <summary>How stale the stored last-seen time may get before a request writes it again.</summary>
    internal static readonly TimeSpan TouchInterval = TimeSpan.FromMinutes(1);

    internal async Task<UserSession> StartAsync(NmcUser user, SecurityPolicy policy, SessionRestriction restriction, string? client, string? userAgent, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var session = new UserSession
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            UserId = user.Id,
            UserName = user.UserName!,
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = now.AddHours(policy.SessionLifetimeHours),
            IdleTimeoutSeconds = policy.SessionIdleMinutes * 60,
            Restriction = restriction,
            ClientAddress = client is { Length: > 64 } ? client[..64] : client,
            UserAgent = userAgent is { Length: > 256 } ? userAgent[..256] : userAgent,
        };
        db.Add(session);
        await db.SaveChangesAsync(ct);
        return session;
    }

    /// <summary>The live session of this id (not revoked, not idle too long, not past its end), or null; touches it.</summary>
    internal async Task<UserSession?> ValidateAsync(string sessionId, CancellationToken ct)
    {
        var session = await db.Set<UserSession>().AsNoTracking().FirstOrDefaultAsync(s => s.Id == sessionId, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        if (session is null || session.RevokedUtc is not null || now >= session.ExpiresUtc
            || now - session.LastSeenUtc >= TimeSpan.FromSeconds(session.IdleTimeoutSeconds))
        {
            return null;
        }
        if (now - session.LastSeenUtc >= TouchInterval)
        {
            await db.Set<UserSession>().Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now), ct);
        }
        return session;
    }

    /// <summary>Ends one session (sign-out).</summary>
    public Task RevokeAsync(string sessionId, string reason, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<UserSession>().Where(s => s.Id == sessionId && s.RevokedUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedUtc, now).SetProperty(s => s.RevokedReason, reason), ct);
    }

    /// <summary>Ends every open session of a user, except <paramref name="keep"/> (the session that changed its own password).</summary>
    public Task<int> RevokeAllAsync(string userId, string reason, string? keep = null, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Set<UserSession>().Where(s => s.UserId == userId && s.RevokedUtc == null && s.Id != keep)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.RevokedUtc, now).SetProperty(s => s.RevokedReason, reason), ct);
    }

    internal Task SetRestrictionAsync(string sessionId, SessionRestriction restriction, CancellationToken ct = default)
        => db.Set<UserSession>().Where(s => s.Id == sessionId).ExecuteUpdateAsync(u => u.SetProperty(s => s.Restriction, restriction), ct);

    /// <summary>The open sessions of a user, newest first.</summary>
    public async Task<List<SessionInfo>> OpenAsync(string userId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var rows = await db.Set<UserSession>().AsNoTracking().Where(s => s.UserId == userId && s.RevokedUtc == null && s.ExpiresUtc > now)
            .ToListAsync(ct);
        return rows.Where(s => now - s.LastSeenUtc < TimeSpan.FromSeconds(s.IdleTimeoutSeconds)).OrderByDescending(s => s.CreatedUtc)
            .Select(s => new SessionInfo(s.Id, s.CreatedUtc, s.LastSeenUtc, s.ExpiresUtc, s.ClientAddress, s.UserAgent)).ToList();
    }
}
