using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Content;

/// <summary>What a reader sees of one published item.</summary>
public sealed record PublishedItem(
    string Id,
    string TenantId,
    string? AccountId,
    string ContentType,
    string Title,
    string Summary,
    DateTime PublishedUtc,
    string? Html,
    string FieldsJson);

/// <summary>A page of results with the total, for paging.</summary>
public sealed record ItemPage(IReadOnlyList<PublishedItem> Items, int Page, int PageSize, int Total)
{
    public int PageCount => Math.Max(1, (Total + PageSize - 1) / PageSize);
}

/// <summary>The public read model: only published versions of items that are not deleted, in running departments.</summary>
public sealed class PublishedContentReader(NmcDbContext db, TimeProvider clock)
{
    private IQueryable<ContentVersion> Published(bool acrossTenants)
    {
        var versions = acrossTenants ? db.Set<ContentVersion>().AcrossTenants() : db.Set<ContentVersion>();
        var now = clock.GetUtcNow().UtcDateTime;
        return versions.AsNoTracking().Where(v => v.Published && v.PublishedUtc <= now && !v.Item!.Deleted);
    }

    /// <summary>Latest items across the whole matrix (the portal's read model: an explicit cross-tenant read).</summary>
    public Task<List<PublishedItem>> LatestAcrossMatrixAsync(IReadOnlyCollection<string> runningTenantIds, int take, CancellationToken ct = default)
        => Project(Published(acrossTenants: true).Where(v => runningTenantIds.Contains(v.TenantId))
            .OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id).Take(take), withHtml: false).ToListAsync(ct);

    /// <summary>Latest items of the current department, optionally of one account.</summary>
    public async Task<ItemPage> LatestAsync(int page, int pageSize, string? accountId = null, CancellationToken ct = default)
    {
        var query = Published(acrossTenants: false);
        if (accountId is not null)
        {
            query = query.Where(v => v.Item!.AccountId == accountId);
        }
        var total = await query.CountAsync(ct);
        var pageCount = Math.Max(1, (total + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pageCount);
        var items = await Project(query.OrderByDescending(v => v.PublishedUtc).ThenByDescending(v => v.Id)
            .Skip((page - 1) * pageSize).Take(pageSize), withHtml: false).ToListAsync(ct);
        return new ItemPage(items, page, pageSize, total);
    }

    /// <summary>
    /// A page of published items, newest first: of the current department, or across the given running departments
    /// (the portal). Optional filters: one account, one content type. Page numbers beyond the last give the last page.
    /// </summary>
    public async Task<ItemPage> PageAsync(int page, int pageSize, IReadOnlyCollection<string>? acrossTenantIds = null, string? accountId = null, string? contentType = null, CancellationToken ct = default)
    {
        var query = acrossTenantIds is null ? Published(acrossTenants: false) : Published(acrossTenants: true).Where(v => acrossTenantIds.Contains(v.TenantId));
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

    /// <summary>Published items of the given ids in the current department (linked policy / interpretation).</summary>
    public Task<List<PublishedItem>> FindManyAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
        => Project(Published(acrossTenants: false).Where(v => ids.Contains(v.ContentItemId)), withHtml: false).ToListAsync(ct);

    /// <summary>Published items of the current department whose fields mention <paramref name="id"/> as a JSON string value.</summary>
    public Task<List<PublishedItem>> ReferencingAsync(string id, CancellationToken ct = default)
    {
        var quoted = "\"" + id + "\"";
        return Project(Published(acrossTenants: false).Where(v => v.ContentItemId != id && v.FieldsJson.Contains(quoted))
            .OrderByDescending(v => v.PublishedUtc).Take(20), withHtml: false).ToListAsync(ct);
    }

    /// <summary>Ids, departments and times of published items across the given departments, for sitemaps.</summary>
    public async Task<(int Total, List<(string Id, string TenantId, DateTime PublishedUtc)> Rows)> SitemapAsync(IReadOnlyCollection<string> tenantIds, int skip, int take, CancellationToken ct = default)
    {
        var query = Published(acrossTenants: true).Where(v => tenantIds.Contains(v.TenantId));
        var total = await query.CountAsync(ct);
        var rows = await query.OrderBy(v => v.TenantId).ThenBy(v => v.ContentItemId).Skip(skip).Take(take)
            .Select(v => new { v.ContentItemId, v.TenantId, v.PublishedUtc }).ToListAsync(ct);
        return (total, rows.Select(r => (r.ContentItemId, r.TenantId, r.PublishedUtc!.Value)).ToList());
    }

    /// <summary>One published item of the current department, or null.</summary>
    public Task<PublishedItem?> FindAsync(string id, CancellationToken ct = default)
        => Project(Published(acrossTenants: false).Where(v => v.ContentItemId == id), withHtml: true).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Published items linked to this one (WEB-D02, shown both ways): an interpretation's policy document, or the
    /// interpretations that reference a policy document (their "policy" field holds its id).
    /// </summary>
    public async Task<List<PublishedItem>> RelatedAsync(PublishedItem item, CancellationToken ct = default)
    {
        if (item.ContentType == Types.BuiltInContentTypes.Interpretation)
        {
            var policyId = Types.ContentFields.Parse(item.FieldsJson).GetValueOrDefault("policy");
            return policyId is { Length: > 0 } && await FindAsync(policyId, ct) is { } policy ? [policy] : [];
        }
        if (item.ContentType == Types.BuiltInContentTypes.Policy)
        {
            var pattern = $"\"policy\":\"{item.Id}\"";
            return await Project(Published(acrossTenants: false)
                .Where(v => v.Item!.ContentType == Types.BuiltInContentTypes.Interpretation && v.FieldsJson.Contains(pattern))
                .OrderByDescending(v => v.PublishedUtc), withHtml: false).ToListAsync(ct);
        }
        return [];
    }

    /// <summary>Last publication time and counts per account of the given tenants (for liveness badges).</summary>
    public async Task<Dictionary<string, DateTime>> LastPublishedByAccountAsync(CancellationToken ct = default)
    {
        var rows = await Published(acrossTenants: true).Where(v => v.Item!.AccountId != null)
            .GroupBy(v => v.Item!.AccountId!)
            .Select(g => new { AccountId = g.Key, Last = g.Max(v => v.PublishedUtc) })
            .ToListAsync(ct);
        return rows.Where(r => r.Last != null).ToDictionary(r => r.AccountId, r => r.Last!.Value);
    }

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
