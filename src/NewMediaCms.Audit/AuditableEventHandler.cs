using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Audit;

/// <summary>The one handler of every <see cref="IAuditableEvent"/>: its entry joins the unit of work that raised it.</summary>
public sealed class AuditableEventHandler(IAuditTrail trail) : IDomainEventHandler<IAuditableEvent>
{
    public Task HandleAsync(IAuditableEvent domainEvent, NmcDbContext db, CancellationToken cancellationToken)
        => trail.AppendAsync(domainEvent.ToAuditRecord(), cancellationToken);
}
