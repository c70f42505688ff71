using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Jobs;

namespace NewMediaCms.Publishing.Schedules;

public sealed record ReconcileReport(int Published, int Expired, int JobsRecreated);

/// <summary>
/// Every minute (on its own queue, served before the slot jobs) and once at start-up (directly, before the Hangfire
/// workers take the backlog): publishes and expires whatever is overdue (a lost job, a restart, a crash in the middle
/// of a burst), in batches, and re-creates slot jobs that are missing from Hangfire storage. Every catch is logged and
/// recorded as a <see cref="ScheduleMiss"/>, so misses are counted, not hidden.
/// </summary>
public sealed class ScheduleReconciler(
    NmcDbContext db,
    ScheduledVersions versions,
    IServiceScopeFactory scopes,
    DuePublisher publisher,
    JobStorage storage,
    TimeProvider clock,
    IOptions<PublishingOptions> options,
    ILogger<ScheduleReconciler> logger) : IRecurringJob
{
    public const string JobId = "publishing-schedule-reconciler";

    [Queue(PublishingOptions.ReconcilerQueue)]
    public async Task RunAsync(CancellationToken cancellationToken) => await ReconcileAsync(cancellationToken);

    public Task<ReconcileReport> ReconcileAsync(CancellationToken ct = default) => ReconcileAsync(options.Value.ReconcileGrace, ct);

    /// <summary>
    /// <paramref name="grace"/>: how far past due an item must be to be taken over from its slot job (zero at start-up,
    /// when this process has no slot job running yet; a duplicate run with another node's job changes nothing).
    /// </summary>
    public async Task<ReconcileReport> ReconcileAsync(TimeSpan grace, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var overdue = now - grace;
        var caught = await publisher.RunAsync(null, overdue, caughtByReconciler: true, ct);
        await RecordAsync(caught.Published, ScheduleKinds.Publish, now, ct);
        await RecordAsync(caught.Expired, ScheduleKinds.Unpublish, now, ct);

        var future = await versions.PlannedAfterAsync(overdue, ct);
        var ids = future.Select(v => v.Id).ToList();
        var rows = (await db.Set<PublicationSchedule>().AcrossTenants().AsNoTracking().Where(s => ids.Contains(s.VersionId)).ToListAsync(ct))
            .ToLookup(s => s.VersionId);
        // Many versions share a slot job: ask Hangfire's storage once per job.
        var pending = new Dictionary<string, bool>();
        bool IsPending(string jobId)
        {
            if (!pending.TryGetValue(jobId, out var yes))
            {
                pending[jobId] = yes = HangfirePublicationScheduler.JobIsPending(storage, jobId);
            }
            return yes;
        }
        var recreated = 0;
        foreach (var v in future)
        {
            var wanted = new List<(string Kind, DateTime Due)>();
            if (ContentSchedule.IsPublicationDue(v, ContentSchedule.Forever, overdue))
            {
                wanted.Add((ScheduleKinds.Publish, v.PublishAtUtc!.Value));
            }
            if (ContentSchedule.IsExpiryPlanned(v, ContentSchedule.Forever, overdue))
            {
                wanted.Add((ScheduleKinds.Unpublish, v.UnpublishAtUtc!.Value));
            }
            var missing = wanted.Where(w => rows[v.Id].FirstOrDefault(r => r.Kind == w.Kind) is not { } row
                                            || row.DueUtc != DateTime.SpecifyKind(w.Due, DateTimeKind.Utc)
                                            || !IsPending(row.JobId)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }
            await using var scope = scopes.CreateAsyncScope();
            using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
            await scope.ServiceProvider.GetRequiredService<IPublicationScheduler>().ScheduleChangedAsync(v.TenantId, v.Id, ct);
            var scopedDb = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            foreach (var (kind, dueAt) in missing)
            {
                scopedDb.Add(new ScheduleMiss { TenantId = v.TenantId, VersionId = v.Id, ContentItemId = v.ContentItemId, Kind = ScheduleKinds.MissingJob, DueUtc = dueAt, CaughtUtc = now });
                logger.LogWarning("定时任务缺失，已重建：{Tenant}/{Item} 版本 {Version} {Kind} 于 {Due:O}", v.TenantId, v.ContentItemId, v.Id, kind, dueAt);
            }
            await scopedDb.SaveChangesAsync(ct);
            // The slot's job may have been re-created: ask again for the next version of the same slot.
            pending.Clear();
            recreated += missing.Count;
        }
        if (caught.Published.Count + caught.Expired.Count + recreated > 0)
        {
            logger.LogWarning("定时发布对账：补发 {Published}，补下线 {Expired}，重建任务 {Recreated}（{Batches} 批）",
                caught.Published.Count, caught.Expired.Count, recreated, caught.Batches);
        }
        return new ReconcileReport(caught.Published.Count, caught.Expired.Count, recreated);
    }

    private async Task RecordAsync(List<DueDone> done, string kind, DateTime now, CancellationToken ct)
    {
        if (done.Count == 0)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
        var scopedDb = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        foreach (var due in done)
        {
            scopedDb.Add(new ScheduleMiss { TenantId = due.TenantId, VersionId = due.VersionId, ContentItemId = due.ContentItemId, Kind = kind, DueUtc = due.DueUtc, CaughtUtc = now });
            logger.LogWarning("定时{Kind}错过，由对账补做：{Tenant}/{Item} 版本 {Version}，原定 {Due:O}", kind == ScheduleKinds.Publish ? "发布" : "下线", due.TenantId, due.ContentItemId, due.VersionId, due.DueUtc);
        }
        await scopedDb.SaveChangesAsync(ct);
    }
}
