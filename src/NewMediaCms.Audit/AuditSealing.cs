using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

/// <summary>
/// Run at every start, after the migrations: a new store's chain head is bound to the audit key; a chain of the old
/// plain SHA-256 scheme is re-sealed once with the keyed MAC (its old chain checked first, the finding recorded in an
/// <c>audit.resealed</c> entry) and anchored at once. Re-sealing cannot prove that nobody changed the old entries before
/// the upgrade — nothing could, the old scheme had no secret — it only stops anyone changing them unseen from now on.
/// It is refused when the anchor file already holds checkpoints (then the keyed chain existed, and an unsealed chain in
/// the database means the database was replaced), and a chain sealed with another key stops the start.
/// </summary>
public sealed class AuditSealing(NmcDbContext db, AuditKeyRing keys, AuditAnchor anchor, AuditPaths paths, ILogger<AuditSealing> logger)
{
    private const int Batch = 2000;

    public async Task EnsureAsync(CancellationToken ct = default)
    {
        var head = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.Id == 1, ct);
        var anyEntry = await db.Set<AuditEntry>().AnyAsync(ct);
        if (head?.KeyId is { } sealedWith)
        {
            if (sealedWith != keys.KeyId)
            {
                throw new AuditKeyException($"审计日志用密钥 {sealedWith} 封存，但当前的审计密钥是 {keys.KeyId}。请恢复原来的密钥" +
                    $"（配置项 Audit:Key，或密钥文件 {paths.KeyFile}）及其算法（Audit:Algorithm）；更换密钥会使已有日志无法校验。");
            }
            return;
        }
        if (head is null && !anyEntry)
        {
            db.Add(new AuditHead { Sequence = 0, Hash = AuditChain.Genesis, KeyId = keys.KeyId });
            await db.SaveChangesAsync(ct);
            return;
        }
        if (head is not null && head.Sequence == 0 && !anyEntry)
        {
            head.KeyId = keys.KeyId;
            await db.SaveChangesAsync(ct);
            return;
        }
        if (anchor.Read().Count > 0)
        {
            throw new AuditKeyException($"数据库中的审计日志没有密钥封存标识，但外部检查点文件 {anchor.File} 已有检查点：" +
                "数据库中的日志可能被替换或改写，拒绝重新封存。请用 audit verify 命令查看问题，并从备份恢复数据库。");
        }
        await ResealAsync(head, ct);
    }

    private async Task ResealAsync(AuditHead? head, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var oldHead = head?.Hash ?? "";
        var legacyPrevious = AuditChain.Genesis;
        var sealedPrevious = AuditChain.Genesis;
        long previousSequence = 0;
        long count = 0;
        long? legacyBroken = null;
        while (true)
        {
            var after = previousSequence;
            var batch = await db.Set<AuditEntry>().Where(e => e.Sequence > after).OrderBy(e => e.Sequence).Take(Batch).ToListAsync(ct);
            if (batch.Count == 0)
            {
                break;
            }
            foreach (var e in batch)
            {
                count++;
                if (legacyBroken is null && (e.Sequence != previousSequence + 1 || e.PreviousHash != legacyPrevious || AuditChain.LegacySha256(e) != e.Hash))
                {
                    legacyBroken = e.Sequence;
                }
                legacyPrevious = e.Hash;
                e.PreviousHash = sealedPrevious;
                e.Hash = sealedPrevious = AuditChain.Seal(keys, e);
                previousSequence = e.Sequence;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
        }
        if (legacyBroken is null && head is not null && (head.Sequence != previousSequence || head.Hash != legacyPrevious))
        {
            legacyBroken = Math.Min(head.Sequence, previousSequence) + 1;
        }
        var current = await db.Set<AuditHead>().FirstOrDefaultAsync(h => h.Id == 1, ct);
        if (current is null)
        {
            db.Add(current = new AuditHead());
        }
        current.Sequence = previousSequence;
        current.Hash = sealedPrevious;
        current.KeyId = keys.KeyId;
        await db.SaveChangesAsync(ct);

        var finding = legacyBroken is null ? "重新封存前旧哈希链校验完整" : $"重新封存前旧哈希链自第 {legacyBroken} 条起断裂（旧记录在升级前可能已被改动）";
        db.Raise(new Audited(new AuditRecord("audit.resealed", "AuditLog", "chain", $"sha256 {oldHead}", keys.KeyId,
            $"审计日志升级为密钥封存：{count} 条旧记录用 {AuditKeyRing.AlgorithmName(keys.Algorithm)} 重新封存；{finding}。", Actor: "system")));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        var sealedHead = await db.Set<AuditHead>().AsNoTracking().FirstAsync(h => h.Id == 1, ct);
        anchor.Write(sealedHead.Sequence, sealedHead.Hash, sealedHead.BaseSequence);
        logger.LogWarning("审计日志已升级为密钥封存：{Count} 条，{Finding}", count, finding);
    }
}
