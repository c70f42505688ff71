using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Audit;

/// <summary>
/// Writes audit entries into the current unit of work: the entry is saved (or rolled back) together with the
/// change it describes. Call <see cref="Append"/> before SaveChangesAsync.
/// </summary>
public interface IAuditTrail
{
    Task AppendAsync(AuditRecord record, CancellationToken ct = default);
}

/// <summary>Who is acting and from where. The web host supplies the signed-in user and the client address.</summary>
public interface IAuditActorAccessor
{
    string Actor { get; }

    string? IpAddress { get; }
}

public sealed class SystemAuditActor : IAuditActorAccessor
{
    public string Actor => "system";

    public string? IpAddress => null;
}

public sealed class AuditTrail(NmcDbContext db, ITenantContext tenant, IAuditActorAccessor actor, TimeProvider clock) : IAuditTrail
{
    // Order of appends within this unit of work; AuditChainInterceptor replaces it with the chain sequence at save time.
    private long _order;

    public Task AppendAsync(AuditRecord record, CancellationToken ct = default)
    {
        // Sequence and hashes are assigned when the unit of work is saved, under the head lock
        // (AuditChainInterceptor): two concurrent writers queue up and the chain stays linear.
        var entry = new AuditEntry
        {
            Sequence = ++_order,
            TimestampUtc = AuditChain.Truncate(clock.GetUtcNow().UtcDateTime),
            TenantId = record.TenantId ?? tenant.TenantId,
            Actor = Limit(record.Actor ?? actor.Actor, 100)!,
            IpAddress = Limit(actor.IpAddress, 64),
            Action = Limit(record.Action, 64)!,
            SubjectType = Limit(record.SubjectType, 64)!,
            SubjectId = Limit(record.SubjectId, 200)!,
            Before = Limit(record.Before, 2000),
            After = Limit(record.After, 2000),
            Detail = Limit(record.Detail, 4000),
        };
        db.Add(entry);
        return Task.CompletedTask;
    }

    private static string? Limit(string? value, int length) => value is null || value.Length <= length ? value : value[..length];
}
