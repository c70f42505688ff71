using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Search.Outbox;

namespace NewMediaCms.Search;

/// <summary>
/// Reads the truth from the store: the document an item should have in the index now (or a tombstone), with its
/// version = the highest outbox row id of the item, which only grows.
/// </summary>
public sealed partial class SearchDocumentSource(NmcDbContext db)
{
    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    public async Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyCollection<(string TenantId, string ItemId)> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => k.ItemId).Distinct().ToList();
        var versions = await VersionsAsync(ids, ct);
        var published = await db.Set<ContentVersion>().AcrossTenants().IgnoreQueryFilters().AsNoTracking()
            .Where(v => ids.Contains(v.ContentItemId) && v.Published && !v.Item!.Deleted && v.PublishedUtc != null)
            .Select(v => new Row(v.ContentItemId, v.TenantId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Summary, v.RenderedHtml, v.PublishedUtc!.Value))
            .ToDictionaryAsync(r => r.ItemId, ct);
        return keys.Select(k =>
        {
            var version = versions.GetValueOrDefault(k.ItemId);
            return published.TryGetValue(k.ItemId, out var row) && row.TenantId == k.TenantId
                ? ToDocument(row, version)
                : SearchDocument.Tombstone(k.TenantId, k.ItemId, version);
        }).ToList();
    }

    /// <summary>Every searchable item, in id order, for a rebuild.</summary>
    public async IAsyncEnumerable<SearchDocument> AllAsync([EnumeratorCancellation] CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var query = Published();
            if (after is not null)
            {
                query = query.Where(v => string.Compare(v.ContentItemId, after) > 0);
            }
            var rows = await query.OrderBy(v => v.ContentItemId).Take(500)
                .Select(v => new Row(v.ContentItemId, v.TenantId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Summary, v.RenderedHtml, v.PublishedUtc!.Value))
                .ToListAsync(ct);
            if (rows.Count == 0)
            {
                yield break;
            }
            var versions = await VersionsAsync(rows.Select(r => r.ItemId).ToList(), ct);
            foreach (var row in rows)
            {
                yield return ToDocument(row, versions.GetValueOrDefault(row.ItemId));
            }
            after = rows[^1].ItemId;
        }
    }

    public Task<int> CountAsync(CancellationToken ct) => Published().CountAsync(ct);

    private IQueryable<ContentVersion> Published()
        => db.Set<ContentVersion>().AcrossTenants().IgnoreQueryFilters().AsNoTracking()
            .Where(v => v.Published && !v.Item!.Deleted && v.PublishedUtc != null);

    private async Task<Dictionary<string, long>> VersionsAsync(List<string> ids, CancellationToken ct)
        => await db.Set<SearchOutboxEntry>().AcrossTenants().AsNoTracking()
            .Where(e => ids.Contains(e.ContentItemId))
            .GroupBy(e => e.ContentItemId)
            .Select(g => new { g.Key, Max = g.Max(e => e.Id) })
            .ToDictionaryAsync(x => x.Key, x => x.Max, ct);

    private static SearchDocument ToDocument(Row row, long version)
        => new(row.TenantId, row.ItemId, version, true, row.ContentType, row.AccountId, row.Title, row.Summary, PlainText(row.Html), row.PublishedUtc);

    public static string PlainText(string html)
        => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();

    private sealed record Row(string ItemId, string TenantId, string ContentType, string? AccountId, string Title, string Summary, string Html, DateTime PublishedUtc);
}
