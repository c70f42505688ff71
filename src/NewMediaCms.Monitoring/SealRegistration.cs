using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Monitoring;

/// <summary>
/// At publish, the notice's page and its department's home and notice list are (re)registered for a seal; the seal itself
/// is the CMS's render of the committed page, taken by the monitor from the origin before it next compares. Unpublish
/// and delete take the notice page out of the check.
/// </summary>
internal sealed class SealRegistration :
    IDomainEventHandler<ContentPublished>, IDomainEventHandler<ContentUnpublished>, IDomainEventHandler<ContentDeleted>
{
    public async Task HandleAsync(ContentPublished e, NmcDbContext db, CancellationToken ct)
    {
        await RegisterAsync(db, e.TenantId, "notice", "/notices/" + e.ContentItemId, e.ContentItemId, ct);
        await RegisterAsync(db, e.TenantId, "home", "/", null, ct);
        await RegisterAsync(db, e.TenantId, "list", "/notices", null, ct);
    }

    public Task HandleAsync(ContentUnpublished e, NmcDbContext db, CancellationToken ct) => RemoveAsync(db, e.TenantId, e.ContentItemId, ct);

    public Task HandleAsync(ContentDeleted e, NmcDbContext db, CancellationToken ct) => RemoveAsync(db, e.TenantId, e.ContentItemId, ct);

    internal static async Task RegisterAsync(NmcDbContext db, string tenantId, string kind, string path, string? itemId, CancellationToken ct)
    {
        var page = db.ChangeTracker.Entries<MonitoredPage>().Select(x => x.Entity).FirstOrDefault(p => p.TenantId == tenantId && p.Path == path)
                   ?? await db.Set<MonitoredPage>().AcrossTenants().FirstOrDefaultAsync(p => p.TenantId == tenantId && p.Path == path, ct);
        if (page is null)
        {
            db.Add(new MonitoredPage { TenantId = tenantId, Kind = kind, Path = path, ContentItemId = itemId, NeedsSeal = true });
            return;
        }
        page.NeedsSeal = true;
        page.Removed = false;
    }

    private static async Task RemoveAsync(NmcDbContext db, string tenantId, string itemId, CancellationToken ct)
    {
        var path = "/notices/" + itemId;
        if (await db.Set<MonitoredPage>().AcrossTenants().FirstOrDefaultAsync(p => p.TenantId == tenantId && p.Path == path, ct) is { } page)
        {
            page.Removed = true;
        }
        foreach (var list in await db.Set<MonitoredPage>().AcrossTenants().Where(p => p.TenantId == tenantId && p.Kind != "notice").ToListAsync(ct))
        {
            list.NeedsSeal = true;
        }
    }
}
