using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Audit;

/// <summary>
/// The recurring job (id <see cref="JobId"/>) that anchors the committed chain head outside the store: a checkpoint
/// whenever the head moved since the last one, so at most one interval of entries is ever unanchored.
/// </summary>
public sealed class AuditCheckpointJob(NmcDbContext db, AuditAnchor anchor)
{
    public const string JobId = "audit-checkpoint";

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var head = await db.Set<AuditHead>().AsNoTracking().FirstOrDefaultAsync(h => h.Id == 1, cancellationToken);
        if (head is { KeyId: not null, Sequence: > 0 })
        {
            anchor.Write(head.Sequence, head.Hash, head.BaseSequence);
        }
    }
}
