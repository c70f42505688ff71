using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Monitoring;

/// <summary>
/// Where a department's page is reached: publicly at the configured base URL (a department with its own host name at
/// that host, with the base URL's scheme), and at the origin (the CMS itself) for the seal.
/// </summary>
public sealed class SiteUrls(IServer server)
{
    public static Uri? Public(MonitorSettings settings, TenantInfo tenant, string path)
    {
        if (!Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var baseUri))
        {
            return null;
        }
        if (tenant.Hosts.Count > 0 && string.IsNullOrEmpty(tenant.Prefix))
        {
            return new Uri($"{baseUri.Scheme}://{tenant.Hosts[0]}{path}");
        }
        return new Uri(baseUri.GetLeftPart(UriPartial.Authority) + baseUri.AbsolutePath.TrimEnd('/') + tenant.PathBase + path);
    }

    /// <summary>The origin URL and the Host header to send (a department resolved by its host name needs it).</summary>
    public (Uri Url, string? Host)? Origin(MonitorSettings settings, TenantInfo tenant, string path)
    {
        var origin = settings.OriginUrl;
        if (string.IsNullOrEmpty(origin))
        {
            origin = server.Features.Get<IServerAddressesFeature>()?.Addresses
                .Select(a => a.Replace("://+", "://127.0.0.1").Replace("://*", "://127.0.0.1").Replace("://0.0.0.0", "://127.0.0.1").Replace("://[::]", "://127.0.0.1"))
                .OrderBy(a => a.StartsWith("http:", StringComparison.Ordinal) ? 0 : 1)
                .FirstOrDefault() ?? "http://localhost";
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var o))
        {
            return null;
        }
        var byHost = tenant.Hosts.Count > 0 && string.IsNullOrEmpty(tenant.Prefix);
        var url = new Uri(o.GetLeftPart(UriPartial.Authority) + (byHost ? "" : tenant.PathBase) + path);
        return (url, byHost ? tenant.Hosts[0] : null);
    }

    /// <summary>Hosts whose links count as the site's own (public base, origin, department hosts).</summary>
    public IReadOnlyCollection<string> SiteHosts(MonitorSettings settings, IEnumerable<TenantInfo> tenants)
    {
        var hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (Uri.TryCreate(settings.BaseUrl, UriKind.Absolute, out var b))
        {
            hosts.Add(b.Authority);
        }
        if (Uri.TryCreate(settings.OriginUrl, UriKind.Absolute, out var o))
        {
            hosts.Add(o.Authority);
        }
        foreach (var a in server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [])
        {
            if (Uri.TryCreate(a.Replace("://+", "://localhost").Replace("://*", "://localhost"), UriKind.Absolute, out var u))
            {
                hosts.Add(u.Authority);
            }
        }
        hosts.Add("localhost");
        foreach (var t in tenants)
        {
            hosts.UnionWith(t.Hosts);
        }
        return hosts;
    }
}
