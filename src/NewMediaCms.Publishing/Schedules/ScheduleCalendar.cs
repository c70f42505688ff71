using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;

namespace NewMediaCms.Publishing.Schedules;

public sealed record CalendarEntry(string TenantId, string ItemId, long VersionId, string Title, string Kind, DateTime AtUtc, ReviewState State);

public sealed record MissCounts(int Publish, int Unpublish, int MissingJobs, DateTime? LastUtc);

/// <summary>What is scheduled when (for the calendar and the dashboard) and how many misses the reconciler caught.</summary>
public sealed class ScheduleCalendar(NmcDbContext db)
{
    /// <summary>Entries between the two instants: the current department, or every department when <paramref name="acrossTenants"/>.</summary>
    public async Task<List<CalendarEntry>> EntriesAsync(DateTime fromUtc, DateTime toUtc, bool acrossTenants, CancellationToken ct = default)
    {
        var versions = acrossTenants ? db.Set<ContentVersion>().AcrossTenants() : db.Set<ContentVersion>();
        var reviews = acrossTenants ? db.Set<VersionReview>().AcrossTenants() : db.Set<VersionReview>();
        var rows = await versions
            .Where(v => (v.Latest && !v.Published && v.PublishAtUtc >= fromUtc && v.PublishAtUtc < toUtc)
                        || ((v.Published || v.Latest) && v.UnpublishAtUtc >= fromUtc && v.UnpublishAtUtc < toUtc))
            .Select(v => new
            {
                v.TenantId, v.ContentItemId, v.Id, v.Title, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc,
                State = reviews.Where(r => r.VersionId == v.Id).Select(r => (ReviewState?)r.State).FirstOrDefault(),
            })
            .ToListAsync(ct);
        var entries = new List<CalendarEntry>();
        foreach (var v in rows)
        {
            var state = v.State ?? (v.Published ? ReviewState.Published : ReviewState.Draft);
            if (v is { Latest: true, Published: false, PublishAtUtc: { } p } && p >= fromUtc && p < toUtc)
            {
                entries.Add(new CalendarEntry(v.TenantId, v.ContentItemId, v.Id, v.Title, ScheduleKinds.Publish, DateTime.SpecifyKind(p, DateTimeKind.Utc), state));
            }
            if (v.UnpublishAtUtc is { } u && u >= fromUtc && u < toUtc)
            {
                entries.Add(new CalendarEntry(v.TenantId, v.ContentItemId, v.Id, v.Title, ScheduleKinds.Unpublish, DateTime.SpecifyKind(u, DateTimeKind.Utc), state));
            }
        }
        return entries.OrderBy(e => e.AtUtc).ToList();
    }

    public async Task<MissCounts> MissesAsync(bool acrossTenants, CancellationToken ct = default)
    {
        var misses = acrossTenants ? db.Set<ScheduleMiss>().AcrossTenants() : db.Set<ScheduleMiss>();
        var byKind = await misses.GroupBy(m => m.Kind).Select(g => new { g.Key, Count = g.Count(), Last = g.Max(m => m.CaughtUtc) }).ToListAsync(ct);
        int Count(string kind) => byKind.FirstOrDefault(k => k.Key == kind)?.Count ?? 0;
        return new MissCounts(Count(ScheduleKinds.Publish), Count(ScheduleKinds.Unpublish), Count(ScheduleKinds.MissingJob),
            byKind.Count == 0 ? null : byKind.Max(k => k.Last));
    }
}
