using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;

namespace NewMediaCms.Publishing.Schedules;

public sealed record CalendarEntry(string TenantId, string ItemId, long VersionId, string Title, string Kind, DateTime AtUtc, ReviewState State);

public sealed record MissCounts(int Publish, int Unpublish, int MissingJobs, DateTime? LastUtc);

/// <summary>What is scheduled when (for the calendar and the dashboard) and how many misses the reconciler caught.</summary>
public sealed class ScheduleCalendar(NmcDbContext db, ScheduledVersions versions)
{
    /// <summary>Entries in [<paramref name="fromUtc"/>, <paramref name="toUtc"/>): the current department, or every department when <paramref name="acrossTenants"/>.</summary>
    public async Task<List<CalendarEntry>> EntriesAsync(DateTime fromUtc, DateTime toUtc, bool acrossTenants, CancellationToken ct = default)
    {
        var (after, upTo) = ContentSchedule.HalfOpen(fromUtc, toUtc);
        var entries = new List<CalendarEntry>();
        foreach (var v in await versions.PlannedInAsync(fromUtc, toUtc, acrossTenants, ct))
        {
            var facts = new VersionSchedule(v.Id, v.TenantId, v.ContentItemId, v.Title, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc);
            if (ContentSchedule.IsPublicationDue(facts, upTo, after))
            {
                entries.Add(new CalendarEntry(v.TenantId, v.ContentItemId, v.Id, v.Title, ScheduleKinds.Publish, DateTime.SpecifyKind(v.PublishAtUtc!.Value, DateTimeKind.Utc), v.State));
            }
            if (ContentSchedule.IsExpiryPlanned(facts, upTo, after))
            {
                entries.Add(new CalendarEntry(v.TenantId, v.ContentItemId, v.Id, v.Title, ScheduleKinds.Unpublish, DateTime.SpecifyKind(v.UnpublishAtUtc!.Value, DateTimeKind.Utc), v.State));
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
