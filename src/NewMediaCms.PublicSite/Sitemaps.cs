using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>
/// sitemap.xml (the portal's lists every running department; a department's lists itself) and robots.txt.
/// Above PublicSite:SitemapPageSize URLs, /sitemap.xml is a sitemap index over /sitemap-1.xml, /sitemap-2.xml, ...
/// </summary>
public static class Sitemaps
{
    private static readonly XNamespace Ns = "http://www.sitemaps.org/schemas/sitemap/0.9";

    public static async Task<IResult> WriteAsync(HttpContext http, int? part, CancellationToken ct)
    {
        var services = http.RequestServices;
        var t = services.GetRequiredService<ITenantContext>().Current;
        if (t is null)
        {
            return Results.NotFound();
        }
        var registry = services.GetRequiredService<TenantRegistry>();
        var models = services.GetRequiredService<SiteModelBuilder>();
        var reader = services.GetRequiredService<IPublishedContentSource>();
        var pageSize = services.GetRequiredService<IOptions<PublicSiteOptions>>().Value.SitemapPageSize;
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        // A department reached only by its own host name lists itself on that host, not in the portal's sitemap.
        var tenants = t.IsPortal ? registry.All.Where(x => x.State == TenantState.Running && (x.IsPortal || x.Prefix is not null)).ToList() : [t];
        var tenantIds = tenants.Select(x => x.Id).ToList();

        // Fixed pages first (homes, lists, accounts), then every published item.
        var fixedUrls = new List<string>();
        foreach (var tenant in tenants)
        {
            fixedUrls.Add(origin + tenant.PathBase + "/");
            fixedUrls.Add(origin + tenant.PathBase + "/notices");
            fixedUrls.AddRange((await models.AccountsOfAsync(tenant, ct)).Select(a => origin + a.Url));
        }
        var (total, _) = await reader.SitemapAsync(tenantIds, 0, 0, ct);
        var count = fixedUrls.Count + total;
        var parts = Math.Max(1, (count + pageSize - 1) / pageSize);
        XDocument doc;
        if (part is null && parts > 1)
        {
            doc = new XDocument(new XElement(Ns + "sitemapindex",
                Enumerable.Range(1, parts).Select(n => new XElement(Ns + "sitemap",
                    new XElement(Ns + "loc", $"{origin}{http.Request.PathBase}/sitemap-{n.ToString(CultureInfo.InvariantCulture)}.xml")))));
        }
        else
        {
            var n = part ?? 1;
            if (n < 1 || n > parts || (part is not null && parts == 1))
            {
                return Results.NotFound();
            }
            var start = (n - 1) * pageSize;
            var urls = new List<XElement>();
            urls.AddRange(fixedUrls.Skip(start).Take(pageSize).Select(u => new XElement(Ns + "url", new XElement(Ns + "loc", u))));
            var itemStart = Math.Max(0, start - fixedUrls.Count);
            var itemTake = pageSize - urls.Count;
            if (itemTake > 0)
            {
                var (_, rows) = await reader.SitemapAsync(tenantIds, itemStart, itemTake, ct);
                var byId = tenants.ToDictionary(x => x.Id);
                urls.AddRange(rows.Select(r => new XElement(Ns + "url",
                    new XElement(Ns + "loc", $"{origin}{byId[r.TenantId].PathBase}/notices/{r.Id}"),
                    new XElement(Ns + "lastmod", DateTime.SpecifyKind(r.PublishedUtc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)))));
            }
            doc = new XDocument(new XElement(Ns + "urlset", urls));
        }
        var xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n" + doc.Root!.ToString(SaveOptions.DisableFormatting);
        return Conditional.Text(http, xml, "application/xml; charset=utf-8");
    }

    public static IResult Robots(HttpContext http)
    {
        var origin = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";
        var text = $"""
            User-agent: *
            Disallow: /admin
            Disallow: /api/
            Disallow: /elder-mode
            Disallow: /*/admin
            Disallow: /*/elder-mode

            Sitemap: {origin}/sitemap.xml

            """;
        return Results.Text(text, "text/plain; charset=utf-8");
    }
}
