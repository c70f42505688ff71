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
using NewMediaCms.Tenancy;

namespace NewMediaCms.Publishing.Schedules;

public sealed record ReconcileReport(int Published, int Expired, int JobsRecreated);

/// <summary>
/// Every minute and once at start-up: publishes and expires whatever is overdue (a lost job, a restart, a
/// crash in the middle of a burst) and re-creates future jobs that are missing from Hangfire storage. Every
/// catch is logged and recorded as a <see cref="ScheduleMiss"/>, so misses are counted, not hidden.
/// </summary>
public sealed class ScheduleReconciler(
    NmcDbContext db,
    IServiceScopeFactory scopes,
    JobStorage storage,
    TimeProvider clock,
    IOptions<PublishingOptions> options,
    ILogger<ScheduleReconciler> logger) : IRecurringJob
{
    public const string JobId = "publishing-schedule-reconciler";

    public async Task RunAsync(CancellationToken cancellationToken) => await ReconcileAsync(cancellationToken);

    public async Task<ReconcileReport> ReconcileAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        // Jobs fire within about a second; the grace keeps the reconciler from racing a job that is about to run.
        var overdue = now - options.Value.ReconcileGrace;
        var approved = db.Set<VersionReview>().AcrossTenants().Where(r => r.State == ReviewState.Approved || r.State == ReviewState.Scheduled).Select(r => r.VersionId);
        var toPublish = await db.Set<ContentVersion>().AcrossTenants()
            .Where(v => v.Latest && !v.Published && v.PublishAtUtc != null && v.PublishAtUtc <= overdue && approved.Contains(v.Id))
            .Select(v => new Due(v.TenantId, v.Id, v.ContentItemId, v.PublishAtUtc!.Value)).ToListAsync(ct);
        var toExpire = await db.Set<ContentVersion>().AcrossTenants()
            .Where(v => v.Published && v.UnpublishAtUtc != null && v.UnpublishAtUtc <= overdue)
            .Select(v => new Due(v.TenantId, v.Id, v.ContentItemId, v.UnpublishAtUtc!.Value)).ToListAsync(ct);

        var published = 0;
        var expired = 0;
        foreach (var due in toPublish)
        {
            if (await CatchAsync(due, ScheduleKinds.Publish, (e, id) => e.PublishDueAsync(id, caughtByReconciler: true, ct), ct))
            {
                published++;
            }
        }
        foreach (var due in toExpire)
        {
            if (await CatchAsync(due, ScheduleKinds.Unpublish, (e, id) => e.ExpireDueAsync(id, caughtByReconciler: true, ct), ct))
            {
                expired++;
            }
        }

        var future = await db.Set<ContentVersion>().AcrossTenants()
            .Where(v => (v.Latest && !v.Published && v.PublishAtUtc != null && v.PublishAtUtc > overdue)
                        || ((v.Published || v.Latest) && v.UnpublishAtUtc != null && v.UnpublishAtUtc > overdue))
            .Select(v => new { v.TenantId, v.Id, v.ContentItemId, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc }).ToListAsync(ct);
        var ids = future.Select(v => v.Id).ToList();
        var rows = (await db.Set<PublicationSchedule>().AcrossTenants().AsNoTracking().Where(s => ids.Contains(s.VersionId)).ToListAsync(ct))
            .ToLookup(s => s.VersionId);
        var recreated = 0;
        foreach (var v in future)
        {
            var wanted = new List<(string Kind, DateTime Due)>();
            if (v is { Latest: true, Published: false, PublishAtUtc: { } p } && p > overdue)
            {
                wanted.Add((ScheduleKinds.Publish, p));
            }
            if (v.UnpublishAtUtc is { } u && u > overdue)
            {
                wanted.Add((ScheduleKinds.Unpublish, u));
            }
            var missing = wanted.Where(w => rows[v.Id].FirstOrDefault(r => r.Kind == w.Kind) is not { } row
                                            || row.DueUtc != DateTime.SpecifyKind(w.Due, DateTimeKind.Utc)
                                            || !HangfirePublicationScheduler.JobIsPending(storage, row.JobId)).ToList();
            if (missing.Count == 0)
            {
                continue;
            }
            await using var scope = TenantScope(v.TenantId);
            if (scope is null)
            {
                continue;
            }
            await scope.Value.ServiceProvider.GetRequiredService<IPublicationScheduler>().ScheduleChangedAsync(v.TenantId, v.Id, ct);
            var scopedDb = scope.Value.ServiceProvider.GetRequiredService<NmcDbContext>();
            foreach (var (kind, dueAt) in missing)
            {
                scopedDb.Add(new ScheduleMiss { TenantId = v.TenantId, VersionId = v.Id, ContentItemId = v.ContentItemId, Kind = ScheduleKinds.MissingJob, DueUtc = dueAt, CaughtUtc = now });
                logger.LogWarning("定时任务缺失，已重建：{Tenant}/{Item} 版本 {Version} {Kind} 于 {Due:O}", v.TenantId, v.ContentItemId, v.Id, kind, dueAt);
            }
            await scopedDb.SaveChangesAsync(ct);
            recreated += missing.Count;
        }
        if (published + expired + recreated > 0)
        {
            logger.LogWarning("定时发布对账：补发 {Published}，补下线 {Expired}，重建任务 {Recreated}", published, expired, recreated);
        }
        return new ReconcileReport(published, expired, recreated);
    }

    private async Task<bool> CatchAsync(Due due, string kind, Func<EditorialService, long, Task<EditorialResult>> act, CancellationToken ct)
    {
        await using var scope = TenantScope(due.TenantId);
        if (scope is null)
        {
            return false;
        }
        var sp = scope.Value.ServiceProvider;
        EditorialResult result;
        try
        {
            result = await act(sp.GetRequiredService<EditorialService>(), due.VersionId);
        }
        catch (DbUpdateException ex)
        {
            // This item's transaction failed and was rolled back whole (e.g. a job or another node changed it at the same
            // moment); the job or the next run catches it. The other overdue items go on.
            logger.LogWarning("定时对账：{Tenant} 版本 {Version} 与并发写入冲突，留待下次：{Error}", due.TenantId, due.VersionId, ex.Message);
            return false;
        }
        if (!result.Ok)
        {
            return false;
        }
        var scopedDb = sp.GetRequiredService<NmcDbContext>();
        scopedDb.Add(new ScheduleMiss { TenantId = due.TenantId, VersionId = due.VersionId, ContentItemId = due.ItemId, Kind = kind, DueUtc = due.At, CaughtUtc = clock.GetUtcNow().UtcDateTime });
        await scopedDb.SaveChangesAsync(ct);
        logger.LogWarning("定时{Kind}错过，由对账补做：{Tenant}/{Item} 版本 {Version}，原定 {Due:O}", kind == ScheduleKinds.Publish ? "发布" : "下线", due.TenantId, due.ItemId, due.VersionId, due.At);
        return true;
    }

    private AsyncServiceScope? TenantScope(string tenantId)
    {
        var scope = scopes.CreateAsyncScope();
        var tenant = scope.ServiceProvider.GetRequiredService<TenantRegistry>().Find(tenantId);
        if (tenant is null)
        {
            logger.LogWarning("定时对账：部门 {Tenant} 不存在，跳过", tenantId);
            scope.Dispose();
            return null;
        }
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
        return scope;
    }

    private sealed record Due(string TenantId, long VersionId, string ItemId, DateTime At);
}
