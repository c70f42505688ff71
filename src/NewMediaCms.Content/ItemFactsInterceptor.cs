using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace NewMediaCms.Content;

/// <summary>
/// Copies an item's account, content type and deletion onto its versions in the same save that changes them, the way an
/// Orchard Core index table follows its document: a new version takes its item's facts, and a change of the item's account
/// or deletion rewrites every version of it. Set-based reads (the inspection's posting aggregates over a million versions)
/// then group versions by account without joining the items.
/// </summary>
/// <remarks>Every EF Core save goes through here. Writers that bypass EF Core (bulk SQL in benchmarks) must write the
/// copied columns themselves.</remarks>
internal sealed class ItemFactsInterceptor(TimeProvider clock) : SaveChangesInterceptor
{
    private static readonly string[] Copied = [nameof(ContentItem.AccountId), nameof(ContentItem.ContentType), nameof(ContentItem.Deleted)];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            await CopyAsync(db, true, cancellationToken);
        }
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (eventData.Context is { } db)
        {
            // Synchronous all the way down when async is false: the task is complete when it returns.
            CopyAsync(db, false, CancellationToken.None).GetAwaiter().GetResult();
        }
        return result;
    }

    private async Task CopyAsync(DbContext db, bool async, CancellationToken ct)
    {
        // The interceptor runs before the save detects changes; Entries() detects them (unless the caller switched
        // automatic detection off, in which case the save does not detect them either), so no second pass here.
        var items = new Dictionary<string, EntityEntry<ContentItem>>(StringComparer.Ordinal);
        var added = new List<ContentVersion>();
        foreach (var entry in db.ChangeTracker.Entries())
        {
            if (entry is { Entity: ContentItem item })
            {
                items[item.Id] = db.Entry(item);
            }
            else if (entry is { Entity: ContentVersion version, State: EntityState.Added })
            {
                added.Add(version);
            }
        }

        foreach (var entry in items.Values.Where(e => e.State == EntityState.Modified && Copied.Any(p => e.Property(p).IsModified)).ToList())
        {
            // Every version of the item, tracked (identity resolution keeps the loaded ones), then set below.
            var query = db.Set<ContentVersion>().IgnoreQueryFilters().Where(v => v.ContentItemId == entry.Entity.Id);
            foreach (var version in async ? await query.ToListAsync(ct) : query.ToList())
            {
                Copy(entry.Entity.AccountId, entry.Entity.ContentType, entry.Entity.Deleted, entry.Entity.CreatedUtc, version);
            }
        }

        foreach (var version in added)
        {
            var item = version.Item ?? (items.TryGetValue(version.ContentItemId, out var entry) ? entry.Entity : null);
            if (item is not null)
            {
                Copy(item.AccountId, item.ContentType, item.Deleted, item.CreatedUtc, version);
                continue;
            }
            // A version added to an item that is not tracked: its facts as stored.
            var facts = db.Set<ContentItem>().IgnoreQueryFilters().AsNoTracking().Where(i => i.Id == version.ContentItemId)
                .Select(i => new { i.AccountId, i.ContentType, i.Deleted, i.CreatedUtc });
            if ((async ? await facts.FirstOrDefaultAsync(ct) : facts.FirstOrDefault()) is { } stored)
            {
                Copy(stored.AccountId, stored.ContentType, stored.Deleted, stored.CreatedUtc, version);
            }
        }

        // The admin list's "updated" order: every version this save changes; a new one from its creation time (a recipe's
        // notice dated weeks ago stays weeks old).
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var entry in db.ChangeTracker.Entries<ContentVersion>())
        {
            if (entry.State == EntityState.Modified)
            {
                entry.Entity.UpdatedUtc = now;
            }
            else if (entry.State == EntityState.Added && entry.Entity.UpdatedUtc == default)
            {
                entry.Entity.UpdatedUtc = entry.Entity.CreatedUtc == default ? now : entry.Entity.CreatedUtc;
            }
        }
    }

    private static void Copy(string? accountId, string contentType, bool deleted, DateTime createdUtc, ContentVersion version)
    {
        version.AccountId = accountId;
        version.ContentType = contentType;
        version.ItemDeleted = deleted;
        version.ItemCreatedUtc = createdUtc;
    }
}
