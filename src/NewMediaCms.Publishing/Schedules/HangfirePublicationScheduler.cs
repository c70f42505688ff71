using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>
/// Keeps a row per version and kind (publish-at / unpublish-at instant) that names the Hangfire job which fires it,
/// and makes sure that job exists. The job is not per version: it is the job of the instant's slot (the whole second
/// at or after it), one <see cref="PublishSlotJob"/> per second that has something due, so Hangfire's storage pays
/// for 60 jobs a minute, not for every notice. Called after the commit.
/// </summary>
public sealed class HangfirePublicationScheduler(NmcDbContext db, ScheduledVersions versions, IBackgroundJobClient jobs, JobStorage storage, TimeProvider clock, IOptions<PublishingOptions> options) : IPublicationScheduler
{
    public async Task ScheduleChangedAsync(string tenantId, long versionId, CancellationToken ct = default)
    {
        // Two writers can ensure the same version's row at once (the editor's request after its commit, and a
        // reconciler on any node that found the row missing): the second insert then fails on the unique
        // (version, kind) index. The operation is idempotent, so it is done again against the row that now exists.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnsureRowsAsync(versionId, ct);
                return;
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                foreach (var entry in db.ChangeTracker.Entries<PublicationSchedule>().ToList())
                {
                    entry.State = EntityState.Detached;
                }
            }
        }
    }

    private async Task EnsureRowsAsync(long versionId, CancellationToken ct)
    {
        // Across departments: the slot job and the reconciler call this from a matrix scope; the version id is the key.
        var version = (await versions.FactsAsync([versionId], ct)).FirstOrDefault();
        var rows = await db.Set<PublicationSchedule>().AcrossTenants().Where(s => s.VersionId == versionId).ToListAsync(ct);
        // Planned at all (any time from the beginning of time): the same rules as the reconciler's and the calendar's.
        var wanted = new Dictionary<string, DateTime?>
        {
            [ScheduleKinds.Publish] = version is not null && ContentSchedule.IsPublicationDue(version, ContentSchedule.Forever) ? version.PublishAtUtc : null,
            [ScheduleKinds.Unpublish] = version is not null && ContentSchedule.IsExpiryPlanned(version, ContentSchedule.Forever) ? version.UnpublishAtUtc : null,
        };
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (kind, due) in wanted)
        {
            var row = rows.FirstOrDefault(r => r.Kind == kind);
            if (due is null)
            {
                if (row is not null)
                {
                    // The slot's job is shared with other versions: it stays, and finds nothing of this version to do.
                    db.Remove(row);
                }
                continue;
            }
            var dueUtc = DateTime.SpecifyKind(due.Value, DateTimeKind.Utc);
            if (row is not null && row.DueUtc == dueUtc && JobIsWaiting(storage, row.JobId))
            {
                continue;
            }
            if (row is null)
            {
                row = new PublicationSchedule { TenantId = version!.TenantId, VersionId = versionId, ContentItemId = version.ContentItemId, Kind = kind };
                db.Add(row);
            }
            row.DueUtc = dueUtc;
            row.JobId = await EnsureSlotJobAsync(SlotOf(dueUtc), ct);
            row.UpdatedUtc = now;
        }
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The slot of an instant: the whole second at or after it (09:00:00.000 → 09:00:00, 09:00:00.300 → 09:00:01).</summary>
    public static DateTime SlotOf(DateTime dueUtc)
    {
        var ticks = dueUtc.Ticks;
        var rest = ticks % TimeSpan.TicksPerSecond;
        return new DateTime(rest == 0 ? ticks : ticks - rest + TimeSpan.TicksPerSecond, DateTimeKind.Utc);
    }

    /// <summary>
    /// The id of a pending job for the slot, created if there is none (or if the slot's job is already running: it may
    /// have passed this instant, and a second run of a slot changes nothing). When two schedulers create the same slot
    /// at once, the one whose row insert fails deletes its job and uses the other's.
    /// </summary>
    public async Task<string> EnsureSlotJobAsync(DateTime slotUtc, CancellationToken ct = default)
    {
        var slot = await db.Set<PublicationSlot>().FirstOrDefaultAsync(s => s.SlotUtc == slotUtc, ct);
        if (slot is not null && JobIsWaiting(storage, slot.JobId))
        {
            return slot.JobId;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var fireAt = slotUtc - options.Value.SlotLead;
        var jobId = fireAt <= now
            ? jobs.Enqueue<PublishSlotJob>(j => j.RunAsync(slotUtc, CancellationToken.None))
            : jobs.Schedule<PublishSlotJob>(j => j.RunAsync(slotUtc, CancellationToken.None), new DateTimeOffset(fireAt));
        if (slot is null)
        {
            slot = new PublicationSlot { SlotUtc = slotUtc };
            db.Add(slot);
        }
        slot.JobId = jobId;
        slot.UpdatedUtc = now;
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another scheduler (another node, a parallel request) created the slot's row at the same moment: use its
            // job and drop ours, so that the slot does not get two jobs competing for the same versions.
            db.Entry(slot).State = EntityState.Detached;
            var winner = await db.Set<PublicationSlot>().AsNoTracking().Where(s => s.SlotUtc == slotUtc).Select(s => s.JobId).FirstOrDefaultAsync(ct);
            if (winner is not null && winner != jobId && JobIsWaiting(storage, winner))
            {
                jobs.Delete(jobId);
                return winner;
            }
        }
        return jobId;
    }

    /// <summary>True while the job is still going to run: it exists in storage and is scheduled, queued or running.</summary>
    public static bool JobIsPending(JobStorage storage, string jobId) => StateOf(storage, jobId) is "Scheduled" or "Enqueued" or "Processing" or "Awaiting";

    /// <summary>True while the job has not started yet (a running slot job may already have looked at its instants).</summary>
    public static bool JobIsWaiting(JobStorage storage, string jobId) => StateOf(storage, jobId) is "Scheduled" or "Enqueued" or "Awaiting";

    private static string? StateOf(JobStorage storage, string jobId)
    {
        if (string.IsNullOrEmpty(jobId))
        {
            return null;
        }
        using var connection = storage.GetConnection();
        return connection.GetJobData(jobId)?.State;
    }
}
