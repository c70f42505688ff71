using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Search.Outbox;

/// <summary>Adds an outbox row for every content change readers could see; it commits or rolls back with the change.</summary>
public sealed class SearchOutboxHandlers(TimeProvider clock) :
    IDomainEventHandler<ContentPublished>,
    IDomainEventHandler<ContentUnpublished>,
    IDomainEventHandler<ContentDeleted>
{
    public Task HandleAsync(ContentPublished e, NmcDbContext db, CancellationToken ct) => Add(db, e.TenantId, e.ContentItemId, "published");

    public Task HandleAsync(ContentUnpublished e, NmcDbContext db, CancellationToken ct) => Add(db, e.TenantId, e.ContentItemId, "unpublished");

    public Task HandleAsync(ContentDeleted e, NmcDbContext db, CancellationToken ct) => Add(db, e.TenantId, e.ContentItemId, "deleted");

    private Task Add(NmcDbContext db, string tenantId, string itemId, string reason)
    {
        db.Add(new SearchOutboxEntry
        {
            TenantId = tenantId,
            ContentItemId = itemId,
            Reason = reason,
            CreatedUtc = clock.GetUtcNow().UtcDateTime,
        });
        return Task.CompletedTask;
    }
}
