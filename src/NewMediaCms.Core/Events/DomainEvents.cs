using NewMediaCms.Core.Data;

namespace NewMediaCms.Core.Events;

/// <summary>Something that happened inside a unit of work that other capabilities react to (search outbox, audit, cache).</summary>
public interface IDomainEvent;

/// <summary>
/// Reacts to an event inside the same unit of work, before it is saved: whatever the handler adds to the
/// context (an outbox row, an audit entry) commits or rolls back together with the change that raised it.
/// </summary>
public interface IDomainEventHandler<in TEvent> where TEvent : IDomainEvent
{
    Task HandleAsync(TEvent domainEvent, NmcDbContext db, CancellationToken cancellationToken);
}
