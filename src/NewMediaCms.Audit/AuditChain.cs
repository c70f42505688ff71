using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NewMediaCms.Audit;

/// <summary>The hash chain: SHA-256 over the previous hash and a canonical form of the entry.</summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static readonly string Genesis = new('0', 64);

    /// <summary>A fixed-order JSON array of every field except the hashes: the same entry always gives the same text.</summary>
    public static string Canonical(AuditEntry e)
        => JsonSerializer.Serialize(new object?[]
        {
            e.Sequence,
            e.TimestampUtc.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
            e.TenantId,
            e.Actor,
            e.IpAddress,
            e.Action,
            e.SubjectType,
            e.SubjectId,
            e.Before,
            e.After,
            e.Detail,
        });

    public static string ComputeHash(AuditEntry e)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.PreviousHash + "\n" + Canonical(e))));

    /// <summary>Milliseconds only: PostgreSQL keeps microseconds and SQLite ticks, the hash must survive both.</summary>
    public static DateTime Truncate(DateTime utc)
        => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
