using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

public sealed record AuditVerification(bool Valid, long Checked, long? FirstBrokenSequence, IReadOnlyList<string> Problems);

/// <summary>Walks the whole chain in order and reports every entry that was edited, removed or inserted.</summary>
public sealed class AuditVerifier(NmcDbContext db)
{
    private const int Batch = 2000;
    private const int MaxProblems = 100;

    /// <summary>Verifies the chain and records that it was checked (the admin page's button; the command line only reads).</summary>
    public async Task<AuditVerification> VerifyAndRecordAsync(CancellationToken ct = default)
    {
        var result = await VerifyAsync(ct);
        db.Raise(new Audited(new AuditRecord("audit.verified", "AuditLog", "chain", null, result.Valid ? "valid" : $"broken at {result.FirstBrokenSequence}",
            result.Valid ? $"校验 {result.Checked} 条，链条完整" : $"校验发现 {result.Problems.Count} 处问题")));
        await db.SaveChangesAsync(ct);
        return result;
    }

    public async Task<AuditVerification> VerifyAsync(CancellationToken ct = default)
    {
        var problems = new List<string>();
        long? firstBroken = null;
        void Problem(long sequence, string message)
        {
            firstBroken ??= sequence;
            if (problems.Count < MaxProblems)
            {
                problems.Add(message);
            }
        }

        var previousHash = AuditChain.Genesis;
        long previousSequence = 0;
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
                    Problem(e.Sequence, $"第 {e.Sequence} 条记录的前序哈希与上一条不符（上一条被修改或删除）。");
                }
                if (AuditChain.ComputeHash(e) != e.Hash)
                {
                    Problem(e.Sequence, $"第 {e.Sequence} 条记录的内容与其哈希不符（记录被修改）。");
                }
                previousSequence = e.Sequence;
                previousHash = e.Hash;
            }
        }

        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, ct);
        if (head is not null && (head.Sequence != previousSequence || head.Hash != previousHash))
        {
            Problem(Math.Min(head.Sequence, previousSequence + 1),
                $"链头记录为第 {head.Sequence} 条，但日志只到第 {previousSequence} 条（末尾记录被删除或链头被修改）。");
        }
        return new AuditVerification(problems.Count == 0, count, firstBroken, problems);
    }
}
