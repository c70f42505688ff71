using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Content.References;

/// <summary>A content item whose latest or published version mentions a text (a media URL) in its body or fields.</summary>
public sealed record ContentReference(string ItemId, string ContentType, string Title, bool Published, bool InRecycleBin);

/// <summary>Where a text is used in the current department's content: the media library asks before it deletes a file.</summary>
public sealed class ContentReferences(NmcDbContext db)
{
    public async Task<IReadOnlyList<ContentReference>> FindAsync(string text, CancellationToken ct)
    {
        var rows = await db.Set<ContentVersion>()
            .Where(v => (v.Latest || v.Published) && (v.Markdown.Contains(text) || v.FieldsJson.Contains(text)))
            .OrderBy(v => v.ContentItemId)
            .Select(v => new { v.ContentItemId, v.ContentType, v.Title, v.Published, v.ItemDeleted })
            .Take(200)
            .ToListAsync(ct);
        return rows.GroupBy(r => r.ContentItemId)
            .Select(g => new ContentReference(g.Key, g.First().ContentType, g.First().Title, g.Any(r => r.Published), g.First().ItemDeleted))
            .ToList();
    }
}
