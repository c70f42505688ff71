using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Content.Published;

/// <summary>
/// The store behind <see cref="IPublishedContentSource"/>. Scoped: queries without an explicit department run in the
/// current department (the store's tenant filter); the rest name their departments and read across them.
/// </summary>
internal sealed class PublishedContentSource(NmcDbContext db, TimeProvider clock) : IPublishedContentSource
{
    /// <summary>What readers may see now: published, not deleted, its publication time come.</summary>
    private IQueryable<ContentVersion> Visible(bool acrossTenants)
    {
        var versions = acrossTenants ? db.Set<ContentVersion>().AcrossTenants() : db.Set<ContentVersion>();
        var now = clock.GetUtcNow().UtcDateTime;
        return versions.AsNoTracking().Where(v => v.Published && v.PublishedUtc <= now && !v.Item!.Deleted);
    }

    /// <summary>Published and not deleted, whatever its publication time and in every department (the search index).</summary>
    private IQueryable<ContentVersion> Indexable()
        => db.Set<ContentVersion>().AcrossTenants().IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.Published && !v.Item!.Deleted && v.PublishedUtc != null);

    public Task<List<PublishedItem>> DepartmentAsync(string tenantId, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().AsNoTracking()
            .Where(v => v.TenantId == tenantId && v.Published && v.PublishedUtc != null && !v.Item!.Deleted)
            .Select(v => new PublishedItem(v.ContentItemId, v.TenantId, v.Item!.AccountId, v.Item.ContentType, v.Title, v.Summary, v.PublishedUtc!.Value, null, v.FieldsJson))
            .ToListAsync(ct);

    public Task<string?> BodyAsync(string tenantId, string itemId, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().AsNoTracking()
            .Where(v => v.TenantId == tenantId && v.ContentItemId == itemId && v.Published && !v.Item!.Deleted)
            .Select(v => (string?)v.RenderedHtml).FirstOrDefaultAsync(ct);

    public Task<PublishedItem?> FindAsync(string id, CancellationToken ct = default)
        => Project(Visible(acrossTenants: false).Where(v => v.ContentItemId == id), withHtml: true).FirstOrDefaultAsync(ct);

    public Task<List<PublishedItem>> LatestAcrossMatrixAsync(IReadOnlyCollection<string> runningTenantIds, int take, CancellationToken ct = default)
        => Project(Visible(acrossTenants: true).Where(v => runningTenantIds.Contains(v.TenantId))
            .OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id).Take(take), withHtml: false).ToListAsync(ct);

    public async Task<ItemPage> PageAsync(int page, int pageSize, IReadOnlyCollection<string>? acrossTenantIds = null, string? accountId = null, string? contentType = null, CancellationToken ct = default)
    {
        var query = acrossTenantIds is null ? Visible(acrossTenants: false) : Visible(acrossTenants: true).Where(v => acrossTenantIds.Contains(v.TenantId));
        if (accountId is not null)
        {
            query = query.Where(v => v.Item!.AccountId == accountId);
        }
        if (contentType is not null)
        {
            query = query.Where(v => v.Item!.ContentType == contentType);
        }
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await Project(query.OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id)
            .Skip((page - 1) * pageSize).Take(pageSize), withHtml: false).ToListAsync(ct);
        return new ItemPage(items, page, pageSize, total);
    }

    public async Task<(int Total, List<SitemapEntry> Rows)> SitemapAsync(IReadOnlyCollection<string> tenantIds, int skip, int take, CancellationToken ct = default)
    {
        var query = Visible(acrossTenants: true).Where(v => tenantIds.Contains(v.TenantId));
        var total = await query.CountAsync(ct);
        if (take <= 0)
        {
            return (total, []);
        }
        var rows = await query.OrderBy(v => v.TenantId).ThenBy(v => v.ContentItemId).Skip(skip).Take(take)
            .Select(v => new { v.ContentItemId, v.TenantId, v.PublishedUtc }).ToListAsync(ct);
        return (total, rows.Select(r => new SitemapEntry(r.ContentItemId, r.TenantId, r.PublishedUtc!.Value)).ToList());
    }

    public async Task<Dictionary<string, DateTime>> LastPublishedByAccountAsync(CancellationToken ct = default)
    {
        var rows = await Visible(acrossTenants: true).Where(v => v.Item!.AccountId != null)
            .GroupBy(v => v.Item!.AccountId!)
            .Select(g => new { AccountId = g.Key, Last = g.Max(v => v.PublishedUtc) })
            .ToListAsync(ct);
        return rows.Where(r => r.Last != null).ToDictionary(r => r.AccountId, r => r.Last!.Value);
    }

    public Task<Dictionary<string, PublishedDocument>> DocumentsAsync(IReadOnlyCollection<string> itemIds, CancellationToken ct = default)
        => Documents(Indexable().Where(v => itemIds.Contains(v.ContentItemId))).ToDictionaryAsync(d => d.ItemId, ct);

    public Task<List<PublishedDocument>> DocumentsAfterAsync(string? afterItemId, int take, CancellationToken ct = default)
    {
        var query = Indexable();
        if (afterItemId is not null)
        {
            query = query.Where(v => string.Compare(v.ContentItemId, afterItemId) > 0);
        }
        return Documents(query.OrderBy(v => v.ContentItemId).Take(take)).ToListAsync(ct);
    }

    public Task<int> DocumentCountAsync(CancellationToken ct = default) => Indexable().CountAsync(ct);

    public Task<List<PublishedSource>> SourcesAfterAsync(long afterVersionId, int take, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().AsNoTracking()
            .Where(v => v.Published && !v.ItemDeleted && v.Id > afterVersionId).OrderBy(v => v.Id).Take(take)
            .Select(v => new PublishedSource(v.Id, v.ContentItemId, v.TenantId, v.AccountId, v.Title, v.Markdown, v.FieldsJson, v.ContentHash, v.PublishedUtc!.Value))
            .ToListAsync(ct);

    private static IQueryable<PublishedDocument> Documents(IQueryable<ContentVersion> query)
        => query.Select(v => new PublishedDocument(v.ContentItemId, v.TenantId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Summary, v.RenderedHtml, v.PublishedUtc!.Value));

    private static IQueryable<PublishedItem> Project(IQueryable<ContentVersion> query, bool withHtml)
        => query.Select(v => new PublishedItem(
            v.ContentItemId,
            v.TenantId,
            v.Item!.AccountId,
            v.Item.ContentType,
            v.Title,
            v.Summary,
            v.PublishedUtc!.Value,
            withHtml ? v.RenderedHtml : null,
            v.FieldsJson));
}
