using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Search;

/// <summary>A reader's answer: results, or an empty page with a reason when the engine is down.</summary>
public sealed record ReaderSearchResults(SearchResults Results, bool Unavailable);

/// <summary>Queue depth and the latest error, for the admin page.</summary>
public sealed record OutboxStatus(int Pending, int Failing, string? LastError, DateTime? LastErrorUtc, DateTime? OldestPendingUtc);

/// <summary>
/// Search as readers see it: only visible content of running departments, published up to now; the portal searches
/// public content of the whole matrix, a department only its own.
/// </summary>
public sealed class SearchService(ISearchIndex index, TenantRegistry registry, NmcDbContext db, TimeProvider clock, ILogger<SearchService> logger)
{
    public async Task<ReaderSearchResults> SearchForReaderAsync(TenantInfo site, SearchQuery request, CancellationToken ct)
    {
        var disabled = registry.All.Where(t => t.State != TenantState.Running).Select(t => t.Id).ToList();
        var now = clock.GetUtcNow().UtcDateTime;
        var query = request with
        {
            Scope = site.IsPortal ? SearchScope.Portal : SearchScope.Department,
            TenantId = site.IsPortal ? request.TenantId : site.Id,
            ExcludedTenants = disabled,
            // Scheduled items are indexed when published; readers see them only from their publication time.
            ToUtc = request.ToUtc is { } to && to < now ? to : now,
        };
        if (site.State != TenantState.Running)
        {
            return new ReaderSearchResults(SearchResults.Empty(query.Page, query.PageSize), false);
        }
        try
        {
            return new ReaderSearchResults(await index.SearchAsync(query, ct), false);
        }
        catch (SearchEngineUnavailableException ex)
        {
            logger.LogWarning("搜索引擎不可用：{Error}", ex.Message);
            return new ReaderSearchResults(SearchResults.Empty(query.Page, query.PageSize), true);
        }
    }

    public async Task<OutboxStatus> OutboxStatusAsync(CancellationToken ct)
    {
        var pending = db.Set<SearchOutboxEntry>().AcrossTenants().AsNoTracking().Where(e => e.ProcessedUtc == null);
        var count = await pending.CountAsync(ct);
        var failing = await pending.CountAsync(e => e.LastError != null, ct);
        var last = await pending.Where(e => e.LastError != null).OrderByDescending(e => e.LastAttemptUtc)
            .Select(e => new { e.LastError, e.LastAttemptUtc }).FirstOrDefaultAsync(ct);
        var oldest = await pending.OrderBy(e => e.Id).Select(e => (DateTime?)e.CreatedUtc).FirstOrDefaultAsync(ct);
        return new OutboxStatus(count, failing, last?.LastError, last?.LastAttemptUtc, oldest);
    }
}
