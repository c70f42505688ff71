using Hangfire;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>
/// Keeps one Hangfire job per version and kind, due at the version's publish-at / unpublish-at instant, and a row
/// that remembers its id (so the reconciler can tell a lost job). Called after the commit.
/// </summary>
public sealed class HangfirePublicationScheduler(NmcDbContext db, IBackgroundJobClient jobs, JobStorage storage, TimeProvider clock) : IPublicationScheduler
{
    public async Task ScheduleChangedAsync(string tenantId, long versionId, CancellationToken ct = default)
    {
        var version = await db.Set<ContentVersion>().AsNoTracking().FirstOrDefaultAsync(v => v.Id == versionId, ct);
        var rows = await db.Set<PublicationSchedule>().Where(s => s.VersionId == versionId).ToListAsync(ct);
        var wanted = new Dictionary<string, DateTime?>
        {
            [ScheduleKinds.Publish] = version is { Latest: true, Published: false } ? version.PublishAtUtc : null,
            [ScheduleKinds.Unpublish] = version is not null && (version.Published || version.Latest) ? version.UnpublishAtUtc : null,
        };
        foreach (var (kind, due) in wanted)
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            if (due is null)
            {
                if (row is not null)
                {
                    jobs.Delete(row.JobId);
                    db.Remove(row);
                }
                continue;
            }
            var dueUtc = DateTime.SpecifyKind(due.Value, DateTimeKind.Utc);
            if (row is not null && row.DueUtc == dueUtc && JobIsPending(storage, row.JobId))
            {
                continue;
            }
            if (row is not null)
            {
                jobs.Delete(row.JobId);
            }
            else
            {
                row = new PublicationSchedule { TenantId = version!.TenantId, VersionId = versionId, ContentItemId = version.ContentItemId, Kind = kind };
                db.Add(row);
            }
            row.DueUtc = dueUtc;
            row.JobId = jobs.Schedule<PublishJob>(j => j.RunAsync(tenantId, versionId, CancellationToken.None), new DateTimeOffset(dueUtc));
            row.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>True while the job is still going to run: it exists in storage and is scheduled, queued or running.</summary>
    public static bool JobIsPending(JobStorage storage, string jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return false;
        }
        using var connection = storage.GetConnection();
        var state = connection.GetJobData(jobId)?.State;
        return state is "Scheduled" or "Enqueued" or "Processing" or "Awaiting";
    }
}
