using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

/// <summary>The first line of an archive: what it holds and where in the chain.</summary>
public sealed record AuditArchiveHeader(
    [property: JsonPropertyName("format")] string Format,
    [property: JsonPropertyName("keyId")] string KeyId,
    [property: JsonPropertyName("fromSequence")] long FromSequence,
    [property: JsonPropertyName("toSequence")] long ToSequence,
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("previousHash")] string PreviousHash,
    [property: JsonPropertyName("lastHash")] string LastHash,
    [property: JsonPropertyName("fromUtc")] string? FromUtc,
    [property: JsonPropertyName("toUtc")] string? ToUtc,
    [property: JsonPropertyName("createdUtc")] string CreatedUtc);

/// <summary>One entry as the archive carries it (every field the MAC covers, and the MACs).</summary>
public sealed record ArchivedEntry(
    [property: JsonPropertyName("sequence")] long Sequence,
    [property: JsonPropertyName("timestampUtc")] string TimestampUtc,
    [property: JsonPropertyName("tenantId")] string? TenantId,
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("ipAddress")] string? IpAddress,
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("subjectType")] string SubjectType,
    [property: JsonPropertyName("subjectId")] string SubjectId,
    [property: JsonPropertyName("before")] string? Before,
    [property: JsonPropertyName("after")] string? After,
    [property: JsonPropertyName("detail")] string? Detail,
    [property: JsonPropertyName("previousHash")] string PreviousHash,
    [property: JsonPropertyName("hash")] string Hash)
{
    public const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

    public static ArchivedEntry From(AuditEntry e) => new(e.Sequence, e.TimestampUtc.ToString(TimeFormat, CultureInfo.InvariantCulture), e.TenantId, e.Actor,
        e.IpAddress, e.Action, e.SubjectType, e.SubjectId, e.Before, e.After, e.Detail, e.PreviousHash, e.Hash);

    public AuditEntry ToEntry() => new()
    {
        Sequence = Sequence,
        TimestampUtc = DateTime.ParseExact(TimestampUtc, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
        TenantId = TenantId, Actor = Actor, IpAddress = IpAddress, Action = Action, SubjectType = SubjectType, SubjectId = SubjectId,
        Before = Before, After = After, Detail = Detail, PreviousHash = PreviousHash, Hash = Hash,
    };
}

public sealed record ArchiveVerification(bool Valid, AuditArchiveHeader? Header, long? FirstBrokenSequence, IReadOnlyList<string> Problems);

/// <summary>The result of archiving and removing old entries.</summary>
public sealed record AuditPurgeResult(bool Done, string Message, string? ArchiveFile = null, long Removed = 0);

/// <summary>
/// Export of a period as a signed archive, its offline check, and the removal of old entries. An archive is JSON lines
/// (UTF-8): a header, one line per entry (every field the MAC covers and the MACs), and a last line
/// <c>{"signature":"…"}</c>, the MAC with the audit key's archive sub-key of every byte before it. <c>audit
/// verify-archive FILE</c> checks the signature, the sequence and every entry's MAC with the same key. Removal keeps
/// everything younger than <see cref="AuditOptions.RetentionDays"/>, writes the older entries to an archive first,
/// reads the archive back and verifies it, and only then deletes them, in one transaction with its own
/// <c>audit.purged</c> entry naming the base the chain continues from.
/// </summary>
public sealed class AuditArchive(NmcDbContext db, AuditKeyRing keys, AuditPaths paths, IOptions<AuditOptions> options, TimeProvider clock)
{
    public const string Format = "nmc-audit-archive/1";

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The entries appended in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>) as a signed archive (the whole log when both are null); audited.</summary>
    public async Task<(byte[] Content, AuditArchiveHeader Header)> ExportAsync(DateTime? fromUtc, DateTime? toUtc, CancellationToken ct = default)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        var first = await query.Where(e => fromUtc == null || e.TimestampUtc >= fromUtc).MinAsync(e => (long?)e.Sequence, ct);
        var last = await query.Where(e => toUtc == null || e.TimestampUtc < toUtc).MaxAsync(e => (long?)e.Sequence, ct);
        var (content, header) = await BuildAsync(first ?? 1, first is null || last is null ? 0 : last.Value, fromUtc, toUtc, ct);
        db.Raise(new Audited(new AuditRecord("audit.exported", "AuditLog", "archive",
            null, $"{header.FromSequence}-{header.ToSequence} sha256 {Convert.ToHexStringLower(SHA256.HashData(content))}",
            $"导出审计日志 {Show(fromUtc)} 至 {Show(toUtc)}：第 {header.FromSequence} 至 {header.ToSequence} 条，共 {header.Count} 条（签名归档）")));
        await db.SaveChangesAsync(ct);
        return (content, header);
    }

    private static string Show(DateTime? utc) => utc?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "不限";

    /// <summary>The archive of the sequences <paramref name="from"/>..<paramref name="to"/> (empty when to &lt; from).</summary>
    private async Task<(byte[] Content, AuditArchiveHeader Header)> BuildAsync(long from, long to, DateTime? fromUtc, DateTime? toUtc, CancellationToken ct)
    {
        var entries = to < from ? [] : await db.Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Sequence >= from && e.Sequence <= to).OrderBy(e => e.Sequence).ToListAsync(ct);
        var time = clock.GetUtcNow().UtcDateTime.ToString(ArchivedEntry.TimeFormat, CultureInfo.InvariantCulture);
        var header = new AuditArchiveHeader(Format, keys.KeyId, entries.Count == 0 ? from : entries[0].Sequence, entries.Count == 0 ? from - 1 : entries[^1].Sequence,
            entries.Count, entries.Count == 0 ? "" : entries[0].PreviousHash, entries.Count == 0 ? "" : entries[^1].Hash,
            fromUtc?.ToString(ArchivedEntry.TimeFormat, CultureInfo.InvariantCulture), toUtc?.ToString(ArchivedEntry.TimeFormat, CultureInfo.InvariantCulture), time);
        var body = new StringBuilder();
        body.Append(JsonSerializer.Serialize(header, Json)).Append('\n');
        foreach (var e in entries)
        {
            body.Append(JsonSerializer.Serialize(ArchivedEntry.From(e), Json)).Append('\n');
        }
        var bytes = Encoding.UTF8.GetBytes(body.ToString());
        var signature = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { signature = keys.ArchiveMac(bytes) }) + "\n");
        return ([.. bytes, .. signature], header);
    }

    /// <summary>Checks an archive offline: its signature, then every entry's sequence, link and MAC. Needs only the audit key, not the database.</summary>
    public static ArchiveVerification Verify(AuditKeyRing keys, byte[] content)
    {
        var problems = new List<string>();
        long? firstBroken = null;
        ArchiveVerification Fail(string problem, long? sequence = null)
        {
            problems.Add(problem);
            return new ArchiveVerification(false, null, sequence, problems);
        }
        var end = content.Length > 0 && content[^1] == (byte)'\n' ? content.Length - 1 : content.Length;
        var lastBreak = Array.LastIndexOf(content, (byte)'\n', Math.Max(end - 1, 0));
        if (end == 0 || lastBreak < 0)
        {
            return Fail("文件不是审计归档（缺少签名行）。");
        }
        string? signature;
        try
        {
            signature = JsonDocument.Parse(content.AsMemory(lastBreak + 1, end - lastBreak - 1)).RootElement.GetProperty("signature").GetString();
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return Fail("文件不是审计归档（最后一行不是签名）。");
        }
        var signed = content.AsSpan(0, lastBreak + 1);
        if (!AuditKeyRing.SameMac(keys.ArchiveMac(signed), signature))
        {
            var keyNote = TryHeader(signed) is { } h && h.KeyId != keys.KeyId ? $"（归档用密钥 {h.KeyId} 签名，当前密钥为 {keys.KeyId}）" : "（归档被修改）";
            return Fail("归档签名不符" + keyNote + "。");
        }
        var lines = Encoding.UTF8.GetString(signed).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var header = TryHeader(signed);
        if (header is null || header.Format != Format)
        {
            return Fail("归档的第一行不是可识别的归档说明。");
        }
        var previousHash = header.PreviousHash;
        var expected = header.FromSequence;
        long count = 0;
        foreach (var line in lines.Skip(1))
        {
            ArchivedEntry? archived;
            try
            {
                archived = JsonSerializer.Deserialize<ArchivedEntry>(line, Json);
            }
            catch (JsonException)
            {
                archived = null;
            }
            if (archived is null)
            {
                problems.Add($"第 {expected} 条附近有一行无法读取。");
                firstBroken ??= expected;
                continue;
            }
            count++;
            var e = archived.ToEntry();
            if (e.Sequence != expected)
            {
                problems.Add($"应为第 {expected} 条，归档中是第 {e.Sequence} 条（记录缺失或顺序被改）。");
                firstBroken ??= expected;
            }
            if (e.PreviousHash != previousHash)
            {
                problems.Add($"第 {e.Sequence} 条的前序校验码与上一条不符。");
                firstBroken ??= e.Sequence;
            }
            if (!AuditKeyRing.SameMac(AuditChain.Seal(keys, e), e.Hash))
            {
                problems.Add($"第 {e.Sequence} 条的内容与其密钥校验码不符。");
                firstBroken ??= e.Sequence;
            }
            previousHash = e.Hash;
            expected = e.Sequence + 1;
        }
        if (count != header.Count || (count > 0 && (expected - 1 != header.ToSequence || previousHash != header.LastHash)))
        {
            problems.Add($"归档说明记录 {header.Count} 条（第 {header.FromSequence} 至 {header.ToSequence} 条），实际读到 {count} 条。");
            firstBroken ??= expected;
        }
        return new ArchiveVerification(problems.Count == 0, header, firstBroken, problems);
    }

    private static AuditArchiveHeader? TryHeader(ReadOnlySpan<byte> signed)
    {
        var firstBreak = signed.IndexOf((byte)'\n');
        try
        {
            return firstBreak < 0 ? null : JsonSerializer.Deserialize<AuditArchiveHeader>(signed[..firstBreak], Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>
    /// Archives and removes the entries older than <paramref name="beforeUtc"/> (default: the retention limit). Refused
    /// when that would touch an entry younger than the retention period, or when the archive does not verify.
    /// </summary>
    public async Task<AuditPurgeResult> PurgeAsync(DateTime? beforeUtc = null, CancellationToken ct = default)
    {
        var days = options.Value.RetentionDays;
        var limit = clock.GetUtcNow().UtcDateTime.AddDays(-days);
        if (beforeUtc is { } requested && requested > limit)
        {
            return new AuditPurgeResult(false, $"只能清理 {days} 天以前（{Show(limit)} 以前）的审计记录，{Show(requested)} 晚于这个时间。");
        }
        var cutoff = beforeUtc ?? limit;
        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
        if (head is null)
        {
            return new AuditPurgeResult(false, "审计日志为空，没有可清理的记录。");
        }
        // Only a prefix of the chain goes: up to the entry before the first one that is young enough to keep.
        var firstKept = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence > head.BaseSequence && e.TimestampUtc >= cutoff)
            .MinAsync(e => (long?)e.Sequence, ct);
        var to = (firstKept ?? head.Sequence + 1) - 1;
        if (to <= head.BaseSequence)
        {
            return new AuditPurgeResult(false, $"没有早于 {Show(cutoff)} 的审计记录，无需清理。");
        }
        var (content, header) = await BuildAsync(head.BaseSequence + 1, to, null, cutoff, ct);
        var check = Verify(keys, content);
        if (!check.Valid || header.FromSequence != head.BaseSequence + 1 || header.PreviousHash != head.BaseHash)
        {
            return new AuditPurgeResult(false, "要清理的记录未通过校验，未做任何清理：" + string.Join("；", check.Problems.DefaultIfEmpty("起点与清理基点不衔接")) + "。请先运行审计日志校验。");
        }
        AuditPaths.EnsurePrivateDirectory(paths.ArchiveDirectory);
        var file = Path.Combine(paths.ArchiveDirectory,
            $"audit-{header.FromSequence}-{header.ToSequence}-{clock.GetUtcNow().UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture)}.jsonl");
        await using (var stream = AuditPaths.CreatePrivateFile(file))
        {
            await stream.WriteAsync(content, ct);
            await stream.FlushAsync(ct);
        }
        // What is on disk, read back, is what must verify before a single row goes.
        var written = await File.ReadAllBytesAsync(file, ct);
        if (!Verify(keys, written).Valid)
        {
            return new AuditPurgeResult(false, $"归档文件 {file} 写入后校验失败，未做任何清理。", file);
        }

        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var removed = await db.Set<AuditEntry>().Where(e => e.Sequence <= header.ToSequence).ExecuteDeleteAsync(ct);
        await db.Set<AuditHead>().Where(h => h.Id == 1)
            .ExecuteUpdateAsync(s => s.SetProperty(h => h.BaseSequence, header.ToSequence).SetProperty(h => h.BaseHash, header.LastHash), ct);
        db.Raise(new Audited(new AuditRecord("audit.purged", "AuditLog", "chain", $"{header.FromSequence}-{header.ToSequence}",
            AuditVerifier.PurgeMarker(header.ToSequence, header.LastHash),
            $"第 {header.FromSequence} 至 {header.ToSequence} 条（{removed} 条，早于 {Show(cutoff)}，保留期 {days} 天）已归档到 {Path.GetFileName(file)}（SHA-256 {Convert.ToHexStringLower(SHA256.HashData(written))}）后从日志中清理")));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new AuditPurgeResult(true, $"已归档并清理第 {header.FromSequence} 至 {header.ToSequence} 条审计记录（{removed} 条），归档文件：{file}", file, removed);
    }
}
