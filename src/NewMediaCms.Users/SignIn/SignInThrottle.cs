using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Users.SignIn;

/// <summary>
/// Limits of failed sign-ins (<c>SignIn:*</c> in configuration). Design (docs/security.md):
/// <list type="bullet">
/// <item>a user name is locked out <b>for one client address</b> after <see cref="LockoutFailures"/> failures from it
/// (lockout per account and client pair): an attacker elsewhere cannot lock the real user out;</item>
/// <item>a user name failing <see cref="ChallengeAfterNameFailures"/> times from anywhere asks every client for the
/// arithmetic challenge (the soft, global per-account brake: it slows a distributed guess and never locks out);</item>
/// <item>a client address failing <see cref="ChallengeAfterClientFailures"/> times (any names) is asked for the challenge,
/// and after <see cref="ClientBlockFailures"/> it is refused for <see cref="LockoutMinutes"/>;</item>
/// <item>unknown names are counted exactly like known ones, so a lockout or a challenge tells nothing about which exist.</item>
/// </list>
/// Counters live in the store (every node sees the same); a window of <see cref="WindowMinutes"/> starts at the first failure.
/// </summary>
public sealed class SignInThrottleOptions
{
    public int LockoutFailures { get; set; } = 5;

    public int LockoutMinutes { get; set; } = 15;

    public int WindowMinutes { get; set; } = 15;

    public int ChallengeAfterNameFailures { get; set; } = 3;

    public int ChallengeAfterClientFailures { get; set; } = 5;

    public int ClientBlockFailures { get; set; } = 50;
}

internal sealed record ThrottleVerdict(bool Blocked, bool ChallengeRequired);

public sealed class SignInThrottle(NmcDbContext db, TimeProvider clock, IOptions<SignInThrottleOptions> options)
{
    private SignInThrottleOptions O => options.Value;

    private static string Part(string value) => value.Length <= 150 ? value : Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    private static string NameKey(string name) => "n:" + Part(name);

    private static string PairKey(string name, string client) => "p:" + Part(name) + "|" + Part(client);

    private static string ClientKey(string client) => "c:" + Part(client);

    internal async Task<ThrottleVerdict> CheckAsync(string normalizedName, string client, CancellationToken ct)
    {
        var keys = new[] { NameKey(normalizedName), PairKey(normalizedName, client), ClientKey(client) };
        var rows = await db.Set<SignInCounter>().AsNoTracking().Where(c => keys.Contains(c.Key)).ToDictionaryAsync(c => c.Key, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        int Failures(string key) => rows.TryGetValue(key, out var c) && now - c.WindowStartUtc < TimeSpan.FromMinutes(O.WindowMinutes) ? c.Failures : 0;
        bool Locked(string key) => rows.TryGetValue(key, out var c) && c.LockedUntilUtc > now;
        return new(Locked(keys[1]) || Locked(keys[2]),
            Failures(keys[0]) >= O.ChallengeAfterNameFailures || Failures(keys[2]) >= O.ChallengeAfterClientFailures);
    }

    /// <summary>Whether this client is asked for the challenge whatever name it types (shown with the empty form).</summary>
    internal async Task<bool> ClientNeedsChallengeAsync(string client, CancellationToken ct)
    {
        var key = ClientKey(client);
        var row = await db.Set<SignInCounter>().AsNoTracking().FirstOrDefaultAsync(c => c.Key == key, ct);
        return row is not null && clock.GetUtcNow().UtcDateTime - row.WindowStartUtc < TimeSpan.FromMinutes(O.WindowMinutes)
               && row.Failures >= O.ChallengeAfterClientFailures;
    }

    /// <summary>Counts a failure for the name, the pair and the client; answers whether the pair is now locked out.</summary>
    internal async Task<bool> RecordFailureAsync(string normalizedName, string client, CancellationToken ct)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                var pairLocked = false;
                var now = clock.GetUtcNow().UtcDateTime;
                foreach (var (key, lockAt) in new[] { (NameKey(normalizedName), 0), (PairKey(normalizedName, client), O.LockoutFailures), (ClientKey(client), O.ClientBlockFailures) })
                {
                    var row = await db.Set<SignInCounter>().FirstOrDefaultAsync(c => c.Key == key, ct);
                    if (row is null)
                    {
                        row = new SignInCounter { Key = key, WindowStartUtc = now };
                        db.Add(row);
                    }
                    if (now - row.WindowStartUtc >= TimeSpan.FromMinutes(O.WindowMinutes))
                    {
                        row.WindowStartUtc = now;
                        row.Failures = 0;
                    }
                    row.Failures++;
                    if (lockAt > 0 && row.Failures >= lockAt)
                    {
                        row.LockedUntilUtc = now.AddMinutes(O.LockoutMinutes);
                        pairLocked |= key.StartsWith("p:", StringComparison.Ordinal);
                    }
                }
                await db.SaveChangesAsync(ct);
                return pairLocked;
            }
            catch (DbUpdateException) when (attempt < 2)
            {
                // Another node inserted the same counter at the same moment: count again on top of its row.
                db.ChangeTracker.Clear();
            }
        }
    }

    /// <summary>A right password clears the pair's and the name's counts (not the client's: a valid account must not launder a guessing client).</summary>
    internal async Task RecordSuccessAsync(string normalizedName, string client, CancellationToken ct)
    {
        var keys = new[] { NameKey(normalizedName), PairKey(normalizedName, client) };
        await db.Set<SignInCounter>().Where(c => keys.Contains(c.Key)).ExecuteDeleteAsync(ct);
    }
}
