using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Content;

/// <summary>A version's schedule and flags, for the schedule's queries (no content).</summary>
public sealed record VersionSchedule(long Id, string TenantId, string ContentItemId, string Title, bool Latest, bool Published, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc, string Author = "");

/// <summary>
/// Content's items and versions, for the capabilities that change them (Editorial) or read their schedule (through
/// Editorial, Publishing): loading an item with its versions, adding one, the conditional claims of publication and
/// withdrawal, the publication step itself, and the set-based schedule reads. The tables stay Content's; callers hold
/// tracked entities only inside their unit of work.
/// </summary>
/// <summary>An item a reference field may name: its id, latest title and 文号 (empty when it has none).</summary>
public sealed record ReferenceCandidate(string Id, string Title, string DocNumber)
{
    /// <summary>What the editor shows and accepts: the 文号 when there is one, else the title.</summary>
    public string Label => DocNumber.Length > 0 ? DocNumber : Title;
}

public sealed class ContentStore(NmcDbContext db, MarkdownRenderer markdown)
{
    private IQueryable<ContentVersion> Versions(bool acrossTenants) => acrossTenants ? db.Set<ContentVersion>().AcrossTenants() : db.Set<ContentVersion>();

    /// <summary>An item of the current department with all its versions (tracked); deleted items only when asked for.</summary>
    public Task<ContentItem?> FindItemAsync(string itemId, bool includeDeleted = false, CancellationToken ct = default)
        => (includeDeleted ? db.Set<ContentItem>().IgnoreQueryFilters([ContentModel.SoftDeleteFilter]) : db.Set<ContentItem>())
            .Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);

    /// <summary>An item with its versions, untracked, deleted ones included (history pages).</summary>
    public Task<ContentItem?> ReadItemAsync(string itemId, CancellationToken ct = default)
        => db.Set<ContentItem>().IgnoreQueryFilters([ContentModel.SoftDeleteFilter]).AsNoTracking().Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);

    /// <summary>A version of the current department (tracked).</summary>
    public Task<ContentVersion?> FindVersionAsync(long versionId, CancellationToken ct = default)
        => db.Set<ContentVersion>().FirstOrDefaultAsync(v => v.Id == versionId, ct);

    /// <summary>Two versions of one item (untracked), for a comparison.</summary>
    public Task<List<ContentVersion>> ReadVersionsAsync(string itemId, IReadOnlyCollection<long> versionIds, CancellationToken ct = default)
        => db.Set<ContentVersion>().AsNoTracking().Where(v => v.ContentItemId == itemId && versionIds.Contains(v.Id)).ToListAsync(ct);

    /// <summary>An item of any department with all its versions, deleted or not (untracked): the auditors' evidence page.</summary>
    public Task<ContentItem?> ReadItemAsEvidenceAsync(string itemId, CancellationToken ct = default)
        => db.Set<ContentItem>().AcrossTenants().IgnoreQueryFilters().AsNoTracking().Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);

    /// <summary>The latest versions of the current department's items (not deleted), newest first (untracked): the admin API's list.</summary>
    public Task<List<ContentVersion>> LatestVersionsAsync(int take, CancellationToken ct = default)
        => db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest && !v.ItemDeleted).OrderByDescending(v => v.CreatedUtc).Take(take).ToListAsync(ct);

    /// <summary>
    /// The latest versions of the current department's live items (untracked, composable): the admin content list filters,
    /// orders and pages them in SQL on the list indexes (ContentModel), and joins Editorial's review rows.
    /// </summary>
    public IQueryable<ContentVersion> LatestLiveVersions()
        => db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest && !v.ItemDeleted);

    /// <summary>The latest version of an item with its item (untracked), for the editor.</summary>
    public Task<ContentVersion?> ReadLatestAsync(string itemId, CancellationToken ct = default)
        => db.Set<ContentVersion>().AsNoTracking().Include(v => v.Item).FirstOrDefaultAsync(v => v.ContentItemId == itemId && v.Latest, ct);

    public Task<string?> ContentTypeOfAsync(string itemId, CancellationToken ct = default)
        => db.Set<ContentItem>().Where(i => i.Id == itemId).Select(i => i.ContentType).FirstOrDefaultAsync(ct);

    /// <summary>Whether an item of the current department exists (of <paramref name="contentType"/>, when given): a reference field's check.</summary>
    public Task<bool> ItemExistsAsync(string itemId, string? contentType, CancellationToken ct = default)
        => db.Set<ContentItem>().AnyAsync(i => i.Id == itemId && (contentType == null || i.ContentType == contentType), ct);

    /// <summary>
    /// The items of the current department (of <paramref name="contentType"/>) a reference field may name, with the
    /// latest title and 文号 (docNumber): what a reference typed by 文号 or title is resolved against, newest first.
    /// </summary>
    public async Task<List<ReferenceCandidate>> ReferenceCandidatesAsync(string? contentType, CancellationToken ct = default)
        => (await db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest && !v.ItemDeleted && (contentType == null || v.ContentType == contentType))
                .OrderByDescending(v => v.CreatedUtc).Select(v => new { v.ContentItemId, v.Title, v.FieldsJson }).Take(2000).ToListAsync(ct))
            .Select(v => new ReferenceCandidate(v.ContentItemId, v.Title, Types.ContentFields.Parse(v.FieldsJson).GetValueOrDefault("docNumber") ?? "")).ToList();

    public Task<bool> IsPublishedAsync(long versionId, CancellationToken ct = default)
        => db.Set<ContentVersion>().AsNoTracking().AnyAsync(v => v.Id == versionId && v.Published, ct);

    /// <summary>The latest versions' titles of items: by id, or those whose latest fields contain <paramref name="fieldsFragment"/>.</summary>
    public async Task<List<(string Id, string Title)>> TitlesAsync(string? itemId, string? fieldsFragment, CancellationToken ct = default)
    {
        var items = itemId is not null
            ? db.Set<ContentItem>().Where(i => i.Id == itemId)
            : db.Set<ContentItem>().Where(i => i.Versions.Any(v => v.Latest && v.FieldsJson.Contains(fieldsFragment!)));
        return (await items.Select(i => new { i.Id, Title = i.Versions.Where(v => v.Latest).Select(v => v.Title).FirstOrDefault() }).ToListAsync(ct))
            .Select(i => (i.Id, i.Title ?? i.Id)).ToList();
    }

    /// <summary>The latest versions of the current department (not deleted), newest first: the admin dashboard's list.</summary>
    public Task<List<ContentVersion>> RecentLatestAsync(int take, CancellationToken ct = default)
        => db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest && !v.ItemDeleted)
            .OrderByDescending(v => v.PublishedUtc ?? v.CreatedUtc).Take(take).ToListAsync(ct);

    /// <summary>How many versions are public, per department (every department).</summary>
    public Task<Dictionary<string, int>> PublishedCountsAsync(CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published).GroupBy(v => v.TenantId)
            .Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    public void Add(ContentItem item) => db.Add(item);

    /// <summary>Removes an item and its versions for good (the purge).</summary>
    public void Remove(ContentItem item) => db.Remove(item);

    /// <summary>
    /// The claim every publication makes inside its transaction, by a conditional update: the version goes public only if
    /// it is still the latest, unpublished, with the content hash that was checked, and among <paramref name="approved"/>
    /// (the review's say, composed into the same statement). Of two concurrent publishers one claims it; the other gets 0.
    /// </summary>
    public Task<int> ClaimForPublicationAsync(long versionId, string contentHash, IQueryable<long> approved, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants()
            .Where(v => v.Id == versionId && v.Latest && !v.Published && v.ContentHash == contentHash && approved.Contains(v.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Published, true), ct);

    /// <summary>The claim of a withdrawal (unpublish, expiry): the version stops being public only if it still is.</summary>
    public Task<int> ClaimForWithdrawalAsync(long versionId, bool acrossTenants, CancellationToken ct = default)
        => Versions(acrossTenants).Where(v => v.Id == versionId && v.Published).ExecuteUpdateAsync(s => s.SetProperty(v => v.Published, false), ct);

    /// <summary>
    /// The publication step (editor, schedule, recipe): the versions public before are withdrawn, the version gets its
    /// publication time, rendered HTML and excerpt, and the search index and page caches hear of it (ContentPublished).
    /// </summary>
    public void Publish(string tenantId, string itemId, string contentType, ContentVersion version, IEnumerable<ContentVersion> withdrawn, DateTime publishedUtc, RenderedMarkdown? rendered = null)
    {
        foreach (var p in withdrawn)
        {
            p.Published = false;
        }
        rendered ??= markdown.Render(version.Markdown);
        version.Published = true;
        version.PublishedUtc = publishedUtc;
        version.PublishAtUtc = null;
        version.RenderedHtml = rendered.Html;
        version.Summary = MarkdownRenderer.Excerpt(rendered.PlainText, 200);
        db.Raise(new ContentPublished(tenantId, itemId, version.Id, contentType));
    }

    /// <summary>What a claimed withdrawal changes: the version is no longer public, and readers hear of it (ContentUnpublished).</summary>
    public void Withdraw(ContentVersion version)
    {
        version.Published = false;
        db.Raise(new ContentUnpublished(version.TenantId, version.ContentItemId));
    }

    /// <summary>Of <paramref name="versionIds"/> (any department, tracked), those matching <paramref name="due"/> (see <see cref="ContentSchedule"/>).</summary>
    public Task<List<ContentVersion>> DueVersionsAsync(IReadOnlyCollection<long> versionIds, Expression<Func<ContentVersion, bool>> due, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().Where(v => versionIds.Contains(v.Id)).Where(due).ToListAsync(ct);

    /// <summary>The department and type of the items that are not deleted, of any department.</summary>
    public async Task<Dictionary<string, (string TenantId, string ContentType)>> LiveItemsAsync(IReadOnlyCollection<string> itemIds, CancellationToken ct = default)
        => (await db.Set<ContentItem>().AcrossTenants().AsNoTracking().Where(i => itemIds.Contains(i.Id))
                .Select(i => new { i.Id, i.TenantId, i.ContentType }).ToListAsync(ct))
            .ToDictionary(i => i.Id, i => (i.TenantId, i.ContentType));

    /// <summary>The public versions of items of any department (tracked).</summary>
    public async Task<ILookup<string, ContentVersion>> PublishedOfAsync(IReadOnlyCollection<string> itemIds, CancellationToken ct = default)
        => (await db.Set<ContentVersion>().AcrossTenants().Where(v => itemIds.Contains(v.ContentItemId) && v.Published).ToListAsync(ct)).ToLookup(v => v.ContentItemId);

    /// <summary>
    /// The ids after <paramref name="afterId"/>, in id order, of at most <paramref name="take"/> versions of any department
    /// that match <paramref name="due"/> and, when given, whose id is in <paramref name="among"/> (composed into the query).
    /// </summary>
    public Task<List<long>> DueIdsAsync(Expression<Func<ContentVersion, bool>> due, long afterId, int take, IQueryable<long>? among = null, CancellationToken ct = default)
    {
        var query = db.Set<ContentVersion>().AcrossTenants().Where(due).Where(v => v.Id > afterId);
        if (among is not null)
        {
            query = query.Where(v => among.Contains(v.Id));
        }
        return query.OrderBy(v => v.Id).Select(v => v.Id).Take(take).ToListAsync(ct);
    }

    /// <summary>The earliest publish-at instant among versions matching <paramref name="publication"/> and unpublish-at among <paramref name="expiry"/>.</summary>
    public async Task<DateTime?> EarliestAsync(Expression<Func<ContentVersion, bool>> publication, Expression<Func<ContentVersion, bool>> expiry, CancellationToken ct = default)
    {
        var publish = await db.Set<ContentVersion>().AcrossTenants().Where(publication).MinAsync(v => v.PublishAtUtc, ct);
        var expire = await db.Set<ContentVersion>().AcrossTenants().Where(expiry).MinAsync(v => v.UnpublishAtUtc, ct);
        return publish is null ? expire : expire is null ? publish : publish < expire ? publish : expire;
    }

    /// <summary>The schedule facts of versions matching either expression (the current department, or every one).</summary>
    public Task<List<VersionSchedule>> SchedulesAsync(Expression<Func<ContentVersion, bool>> publication, Expression<Func<ContentVersion, bool>> expiry, bool acrossTenants, CancellationToken ct = default)
        => Versions(acrossTenants).AsNoTracking().Where(Either(publication, expiry))
            .Select(v => new VersionSchedule(v.Id, v.TenantId, v.ContentItemId, v.Title, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc, v.Author)).ToListAsync(ct);

    /// <summary>The schedule facts of versions by id (any department).</summary>
    public Task<List<VersionSchedule>> SchedulesAsync(IReadOnlyCollection<long> versionIds, CancellationToken ct = default)
        => db.Set<ContentVersion>().AcrossTenants().AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .Select(v => new VersionSchedule(v.Id, v.TenantId, v.ContentItemId, v.Title, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc, v.Author)).ToListAsync(ct);

    private static Expression<Func<ContentVersion, bool>> Either(Expression<Func<ContentVersion, bool>> a, Expression<Func<ContentVersion, bool>> b)
    {
        var v = a.Parameters[0];
        var right = new Rebind(b.Parameters[0], v).Visit(b.Body);
        return Expression.Lambda<Func<ContentVersion, bool>>(Expression.OrElse(a.Body, right), v);
    }

    private sealed class Rebind(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}
