using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Users.SignIn;

/// <summary>A challenge to show: its id (a hidden field) and the question.</summary>
public sealed record ChallengeQuestion(string Id, string Question);

/// <summary>
/// The arithmetic challenge (算术验证码) after repeated failures: generated and checked on the server, no third-party
/// service; each challenge is answered once (right or wrong) and lives five minutes. It is a brake on scripted
/// guessing, not a wall: the lockout per account and client and the client limit stay the protection.
/// </summary>
public sealed class SignInChallenges(NmcDbContext db, TimeProvider clock)
{
    private static readonly string[] Digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    internal async Task<ChallengeQuestion> IssueAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Set<SignInChallenge>().Where(c => c.ExpiresUtc < now).ExecuteDeleteAsync(ct);
        var a = RandomNumberGenerator.GetInt32(2, 10);
        var b = RandomNumberGenerator.GetInt32(1, a);
        var add = RandomNumberGenerator.GetInt32(2) == 0;
        var challenge = new SignInChallenge
        {
            Id = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant(),
            Answer = add ? a + b : a - b,
            ExpiresUtc = now.AddMinutes(5),
        };
        db.Add(challenge);
        await db.SaveChangesAsync(ct);
        return new(challenge.Id, $"{Digits[a]} {(add ? "加" : "减")} {Digits[b]} 等于几？（填阿拉伯数字）");
    }

    /// <summary>Whether the answer is right; the challenge is used up either way.</summary>
    internal async Task<bool> VerifyAsync(string? id, string? answer, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(id) || !int.TryParse(answer?.Trim(), out var value))
        {
            if (!string.IsNullOrEmpty(id))
            {
                await db.Set<SignInChallenge>().Where(c => c.Id == id).ExecuteDeleteAsync(ct);
            }
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var row = await db.Set<SignInChallenge>().AsNoTracking().FirstOrDefaultAsync(c => c.Id == id, ct);
        if (row is null)
        {
            return false;
        }
        // Only one request wins the delete: a challenge cannot be replayed by parallel requests.
        var used = await db.Set<SignInChallenge>().Where(c => c.Id == id).ExecuteDeleteAsync(ct);
        return used == 1 && row.ExpiresUtc > now && row.Answer == value;
    }
}
