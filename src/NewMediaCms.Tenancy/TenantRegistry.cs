using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Tenancy;

/// <summary>The outcome of resolving a request: the tenant, and the path prefix that selected it (if any).</summary>
public readonly record struct TenantResolution(TenantInfo? Tenant, string? MatchedPrefix);

/// <summary>
/// All departments, held in memory as an immutable snapshot and reloaded after every change
/// (tenants change rarely; requests resolve on every hit).
/// </summary>
public sealed class TenantRegistry(IServiceScopeFactory scopes)
{
    /// <summary>First path segments a department may not use: they belong to the application.</summary>
    public static readonly IReadOnlySet<string> ReservedPrefixes = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "admin", "api", "themes", "static", "assets", "feed", "feeds", "rss", "atom", "search", "health", "healthz",
        "hangfire", "jobs", "admin-assets", "notices", "notice", "accounts", "account", "departments", "login", "logout", "account-login",
        "sitemap.xml", "robots.txt", "favicon.ico", "error", "not-found", "elder", "css", "js", "img", "files", "media",
    };

    private volatile Snapshot? _snapshot;

    public IReadOnlyList<TenantInfo> All => GetSnapshot().All;

    public TenantInfo? Portal => GetSnapshot().Portal;

    public TenantInfo? Find(string id) => GetSnapshot().ById.GetValueOrDefault(id);

    public void Invalidate() => _snapshot = null;

    /// <summary>Resolution order: host + prefix, then host, then prefix, then the portal tenant.</summary>
    public TenantResolution Resolve(string? host, string? firstSegment)
    {
        var s = GetSnapshot();
        host = host?.ToLowerInvariant();
        var segment = firstSegment?.ToLowerInvariant();
        if (!string.IsNullOrEmpty(host) && s.ByHost.TryGetValue(host, out var hosted))
        {
            if (segment is not null)
            {
                var both = hosted.FirstOrDefault(t => t.Prefix is not null && string.Equals(t.Prefix, segment, StringComparison.OrdinalIgnoreCase));
                if (both is not null)
                {
                    return new(both, both.Prefix);
                }
            }
            var hostOnly = hosted.FirstOrDefault(t => t.Prefix is null);
            if (hostOnly is not null)
            {
                return new(hostOnly, null);
            }
        }
        if (segment is not null && s.ByPrefix.TryGetValue(segment, out var prefixed))
        {
            return new(prefixed, prefixed.Prefix);
        }
        return new(s.Portal, null);
    }

    private Snapshot GetSnapshot()
    {
        var snapshot = _snapshot;
        if (snapshot is not null)
        {
            return snapshot;
        }
        using var scope = scopes.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var tenants = db.Set<Tenant>().AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Id).ToList().Select(t => t.ToInfo()).ToList();
        snapshot = new Snapshot(tenants);
        _snapshot = snapshot;
        return snapshot;
    }

    private sealed class Snapshot
    {
        public Snapshot(IReadOnlyList<TenantInfo> all)
        {
            All = all;
            ById = all.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);
            Portal = all.FirstOrDefault(t => t.IsPortal);
            // Prefix-only resolution applies to tenants without host names (a tenant with hosts is reached by its host).
            ByPrefix = all.Where(t => t.Prefix is not null && t.Hosts.Count == 0)
                .ToDictionary(t => t.Prefix!, StringComparer.OrdinalIgnoreCase);
            ByHost = all.SelectMany(t => t.Hosts.Select(h => (Host: h.ToLowerInvariant(), Tenant: t)))
                .GroupBy(x => x.Host)
                .ToDictionary(g => g.Key, g => g.Select(x => x.Tenant).ToList());
        }

        public IReadOnlyList<TenantInfo> All { get; }

        public Dictionary<string, TenantInfo> ById { get; }

        public TenantInfo? Portal { get; }

        public Dictionary<string, TenantInfo> ByPrefix { get; }

        public Dictionary<string, List<TenantInfo>> ByHost { get; }
    }
}
