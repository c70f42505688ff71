using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Publishing.Schedules;

public sealed record DueRun(List<DueDone> Published, List<DueDone> Expired, int Batches);

/// <summary>
/// Publishes and expires, in every department, what is due in a time range: found with one query per batch, done
/// through <see cref="PublicationService.PublishDueBatchAsync"/> / <see cref="PublicationService.ExpireDueBatchAsync"/>
/// (each batch a fresh unit of work in a matrix scope, one transaction). A batch that fails (a concurrent writer, a
/// deadlock on PostgreSQL) is rolled back whole and its versions are retried one by one in their own department,
/// through the single-version path, so one bad row cannot hold the others back.
/// </summary>
public sealed class DuePublisher(IServiceScopeFactory scopes, TenantRegistry tenants, IOptions<PublishingOptions> options, ILogger<DuePublisher> logger)
{
    /// <summary>Everything due in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>] (no lower bound when null).</summary>
    public async Task<DueRun> RunAsync(DateTime? afterUtc, DateTime upToUtc, bool caughtByReconciler, CancellationToken ct = default)
    {
        var published = new List<DueDone>();
        var expired = new List<DueDone>();
        var batches = 0;
        var size = options.Value.BatchSize;
        for (long last = 0; ;)
        {
            var after = last;
            var ids = await InScopeAsync(versions => versions.DueForPublicationAsync(afterUtc, upToUtc, after, size, ct));
            if (ids.Count == 0)
            {
                break;
            }
            batches++;
            published.AddRange(await BatchAsync(ids, publish: true, caughtByReconciler, ct));
            last = ids[^1];
            if (ids.Count < size)
            {
                break;
            }
        }
        for (long last = 0; ;)
        {
            var after = last;
            var ids = await InScopeAsync(versions => versions.DueForExpiryAsync(afterUtc, upToUtc, after, size, ct));
            if (ids.Count == 0)
            {
                break;
            }
            batches++;
            expired.AddRange(await BatchAsync(ids, publish: false, caughtByReconciler, ct));
            last = ids[^1];
            if (ids.Count < size)
            {
                break;
            }
        }
        return new DueRun(published, expired, batches);
    }

    /// <summary>The earliest publish-at or unpublish-at instant in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>] still to do, if any.</summary>
    public Task<DateTime?> NextDueAsync(DateTime afterUtc, DateTime upToUtc, CancellationToken ct = default)
        => InScopeAsync(versions => versions.NextDueAsync(afterUtc, upToUtc, ct));

    private async Task<List<DueDone>> BatchAsync(List<long> ids, bool publish, bool caughtByReconciler, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var sp = scope.ServiceProvider;
            using var matrix = sp.GetRequiredService<ITenantContext>().BeginMatrixScope();
            var editorial = sp.GetRequiredService<PublicationService>();
            return publish
                ? await editorial.PublishDueBatchAsync(ids, ZoneOf, caughtByReconciler, ct)
                : await editorial.ExpireDueBatchAsync(ids, ZoneOf, caughtByReconciler, ct);
        }
        catch (Exception ex) when (IsConflict(ex))
        {
            logger.LogWarning("定时批次（{Count} 项）与并发写入冲突，已整体回滚，逐项重试：{Error}", ids.Count, ex.Message);
        }
        return await OneByOneAsync(ids, publish, caughtByReconciler, ct);
    }

    private async Task<List<DueDone>> OneByOneAsync(List<long> ids, bool publish, bool caughtByReconciler, CancellationToken ct)
    {
        var rows = await InScopeAsync(versions => versions.FactsAsync(ids, ct));
        var done = new List<DueDone>();
        foreach (var row in rows.OrderBy(r => r.Id))
        {
            if (tenants.Find(row.TenantId) is not { } tenant)
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenant);
                var editorial = scope.ServiceProvider.GetRequiredService<PublicationService>();
                var result = publish
                    ? await editorial.PublishDueAsync(row.Id, caughtByReconciler, ct)
                    : await editorial.ExpireDueAsync(row.Id, caughtByReconciler, ct);
                if (result.Ok)
                {
                    done.Add(new DueDone(row.TenantId, row.Id, row.ContentItemId, (publish ? row.PublishAtUtc : row.UnpublishAtUtc) ?? default));
                }
            }
            catch (Exception ex) when (IsConflict(ex))
            {
                // Left for the next run (the reconciler at the latest); the others go on.
                logger.LogWarning("定时{Kind}：{Tenant} 版本 {Version} 与并发写入冲突，留待下次：{Error}", publish ? "发布" : "下线", row.TenantId, row.Id, ex.Message);
            }
        }
        return done;
    }

    /// <summary>A failed save or statement (a concurrent writer, a deadlock or lock timeout): the transaction was rolled back.</summary>
    private static bool IsConflict(Exception ex)
        => ex is DbUpdateException or System.Data.Common.DbException || ex.InnerException is System.Data.Common.DbException;

    private string? ZoneOf(string tenantId) => tenants.Find(tenantId)?.TimeZoneId;

    private async Task<T> InScopeAsync<T>(Func<ScheduledVersions, Task<T>> query)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<ScheduledVersions>());
    }
}
