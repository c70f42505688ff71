using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Search.Outbox;

/// <summary>
/// Drains the search outbox into the engine, in id order, in batches. When the engine is down the batch's rows keep
/// their error and the whole queue waits (exponential back-off) behind the oldest one, so nothing is dropped or
/// reordered; a single document the engine refuses waits alone. Re-running is harmless: documents are re-read from the
/// store and written with versions.
/// </summary>
public sealed class SearchOutboxJob(
    NmcDbContext db,
    ITenantContext tenant,
    ISearchIndex index,
    SearchDocumentSource source,
    TimeProvider clock,
    IOptions<SearchOptions> options,
    ILogger<SearchOutboxJob> logger)
{
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan MaxRetry = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan KeepProcessed = TimeSpan.FromDays(7);

    public static TimeSpan Backoff(int attempts)
        => TimeSpan.FromTicks(Math.Min(MaxRetry.Ticks, FirstRetry.Ticks * (1L << Math.Clamp(attempts - 1, 0, 20))));

    /// <summary>Returns the number of rows indexed.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        using var matrix = tenant.BeginMatrixScope();
        var done = 0;
        var batchSize = Math.Max(1, options.Value.BatchSize);
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            var pending = db.Set<SearchOutboxEntry>().AcrossTenants().Where(e => e.ProcessedUtc == null);
            var head = await pending.OrderBy(e => e.Id).FirstOrDefaultAsync(cancellationToken);
            if (head is null || (head.EngineFailure && head.NextAttemptUtc > now))
            {
                break; // empty, or the engine is down and the queue waits behind its oldest row
            }
            var rows = await pending.Where(e => e.NextAttemptUtc == null || e.NextAttemptUtc <= now)
                .OrderBy(e => e.Id).Take(batchSize).ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                break;
            }
            var keys = rows.Select(r => (r.TenantId, r.ContentItemId)).Distinct().ToList();
            var documents = await source.LoadAsync(keys, cancellationToken);
            SearchWriteResult result;
            try
            {
                result = await index.WriteAsync(documents, cancellationToken);
            }
            catch (SearchEngineUnavailableException ex)
            {
                foreach (var row in rows)
                {
                    Fail(row, ex.Message, engine: true, now);
                }
                await db.SaveChangesAsync(cancellationToken);
                logger.LogWarning("搜索引擎不可用，{Count} 条索引任务保留待重试：{Error}", rows.Count, ex.Message);
                break;
            }
            var failed = result.Failures.ToDictionary(f => f.DocumentId, f => f.Error);
            foreach (var row in rows)
            {
                if (failed.TryGetValue(SearchDocument.DocumentId(row.TenantId, row.ContentItemId), out var error))
                {
                    Fail(row, error, engine: false, now);
                }
                else
                {
                    row.ProcessedUtc = now;
                    row.LastAttemptUtc = now;
                    row.Attempts++;
                    row.LastError = null;
                    row.EngineFailure = false;
                    row.NextAttemptUtc = null;
                    done++;
                }
            }
            await db.SaveChangesAsync(cancellationToken);
            if (failed.Count > 0)
            {
                logger.LogWarning("{Count} 条文档被搜索引擎拒绝，保留待重试", failed.Count);
            }
        }
        var cutoff = clock.GetUtcNow().UtcDateTime - KeepProcessed;
        await db.Set<SearchOutboxEntry>().AcrossTenants().Where(e => e.ProcessedUtc != null && e.ProcessedUtc < cutoff)
            .ExecuteDeleteAsync(cancellationToken);
        return done;
    }

    private static void Fail(SearchOutboxEntry row, string error, bool engine, DateTime now)
    {
        row.Attempts++;
        row.LastAttemptUtc = now;
        row.LastError = error.Length > 2000 ? error[..2000] : error;
        row.EngineFailure = engine;
        row.NextAttemptUtc = now + Backoff(row.Attempts);
    }
}
