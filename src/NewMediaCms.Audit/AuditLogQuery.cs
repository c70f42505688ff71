using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

public sealed record AuditFilter(string? TenantId, string? Actor = null, string? Action = null, string? Subject = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

/// <summary>Reads the log newest first. A null tenant in the filter means the whole matrix (matrix roles only).</summary>
public sealed class AuditLogQuery(NmcDbContext db)
{
    /// <summary>Looking at the log is itself audited (三权分立: the audit administrator's actions are in the chain too).</summary>
    public async Task RecordViewAsync(string what, CancellationToken ct = default)
    {
        db.Raise(new Audited(new AuditRecord("audit.viewed", "AuditLog", "log", Detail: what)));
        await db.SaveChangesAsync(ct);
    }

    public async Task<(List<AuditEntry> Entries, int Total)> SearchAsync(AuditFilter filter, bool acrossMatrix, int page, int pageSize, CancellationToken ct = default)
    {
        var query = db.Set<AuditEntry>().AsNoTracking();
        if (!acrossMatrix || filter.TenantId is not null)
        {
            query = query.Where(e => e.TenantId == filter.TenantId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            query = query.Where(e => e.Actor == filter.Actor.Trim());
        }
        if (!string.IsNullOrWhiteSpace(filter.Action))
        {
            var action = filter.Action.Trim();
            query = query.Where(e => e.Action.StartsWith(action));
        }
        if (!string.IsNullOrWhiteSpace(filter.Subject))
        {
            query = query.Where(e => e.SubjectId == filter.Subject.Trim());
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.TimestampUtc >= from);
        }
        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.TimestampUtc < to);
        }
        var total = await query.CountAsync(ct);
        var entries = await query.OrderByDescending(e => e.Sequence).Skip((Math.Max(page, 1) - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (entries, total);
    }
}
