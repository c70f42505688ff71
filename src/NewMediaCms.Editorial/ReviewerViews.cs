using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

/// <summary>
/// What a reviewer last read of an item: the content as it was (title, fields, body) and its hash, when they opened it,
/// approved or sent it back. When the item changed since, the review page shows them the difference.
/// </summary>
internal sealed class ReviewerView : ITenantOwned
{
    public string TenantId { get; set; } = "";

    public string ContentItemId { get; set; } = "";

    public string UserName { get; set; } = "";

    public long VersionId { get; set; }

    public int Number { get; set; }

    public string ContentHash { get; set; } = "";

    public string Title { get; set; } = "";

    public string FieldsJson { get; set; } = "{}";

    public string Markdown { get; set; } = "";

    /// <summary>"viewed", "approved" or "rejected".</summary>
    public string How { get; set; } = "viewed";

    public DateTime SeenUtc { get; set; }
}

/// <summary>A reviewer's last reading of an item, as the review page compares it with the content now.</summary>
public sealed record ReviewerSeen(long VersionId, int Number, string ContentHash, string Title, string FieldsJson, string Markdown, string How, DateTime SeenUtc)
{
    /// <summary>"自您上次审核后有修改" after an approval or a rejection, "自您上次查看后有修改" after a reading.</summary>
    public string ChangedSince => How is "approved" or "rejected" ? "自您上次审核后有修改" : "自您上次查看后有修改";
}

/// <summary>Reads and records what reviewers last saw (the approval and rejection commands record it too, in their save).</summary>
public sealed class ReviewerViews
{
    private readonly EditorialStore _store;

    internal ReviewerViews(EditorialStore store) => _store = store;

    public async Task<ReviewerSeen?> LastSeenAsync(string userName, string itemId, CancellationToken ct = default)
        => await _store.Db.Set<ReviewerView>().AsNoTracking().Where(v => v.ContentItemId == itemId && v.UserName == userName)
            .Select(v => new ReviewerSeen(v.VersionId, v.Number, v.ContentHash, v.Title, v.FieldsJson, v.Markdown, v.How, v.SeenUtc)).FirstOrDefaultAsync(ct);

    /// <summary>Records that <paramref name="actor"/> has read the latest version of the item as it is now.</summary>
    public async Task MarkSeenAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (await _store.Content.FindItemAsync(itemId, false, ct) is not { } item)
        {
            return;
        }
        await _store.RecordSeenAsync(actor, item.Versions.Single(v => v.Latest), "viewed", ct);
        await _store.Db.SaveChangesAsync(ct);
    }
}
