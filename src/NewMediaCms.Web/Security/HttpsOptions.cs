namespace NewMediaCms.Web.Security;

/// <summary>
/// Transport security (section <c>Https</c>). HTTPS counts as configured when <c>Https:Enabled</c> is true, or, when it
/// is not set, when a URL the server listens on (<c>urls</c>/<c>ASPNETCORE_URLS</c>, <c>Kestrel:Endpoints:*:Url</c>)
/// is https. Then plain-HTTP requests are redirected (308), HTTPS responses carry HSTS, and every cookie is Secure.
/// </summary>
public sealed class HttpsOptions
{
    public const string Section = "Https";

    public bool Enabled { get; set; }

    /// <summary>The port HTTP requests are redirected to (default: the https URL's port, else 443).</summary>
    public int? Port { get; set; }

    /// <summary>Strict-Transport-Security max-age in days (default 365).</summary>
    public int HstsMaxAgeDays { get; set; } = 365;

    public bool HstsIncludeSubDomains { get; set; }

    /// <summary>
    /// Behind a TLS-terminating reverse proxy on the same machine: trust its X-Forwarded-Proto (only from loopback),
    /// so a request that arrived over HTTPS at the proxy counts as HTTPS here.
    /// </summary>
    public bool TrustForwardedProto { get; set; }

    /// <summary>Reads the section and works out <see cref="Enabled"/> and <see cref="Port"/> from the listen URLs.</summary>
    public static HttpsOptions From(IConfiguration configuration)
    {
        var options = new HttpsOptions();
        configuration.GetSection(Section).Bind(options);
        var httpsUrl = ListenUrls(configuration).FirstOrDefault(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));
        if (configuration[$"{Section}:Enabled"] is null)
        {
            options.Enabled = httpsUrl is not null;
        }
        if (options.Port is null && httpsUrl is not null)
        {
            // "https://+:8443" and "https://*:8443" are not valid URIs: read the port after the last colon.
            var hostPort = httpsUrl["https://".Length..].Split('/')[0];
            var colon = hostPort.LastIndexOf(':');
            if (colon > 0 && !hostPort.EndsWith("]", StringComparison.Ordinal)
                && int.TryParse(hostPort[(colon + 1)..], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port))
            {
                options.Port = port;
            }
        }
        return options;
    }

    private static IEnumerable<string> ListenUrls(IConfiguration configuration)
    {
        foreach (var url in (configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            yield return url;
        }
        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            if (endpoint["Url"] is { Length: > 0 } url)
            {
                yield return url;
            }
        }
    }
}
