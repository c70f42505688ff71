using System.Net;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The reverse proxies whose <c>X-Forwarded-For</c> / <c>X-Forwarded-Proto</c> are believed (section <c>ReverseProxy</c>).
/// Default: none, so the client address is the TCP peer and a header sent by anyone else changes nothing (the rate-limit
/// partitions, the audit's address). Behind nginx on the same machine: <c>"KnownProxies": ["127.0.0.1", "::1"]</c>.
/// </summary>
public sealed class ReverseProxyOptions
{
    public const string Section = "ReverseProxy";

    /// <summary>Addresses of trusted proxies, e.g. "127.0.0.1", "10.0.0.5".</summary>
    public List<string> KnownProxies { get; set; } = [];

    /// <summary>Networks of trusted proxies in CIDR form, e.g. "10.0.0.0/24".</summary>
    public List<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row may append to X-Forwarded-For (a CDN in front of nginx: 2).</summary>
    public int ForwardLimit { get; set; } = 1;
}

public static class ClientAddress
{
    public static IServiceCollection AddClientAddress(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ReverseProxyOptions>().Bind(configuration.GetSection(ReverseProxyOptions.Section))
            .Validate(o => o.KnownProxies.All(p => IPAddress.TryParse(p, out _)),
                $"{ReverseProxyOptions.Section}:KnownProxies 中有无法识别的 IP 地址（例如应写 127.0.0.1）。")
            .Validate(o => o.KnownNetworks.All(n => System.Net.IPNetwork.TryParse(n, out _)),
                $"{ReverseProxyOptions.Section}:KnownNetworks 中有无法识别的网段（应写 CIDR 形式，例如 10.0.0.0/24）。")
            .Validate(o => o.ForwardLimit >= 1, $"{ReverseProxyOptions.Section}:ForwardLimit 至少为 1。")
            .ValidateOnStart();
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ReverseProxyOptions>>((o, proxies) =>
        {
            var p = proxies.Value;
            o.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            o.ForwardLimit = p.ForwardLimit;
            // ASP.NET Core trusts loopback by default; here nobody is trusted unless configured.
            o.KnownProxies.Clear();
            o.KnownIPNetworks.Clear();
            foreach (var address in p.KnownProxies)
            {
                if (IPAddress.TryParse(address, out var ip))
                {
                    o.KnownProxies.Add(ip);
                }
            }
            foreach (var network in p.KnownNetworks)
            {
                if (System.Net.IPNetwork.TryParse(network, out var n))
                {
                    o.KnownIPNetworks.Add(n);
                }
            }
        });
        return services;
    }
}
