using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using NewMediaCms.Safety.Html;

namespace NewMediaCms.Monitoring;

/// <summary>
/// A page reduced to what is compared: the hash of its HTML (after removing what legitimately varies per response:
/// antiforgery tokens, CSP nonces, CSRF meta tags, HTML comments and whitespace runs — response headers are never
/// compared, so CDN headers do not count), the hash and text of what a reader sees, and its outbound links.
/// </summary>
public sealed partial record PageSeal(string HtmlHash, string TextHash, string Text, IReadOnlyList<string> Links, IReadOnlyList<string> InternalLinks)
{
    /// <summary>The host links inside the site are mapped to, whatever host (public or origin) served the page.</summary>
    public const string SiteHost = "site.local";

    public static PageSeal Of(string html, IReadOnlyCollection<string> siteHosts)
    {
        var document = HtmlPage.Parse(html);
        var text = HtmlPage.VisibleText(document);
        var (links, internalLinks) = LinksOf(document, siteHosts);
        return new PageSeal(Hash(Normalize(html)), Hash(NormalizeText(text)), text, links, internalLinks);
    }

    /// <summary>The HTML without what varies per response.</summary>
    public static string Normalize(string html)
    {
        html = Comments().Replace(html, "");
        html = TokenInput().Replace(html, "${1}${2}");
        html = Nonce().Replace(html, "");
        html = CsrfMeta().Replace(html, "");
        return Whitespace().Replace(html, " ").Trim();
    }

    public static string NormalizeText(string text) => Whitespace().Replace(text, " ").Trim();

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));

    /// <summary>Every URL the page leads to or loads (a, area, iframe, script, form, meta refresh), site links as "//site.local/…".</summary>
    private static (List<string> Links, List<string> Internal) LinksOf(IHtmlDocument document, IReadOnlyCollection<string> siteHosts)
    {
        var all = new SortedSet<string>(StringComparer.Ordinal);
        var inside = new SortedSet<string>(StringComparer.Ordinal);
        void Add(string? raw, bool navigable)
        {
            if (string.IsNullOrWhiteSpace(raw) || raw.StartsWith('#') || raw.StartsWith("javascript:", StringComparison.OrdinalIgnoreCase)
                || raw.StartsWith("mailto:", StringComparison.OrdinalIgnoreCase) || raw.StartsWith("tel:", StringComparison.OrdinalIgnoreCase)
                || raw.StartsWith("data:", StringComparison.OrdinalIgnoreCase))
            {
                return;
            }
            var normal = NormalizeLink(raw.Trim(), siteHosts);
            if (normal is null)
            {
                return;
            }
            all.Add(normal);
            if (navigable && normal.StartsWith("//" + SiteHost, StringComparison.Ordinal))
            {
                inside.Add(normal["//site.local".Length..]);
            }
        }
        foreach (var a in document.QuerySelectorAll("a[href], area[href]"))
        {
            Add(a.GetAttribute("href"), true);
        }
        foreach (var e in document.QuerySelectorAll("iframe[src], script[src], embed[src]"))
        {
            Add(e.GetAttribute("src"), false);
        }
        foreach (var f in document.QuerySelectorAll("form[action]"))
        {
            Add(f.GetAttribute("action"), false);
        }
        foreach (var m in document.QuerySelectorAll("meta[http-equiv]"))
        {
            if (string.Equals(m.GetAttribute("http-equiv"), "refresh", StringComparison.OrdinalIgnoreCase)
                && RefreshUrl().Match(m.GetAttribute("content") ?? "") is { Success: true } r)
            {
                Add(r.Groups[1].Value, false);
            }
        }
        return (all.ToList(), inside.ToList());
    }

    internal static string? NormalizeLink(string raw, IReadOnlyCollection<string> siteHosts)
    {
        if (!Uri.TryCreate(new Uri("http://" + SiteHost + "/"), raw, out var uri))
        {
            return null;
        }
        var host = uri.Host.Equals(SiteHost, StringComparison.OrdinalIgnoreCase) || siteHosts.Any(h => h.Equals(uri.Authority, StringComparison.OrdinalIgnoreCase) || h.Equals(uri.Host, StringComparison.OrdinalIgnoreCase))
            ? SiteHost : uri.Authority.ToLowerInvariant();
        return "//" + host + uri.PathAndQuery;
    }

    [GeneratedRegex(@"<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex Comments();

    [GeneratedRegex(@"(<input[^>]*name=""__RequestVerificationToken""[^>]*value="")[^""]*(""[^>]*>)", RegexOptions.IgnoreCase)]
    private static partial Regex TokenInput();

    [GeneratedRegex(@"\snonce=""[^""]*""", RegexOptions.IgnoreCase)]
    private static partial Regex Nonce();

    [GeneratedRegex(@"<meta[^>]*name=""csrf[-_]token""[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex CsrfMeta();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"url\s*=\s*['""]?([^'"";]+)", RegexOptions.IgnoreCase)]
    private static partial Regex RefreshUrl();
}
