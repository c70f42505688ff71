using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace NewMediaCms.Audit;

/// <summary>
/// The chain: each entry's MAC is a keyed MAC (<see cref="AuditKeyRing"/>) over the previous entry's MAC and a canonical
/// form of the entry, so that nobody without the key, however much of the database they can write, can make a changed,
/// removed or inserted entry fit.
/// </summary>
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

    /// <summary>The entry's MAC under the audit key.</summary>
    public static string Seal(AuditKeyRing keys, AuditEntry e) => keys.EntryMac(e.PreviousHash, Canonical(e));

    /// <summary>The scheme before the keyed MAC (plain SHA-256, anyone could recompute it): only to check an old chain once before it is re-sealed.</summary>
    public static string LegacySha256(AuditEntry e)
        => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(e.PreviousHash + "\n" + Canonical(e))));

    /// <summary>Milliseconds only: PostgreSQL keeps microseconds and SQLite ticks, the hash must survive both.</summary>
    public static DateTime Truncate(DateTime utc)
        => new(utc.Ticks - utc.Ticks % TimeSpan.TicksPerMillisecond, DateTimeKind.Utc);
}
