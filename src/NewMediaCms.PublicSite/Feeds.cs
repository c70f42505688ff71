using System.Globalization;
using System.Xml.Linq;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

public enum FeedFormat
{
    Rss,
    Atom,
}

/// <summary>
/// RSS 2.0 and Atom 1.0 feeds: /feed/rss and /feed/atom (the portal's covers the whole matrix, a department's its
/// own items) and /accounts/{id}/feed/rss|atom for one account.
/// </summary>
public static class Feeds
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    public static async Task<IResult> WriteAsync(HttpContext http, string? accountId, FeedFormat format, CancellationToken ct)
    {
        var services = http.RequestServices;
        var t = services.GetRequiredService<ITenantContext>().Current;
        if (t is null)
        {
            return Results.NotFound();
        }
        var models = services.GetRequiredService<SiteModelBuilder>();
        var reader = services.GetRequiredService<IPublishedContentSource>();
        var registry = services.GetRequiredService<TenantRegistry>();
        var size = services.GetRequiredService<IOptions<PublicSiteOptions>>().Value.FeedSize;
        string title;
        string htmlPath;
        ItemPage page;
        if (accountId is not null)
        {
            var account = await models.FindAccountAsync(accountId, ct);
            if (account is null || account.TenantId != t.Id)
            {
                return Results.NotFound();
            }
            title = $"{account.Name} - {t.DisplayName}";
            htmlPath = $"{t.PathBase}/accounts/{account.Id}";
            page = await reader.PageAsync(1, size, accountId: account.Id, ct: ct);
        }
        else
        {
            title = t.IsPortal ? $"{(await models.SiteAsync(t, ct)).Title}（全矩阵）" : t.DisplayName;
            htmlPath = t.PathBase + "/";
            page = await reader.PageAsync(1, size, t.IsPortal ? PublicSiteEndpoints.Running(registry) : null, ct: ct);
        }
        var origin = $"{http.Request.Scheme}://{http.Request.Host}";
        var self = origin + http.Request.PathBase + http.Request.Path;
        var items = await models.NoticesAsync(page.Items, ct);
        var updated = page.Items.Count > 0 ? page.Items.Max(i => i.PublishedUtc) : new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var description = $"{title}发布的通知公告等政务信息。";
        XDocument doc;
        if (format == FeedFormat.Rss)
        {
            doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
                new XElement("rss", new XAttribute("version", "2.0"), new XAttribute(XNamespace.Xmlns + "atom", Atom),
                    new XElement("channel",
                        new XElement("title", FeedText.Html(title)),
                        new XElement("link", origin + htmlPath),
                        new XElement("description", FeedText.Html(description)),
                        new XElement("language", "zh-cn"),
                        new XElement("lastBuildDate", Rfc822(updated)),
                        new XElement(Atom + "link", new XAttribute("href", self), new XAttribute("rel", "self"), new XAttribute("type", "application/rss+xml")),
                        items.Select((n, i) => new XElement("item",
                            new XElement("title", FeedText.Html(n.Title)),
                            new XElement("link", origin + n.Url),
                            new XElement("guid", new XAttribute("isPermaLink", "true"), origin + n.Url),
                            new XElement("pubDate", Rfc822(page.Items[i].PublishedUtc)),
                            new XElement("category", FeedText.Html(n.TypeName)),
                            new XElement("description", FeedText.Html(n.Summary)),
                            n.Cover is null ? null : new XElement("enclosure", new XAttribute("url", Absolute(origin, n.Cover)), new XAttribute("type", ImageType(n.Cover)), new XAttribute("length", "0")),
                            n.AccountName is null ? null : new XElement("source", new XAttribute("url", origin + n.AccountUrl + "/feed/rss"), FeedText.Html(n.AccountName)))))));
        }
        else
        {
            doc = new XDocument(new XDeclaration("1.0", "utf-8", null),
                new XElement(Atom + "feed", new XAttribute(XNamespace.Xml + "lang", "zh-CN"),
                    new XElement(Atom + "id", self),
                    new XElement(Atom + "title", FeedText.Plain(title)),
                    new XElement(Atom + "subtitle", FeedText.Plain(description)),
                    new XElement(Atom + "updated", Rfc3339(updated)),
                    new XElement(Atom + "link", new XAttribute("rel", "self"), new XAttribute("type", "application/atom+xml"), new XAttribute("href", self)),
                    new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", origin + htmlPath)),
                    new XElement(Atom + "author", new XElement(Atom + "name", FeedText.Plain(t.DisplayName))),
                    items.Select((n, i) => new XElement(Atom + "entry",
                        new XElement(Atom + "id", origin + n.Url),
                        new XElement(Atom + "title", FeedText.Plain(n.Title)),
                        new XElement(Atom + "updated", Rfc3339(page.Items[i].PublishedUtc)),
                        new XElement(Atom + "published", Rfc3339(page.Items[i].PublishedUtc)),
                        new XElement(Atom + "link", new XAttribute("rel", "alternate"), new XAttribute("type", "text/html"), new XAttribute("href", origin + n.Url)),
                        new XElement(Atom + "author", new XElement(Atom + "name", FeedText.Plain(n.DepartmentName))),
                        new XElement(Atom + "category", new XAttribute("term", n.ContentType), new XAttribute("label", FeedText.Plain(n.TypeName))),
                        new XElement(Atom + "summary", new XAttribute("type", "text"), FeedText.Plain(n.Summary)),
                        n.Cover is null ? null : new XElement(Atom + "link", new XAttribute("rel", "enclosure"), new XAttribute("type", ImageType(n.Cover)), new XAttribute("href", Absolute(origin, n.Cover)))))));
        }
        var xml = doc.Declaration + "\n" + doc.Root!.ToString(SaveOptions.DisableFormatting);
        return Conditional.Text(http, xml, format == FeedFormat.Rss ? "application/rss+xml; charset=utf-8" : "application/atom+xml; charset=utf-8", updated);
    }

    private static string Absolute(string origin, string url) => url.StartsWith('/') ? origin + url : url;

    /// <summary>The cover's type from its name (the media library keeps the extension of the content it found).</summary>
    private static string ImageType(string url) => Path.GetExtension(url.Split('?', '#')[0]).ToLowerInvariant() switch
    {
        ".png" => "image/png",
        ".gif" => "image/gif",
        ".webp" => "image/webp",
        _ => "image/jpeg",
    };

    private static string Rfc822(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("r", CultureInfo.InvariantCulture);

    private static string Rfc3339(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

/// <summary>
/// Text on its way into a feed. RSS 2.0 leaves open whether title and description are HTML, and readers decode them as
/// HTML: so RSS carries the text HTML-encoded (markup typed into a title or summary shows as text, never runs or hides a
/// link). Atom says type="text" (readers must not decode it) and gets the plain text. Both drop the characters XML
/// cannot carry (a control character would otherwise stop the whole feed).
/// </summary>
public static class FeedText
{
    public static string Plain(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }
        var builder = new System.Text.StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
            }
            else if (System.Xml.XmlConvert.IsXmlChar(c))
            {
                builder.Append(c);
            }
        }
        return builder.ToString();
    }

    public static string Html(string? text)
        => Plain(text).Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
