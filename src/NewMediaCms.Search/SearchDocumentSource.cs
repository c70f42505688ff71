using System.Net;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Data;
using NewMediaCms.Search.Outbox;

namespace NewMediaCms.Search;

/// <summary>
/// Reads the truth: the document an item should have in the index now (or a tombstone), from Content's published
/// versions (<see cref="IPublishedContentSource"/>), with its version = the highest outbox row id of the item, which only grows.
/// </summary>
public sealed partial class SearchDocumentSource(NmcDbContext db, IPublishedContentSource content)
{
    /// <summary>Items per query of a rebuild.</summary>
    private const int RebuildBatch = 500;

    [GeneratedRegex("<[^>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Space();

    public async Task<IReadOnlyList<SearchDocument>> LoadAsync(IReadOnlyCollection<(string TenantId, string ItemId)> keys, CancellationToken ct)
    {
        var ids = keys.Select(k => k.ItemId).Distinct().ToList();
        var versions = await VersionsAsync(ids, ct);
        var published = await content.DocumentsAsync(ids, ct);
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
            var rows = await content.DocumentsAfterAsync(after, RebuildBatch, ct);
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

    public Task<int> CountAsync(CancellationToken ct) => content.DocumentCountAsync(ct);

    private async Task<Dictionary<string, long>> VersionsAsync(List<string> ids, CancellationToken ct)
        => await db.Set<SearchOutboxEntry>().AcrossTenants().AsNoTracking()
            .Where(e => ids.Contains(e.ContentItemId))
            .GroupBy(e => e.ContentItemId)
            .Select(g => new { g.Key, Max = g.Max(e => e.Id) })
            .ToDictionaryAsync(x => x.Key, x => x.Max, ct);

    private static SearchDocument ToDocument(PublishedDocument row, long version)
        => new(row.TenantId, row.ItemId, version, true, row.ContentType, row.AccountId, row.Title, row.Summary, PlainText(row.Html), row.PublishedUtc);

    public static string PlainText(string html)
        => Space().Replace(WebUtility.HtmlDecode(Tag().Replace(html, " ")), " ").Trim();
}
