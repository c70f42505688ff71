using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Jobs;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Monitoring;

/// <summary>What one run of the monitor did.</summary>
public sealed record MonitorRunSummary(int Registered, int Checked, int Clean, int Incidents, int CouldNotCheck, int Probes, int LinksChecked, int BrokenLinks, TimeSpan Elapsed);

/// <summary>
/// The recurring page monitor (every minute; what is due follows the settings): registers every published page that has
/// no seal yet, probes each site's availability, checks every page whose interval has passed (in parallel, each in a scope
/// of its own) and the links and menus of every page. One run at a time per process.
/// </summary>
public sealed class PageMonitorJob(IServiceScopeFactory scopes, TenantRegistry registry, TimeProvider clock, ILogger<PageMonitorJob> logger) : IRecurringJob
{
    private static readonly SemaphoreSlim Running = new(1, 1);
    private static readonly ConcurrentDictionary<string, DateTime> LastLinkCheck = new(StringComparer.Ordinal);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        if (!await Running.WaitAsync(0, cancellationToken))
        {
            logger.LogInformation("页面监测：上一轮尚未结束，本轮跳过");
            return;
        }
        try
        {
            var summary = await RunOnceAsync(force: false, cancellationToken);
            if (summary is not null)
            {
                logger.LogInformation("页面监测：{Summary}", summary);
            }
        }
        finally
        {
            Running.Release();
        }
    }

    /// <summary>One run. <paramref name="force"/>: every page and every site now, whatever their intervals (benchmarks, the admin's button).</summary>
    public async Task<MonitorRunSummary?> RunOnceAsync(bool force, CancellationToken ct)
    {
        var started = clock.GetTimestamp();
        MonitorSettings settings;
        await using (var scope = scopes.CreateAsyncScope())
        {
            settings = await scope.ServiceProvider.GetRequiredService<MonitorSettingsStore>().GetAsync(ct);
        }
        if (!settings.Enabled)
        {
            return null;
        }
        var tenants = registry.All.Where(t => t.State == TenantState.Running).ToList();
        IReadOnlyCollection<string> hosts;
        await using (var scope = scopes.CreateAsyncScope())
        {
            hosts = scope.ServiceProvider.GetRequiredService<SiteUrls>().SiteHosts(settings, tenants);
        }
        var registered = await RegisterPublishedAsync(tenants, ct);
        var probes = await ProbeAsync(settings, tenants, force, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var dueBefore = force ? DateTime.MaxValue : now.AddMinutes(-settings.IntervalMinutes).AddSeconds(5);
        List<long> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            due = await db.Set<MonitoredPage>().AcrossTenants().AsNoTracking()
                .Where(p => !p.Removed && (p.NeedsSeal || p.LastCheckedUtc == null || p.LastCheckedUtc < dueBefore))
                .OrderBy(p => p.LastCheckedUtc).Select(p => p.Id).ToListAsync(ct);
        }
        var outcomes = new ConcurrentBag<PageCheckOutcome>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = ct }, async (id, token) =>
        {
            await using var scope = scopes.CreateAsyncScope();
            try
            {
                outcomes.Add(await scope.ServiceProvider.GetRequiredService<PageMonitor>().CheckAsync(id, settings, hosts, token, deferCleanResult: true));
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One page's failure is that page's "could not check", never the end of the run.
                logger.LogError(ex, "页面监测：检查页面 {Id} 失败", id);
                outcomes.Add(new PageCheckOutcome(id, CheckResults.CouldNotCheck, "检查出错：" + ex.Message, []));
                await MarkAsync(id, ex.Message, token);
            }
        });
        await WriteDeferredAsync(outcomes.Where(o => o.Deferred).ToList(), ct);
        var (linksChecked, broken) = await CheckLinksAsync(settings, tenants, force, ct);
        return new MonitorRunSummary(registered, outcomes.Count, outcomes.Count(o => o.Result == CheckResults.Clean),
            outcomes.Count(o => o.Result == CheckResults.Incident), outcomes.Count(o => o.Result == CheckResults.CouldNotCheck),
            probes, linksChecked, broken, clock.GetElapsedTime(started));
    }

    /// <summary>The check time and result of clean pages whose seal did not change, in set-based updates of 500 pages.</summary>
    private async Task WriteDeferredAsync(List<PageCheckOutcome> clean, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        foreach (var group in clean.GroupBy(o => o.Detail))
        {
            foreach (var chunk in group.Select(o => o.PageId).Chunk(500))
            {
                await db.Set<MonitoredPage>().AcrossTenants().Where(p => chunk.Contains(p.Id))
                    .ExecuteUpdateAsync(u => u.SetProperty(p => p.LastCheckedUtc, now).SetProperty(p => p.LastResult, CheckResults.Clean).SetProperty(p => p.LastDetail, group.Key), ct);
            }
        }
    }

    private async Task MarkAsync(long id, string error, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        if (await db.Set<MonitoredPage>().AcrossTenants().FirstOrDefaultAsync(p => p.Id == id, ct) is { } page)
        {
            page.LastCheckedUtc = clock.GetUtcNow().UtcDateTime;
            page.LastResult = CheckResults.CouldNotCheck;
            page.LastDetail = "检查出错：" + (error.Length > 1000 ? error[..1000] : error);
            await db.SaveChangesAsync(ct);
        }
    }

    /// <summary>Published pages without a registration (published before the monitor, or by bulk SQL) are registered for a seal.</summary>
    private async Task<int> RegisterPublishedAsync(List<TenantInfo> tenants, CancellationToken ct)
    {
        var added = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var tenant in tenants)
        {
            await using var scope = scopes.CreateAsyncScope();
            using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var source = scope.ServiceProvider.GetRequiredService<IPublishedContentSource>();
            var items = (await source.DepartmentAsync(tenant.Id, ct)).Where(i => i.PublishedUtc <= now).ToList();
            var known = await db.Set<MonitoredPage>().AcrossTenants().Where(p => p.TenantId == tenant.Id)
                .ToDictionaryAsync(p => p.Path, ct);
            var live = new HashSet<string>(StringComparer.Ordinal);
            foreach (var item in items)
            {
                var path = "/notices/" + item.Id;
                live.Add(path);
                if (!known.TryGetValue(path, out var page))
                {
                    db.Add(new MonitoredPage { TenantId = tenant.Id, AccountId = item.AccountId, ContentItemId = item.Id, Kind = "notice", Path = path, Title = item.Title, NeedsSeal = true });
                    added++;
                }
                else if (page.Removed)
                {
                    page.Removed = false;
                    page.NeedsSeal = true;
                }
            }
            foreach (var (path, kind) in new[] { ("/", "home"), ("/notices", "list") })
            {
                if (!known.ContainsKey(path))
                {
                    db.Add(new MonitoredPage { TenantId = tenant.Id, Kind = kind, Path = path, Title = tenant.DisplayName, NeedsSeal = true });
                    added++;
                }
            }
            // Notices no longer published (their event already took them out; this covers bulk changes).
            foreach (var stale in known.Values.Where(p => p.Kind == "notice" && !p.Removed && !live.Contains(p.Path)))
            {
                stale.Removed = true;
            }
            await db.SaveChangesAsync(ct);
        }
        return added;
    }

    /// <summary>WEB-V01 / WEB-W01: one probe of each site's home page per probe interval; not loaded within the time limit is a failure.</summary>
    private async Task<int> ProbeAsync(MonitorSettings settings, List<TenantInfo> tenants, bool force, CancellationToken ct)
    {
        var count = 0;
        var now = clock.GetUtcNow().UtcDateTime;
        await using var scope = scopes.CreateAsyncScope();
        using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var fetcher = scope.ServiceProvider.GetRequiredService<PageFetcher>();
        var since = now.AddMinutes(-settings.ProbeIntervalMinutes).AddSeconds(5);
        var recent = await db.Set<SiteProbe>().AcrossTenants().Where(p => p.AtUtc > since).Select(p => p.TenantId).Distinct().ToListAsync(ct);
        foreach (var tenant in tenants.Where(t => force || !recent.Contains(t.Id)))
        {
            if (SiteUrls.Public(settings, tenant, "/") is not { } url)
            {
                continue;
            }
            var result = await fetcher.FetchAsync(url, Visitor.Browser, TimeSpan.FromSeconds(settings.TimeoutSeconds), ct);
            db.Add(new SiteProbe
            {
                TenantId = tenant.Id,
                Url = url.ToString(),
                AtUtc = now,
                Ok = result.Ok,
                Status = result.Status,
                ElapsedMs = (int)Math.Min(int.MaxValue, result.ElapsedMs),
                Error = result.Problem,
            });
            count++;
        }
        await db.SaveChangesAsync(ct);
        return count;
    }

    /// <summary>NM-D11: every link and menu entry inside the site found on the sealed pages, checked once per link check interval.</summary>
    private async Task<(int Checked, int Broken)> CheckLinksAsync(MonitorSettings settings, List<TenantInfo> tenants, bool force, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        int total = 0, broken = 0;
        foreach (var tenant in tenants)
        {
            if (!force && LastLinkCheck.TryGetValue(tenant.Id, out var last) && now - last < TimeSpan.FromHours(settings.LinkCheckHours))
            {
                continue;
            }
            if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var baseUri))
            {
                continue;
            }
            await using var scope = scopes.CreateAsyncScope();
            using var matrix = scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var fetcher = scope.ServiceProvider.GetRequiredService<PageFetcher>();
            var pages = await db.Set<MonitoredPage>().AcrossTenants().AsNoTracking()
                .Where(p => p.TenantId == tenant.Id && !p.Removed && p.InternalLinks != null)
                .Select(p => new { p.Path, p.AccountId, p.InternalLinks }).ToListAsync(ct);
            var linkPages = new Dictionary<string, (string Page, string? Account)>(StringComparer.Ordinal);
            foreach (var page in pages)
            {
                foreach (var link in page.InternalLinks!.Split('\n', StringSplitOptions.RemoveEmptyEntries))
                {
                    linkPages.TryAdd(link, (page.Path, page.AccountId));
                }
            }
            var authority = tenant.Hosts.Count > 0 && string.IsNullOrEmpty(tenant.Prefix) ? $"{baseUri.Scheme}://{tenant.Hosts[0]}" : baseUri.GetLeftPart(UriPartial.Authority);
            var results = new ConcurrentBag<BrokenLink>();
            await Parallel.ForEachAsync(linkPages, new ParallelOptions { MaxDegreeOfParallelism = settings.Parallelism, CancellationToken = ct }, async (entry, token) =>
            {
                var (status, problem) = await fetcher.StatusAsync(new Uri(authority + entry.Key), TimeSpan.FromSeconds(settings.TimeoutSeconds), token);
                if (problem is not null)
                {
                    results.Add(new BrokenLink
                    {
                        TenantId = tenant.Id,
                        AccountId = entry.Value.Account,
                        PageUrl = (SiteUrls.Public(settings, tenant, entry.Value.Page) ?? new Uri(authority + entry.Value.Page)).ToString(),
                        LinkUrl = authority + entry.Key,
                        Status = status,
                        Error = problem,
                        CheckedUtc = now,
                    });
                }
            });
            await db.Set<BrokenLink>().AcrossTenants().Where(l => l.TenantId == tenant.Id).ExecuteDeleteAsync(ct);
            db.AddRange(results);
            await db.SaveChangesAsync(ct);
            LastLinkCheck[tenant.Id] = now;
            total += linkPages.Count;
            broken += results.Count;
        }
        return (total, broken);
    }
}
