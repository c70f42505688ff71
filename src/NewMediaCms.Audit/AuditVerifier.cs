using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

/// <summary>What a check of the log found: every problem in Chinese, and the first sequence that is not as it was written.</summary>
public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenSequence, IReadOnlyList<string> Problems)
{
    /// <summary>Checkpoints in the anchor file.</summary>
    public int Checkpoints { get; init; }

    /// <summary>The sequence of the last checkpoint, if any: the log must reach it with the same MAC.</summary>
    public long? LastCheckpoint { get; init; }

    /// <summary>Entries before this one were archived and removed (0: none).</summary>
    public long BaseSequence { get; init; }

    public string KeyId { get; init; } = "";
}

/// <summary>
/// Walks the whole chain in order and checks, with the key that is not in the database: every entry's MAC, that the
/// sequence has no gap and each entry names its predecessor's MAC, that the chain starts where the last recorded removal
/// left it, that the head row matches the last entry, and that the log reaches every checkpoint of the anchor file with
/// the same MAC (a cut tail or an emptied log falls short of the last checkpoint). It names the first bad sequence.
/// </summary>
public sealed class AuditVerifier(NmcDbContext db, AuditKeyRing keys, AuditAnchor anchor)
{
    private const int Batch = 2000;
    private const int MaxProblems = 100;

    /// <summary>The After of the removal entry: the base the chain continues from.</summary>
    public static string PurgeMarker(long baseSequence, string baseHash) => $"base {baseSequence} {baseHash}";

    /// <summary>Verifies the chain and records that it was checked (the admin page's button; the command line only reads).</summary>
    public async Task<AuditVerification> VerifyAndRecordAsync(CancellationToken ct = default)
    {
        var result = await VerifyAsync(ct);
        db.Raise(new Audited(new AuditRecord("audit.verified", "AuditLog", "chain", null, result.Valid ? "valid" : $"broken at {result.FirstBrokenSequence}",
            result.Valid ? $"校验 {result.Checked} 条，链条完整，外部检查点 {result.Checkpoints} 个" : $"校验发现 {result.Problems.Count} 处问题，自第 {result.FirstBrokenSequence} 条起")));
        await db.SaveChangesAsync(ct);
        return result;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var problems = new List<string>();
        long? firstBroken = null;
        void Problem(long? sequence, string message)
        {
            if (sequence is { } s)
            {
                firstBroken = firstBroken is { } f ? Math.Min(f, s) : s;
            }
            if (problems.Count < MaxProblems)
            {
                problems.Add(message);
            }
        }

        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
        var baseSequence = head?.BaseSequence ?? 0;
        var anchorLines = anchor.Read();
        var checkpoints = new Dictionary<long, AuditCheckpoint>();
        foreach (var line in anchorLines)
        {
            if (line.Problem is not null)
            {
                Problem(line.Checkpoint?.Sequence, line.Problem);
            }
            else if (line.Checkpoint is { } checkpoint)
            {
                checkpoints[checkpoint.Sequence] = checkpoint;
            }
        }
        var lastCheckpoint = checkpoints.Count == 0 ? (AuditCheckpoint?)null : checkpoints.Values.MaxBy(c => c.Sequence);
        AuditVerification Result(long count) => new(problems.Count == 0, count, firstBroken, problems)
        {
            Checkpoints = anchorLines.Count,
            LastCheckpoint = lastCheckpoint?.Sequence,
            BaseSequence = baseSequence,
            KeyId = keys.KeyId,
        };

        if (head is { KeyId: null, Sequence: > 0 })
        {
            Problem(1, "审计日志尚未用审计密钥封存（旧的 SHA-256 哈希链，任何能写数据库的人都能重算）。请启动一次应用完成升级封存。");
            return Result(0);
        }
        if (head is { KeyId: { } sealedWith } && sealedWith != keys.KeyId)
        {
            Problem(baseSequence + 1, $"审计日志用密钥 {sealedWith} 封存，当前配置的密钥为 {keys.KeyId}：请配置原来的审计密钥后再校验。");
            return Result(0);
        }

        var previousHash = head?.BaseHash ?? AuditChain.Genesis;
        var previousSequence = baseSequence;
        var baseJustified = baseSequence == 0;
        var marker = PurgeMarker(baseSequence, previousHash);
        long count = 0;
        while (true)
        {
            var after = previousSequence;
            var batch = await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Sequence > after)
                .OrderBy(e => e.Sequence).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var e in batch)
            {
                count++;
                if (e.Sequence != previousSequence + 1)
                {
                    Problem(previousSequence + 1, $"第 {previousSequence + 1} 至 {e.Sequence - 1} 条记录缺失（被删除）。");
                }
                if (e.PreviousHash != previousHash)
                {
                    Problem(e.Sequence, $"第 {e.Sequence} 条记录的前序校验码与上一条不符（上一条被修改或删除）。");
                }
                var sealedOk = AuditKeyRing.SameMac(AuditChain.Seal(keys, e), e.Hash);
                if (!sealedOk)
                {
                    Problem(e.Sequence, $"第 {e.Sequence} 条记录的内容与其密钥校验码不符（记录被修改或伪造）。");
                }
                if (checkpoints.TryGetValue(e.Sequence, out var checkpoint) && !AuditKeyRing.SameMac(checkpoint.Mac, e.Hash))
                {
                    Problem(e.Sequence, $"第 {e.Sequence} 条记录与 {checkpoint.TimeUtc} 的外部检查点不符（日志被改写）。");
                }
                if (sealedOk && e.Action == "audit.purged" && e.After == marker)
                {
                    baseJustified = true;
                }
                previousSequence = e.Sequence;
                previousHash = e.Hash;
            }
        }

        if (!baseJustified)
        {
            Problem(baseSequence, $"日志从第 {baseSequence + 1} 条开始，但没有经过校验的清理记录说明第 {baseSequence} 条及以前的记录已归档清理。");
        }
        if (head is not null && (head.Sequence != previousSequence || head.Hash != previousHash))
        {
            Problem(Math.Min(head.Sequence, previousSequence) + 1,
                $"链头记录为第 {head.Sequence} 条，但日志只到第 {previousSequence} 条（末尾记录被删除或链头被修改）。");
        }
        if (lastCheckpoint is not null && lastCheckpoint.Sequence > previousSequence)
        {
            Problem(previousSequence + 1, previousSequence == baseSequence
                ? $"外部检查点表明日志在 {lastCheckpoint.TimeUtc} 已有 {lastCheckpoint.Sequence} 条，但日志中没有任何记录（日志被清空）。"
                : $"外部检查点表明日志在 {lastCheckpoint.TimeUtc} 已到第 {lastCheckpoint.Sequence} 条，但日志只到第 {previousSequence} 条（末尾记录被截断）。");
        }
        return Result(count);
    }
}
