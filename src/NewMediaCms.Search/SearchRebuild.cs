using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Search;

/// <summary>What the admin page shows about the current or last rebuild.</summary>
public sealed record RebuildStatus(bool Running, long Done, long Total, DateTime? StartedUtc, DateTime? FinishedUtc, string? Error);

/// <summary>
/// Rebuilds the index from the store into a new physical index and swaps it in; searches keep answering from the old
/// one meanwhile. Outbox rows processed while the rebuild ran went to the old index, so they are replayed afterwards.
/// One rebuild at a time per process.
/// </summary>
public sealed class SearchRebuild(IServiceScopeFactory scopes, TimeProvider clock, ILogger<SearchRebuild> logger)
{
    private readonly Lock _lock = new();
    private RebuildStatus _status = new(false, 0, 0, null, null, null);
    private Task? _running;

    public RebuildStatus Status
    {
        get
        {
            lock (_lock)
            {
                return _status;
            }
        }
    }

    /// <summary>Starts a rebuild in the background; false when one is already running.</summary>
    public bool TryStart(out Task task)
    {
        lock (_lock)
        {
            if (_running is { IsCompleted: false })
            {
                task = _running;
                return false;
            }
            _status = new RebuildStatus(true, 0, 0, clock.GetUtcNow().UtcDateTime, null, null);
            _running = task = Task.Run(() => RunAsync(CancellationToken.None));
            return true;
        }
    }

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            using var matrix = services.GetRequiredService<ITenantContext>().BeginMatrixScope();
            var db = services.GetRequiredService<NmcDbContext>();
            var source = services.GetRequiredService<SearchDocumentSource>();
            var index = services.GetRequiredService<ISearchIndex>();
            var highWater = await db.Set<SearchOutboxEntry>().AcrossTenants().MaxAsync(e => (long?)e.Id, ct) ?? 0;
            var total = await source.CountAsync(ct);
            var tenants = services.GetRequiredService<TenantRegistry>().All.Select(t => t.Id).ToList();
            Update(s => s with { Total = total });
            await index.RebuildAsync(source.AllAsync(ct), total, tenants, new Progress(this), ct);
            // Rows handled during the rebuild went to the old index: hand them to the outbox job again.
            await db.Set<SearchOutboxEntry>().AcrossTenants().Where(e => e.Id > highWater && e.ProcessedUtc != null)
                .ExecuteUpdateAsync(u => u.SetProperty(e => e.ProcessedUtc, (DateTime?)null), ct);
            Update(s => s with { Running = false, Done = Math.Max(s.Done, total), FinishedUtc = clock.GetUtcNow().UtcDateTime });
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "重建搜索索引失败");
            Update(s => s with { Running = false, FinishedUtc = clock.GetUtcNow().UtcDateTime, Error = ex.Message });
        }
    }

    private void Update(Func<RebuildStatus, RebuildStatus> change)
    {
        lock (_lock)
        {
            _status = change(_status);
        }
    }

    private sealed class Progress(SearchRebuild owner) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => owner.Update(s => s with { Done = value.Done });
    }
}
