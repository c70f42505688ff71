using System.Collections.Concurrent;
using System.Text;
using NewMediaCms.Safety.Html;

namespace NewMediaCms.Monitoring;

/// <summary>
/// The style sheets a page links on the site's own hosts, fetched from the same address and as the same visitor as the
/// page (at most <see cref="MaxSheets"/> per page, 1 MB each, kept <see cref="Fresh"/> per address and visitor), appended
/// to the page as &lt;style&gt; blocks for the HTML detectors only: the rule that hides a link may live in a theme file
/// rather than in the page. Sheets on other hosts are not fetched; one that cannot be fetched is left out.
/// </summary>
public sealed class LinkedStyleSheets(PageFetcher fetcher, TimeProvider clock)
{
    public const int MaxSheets = 8;

    public static readonly TimeSpan Fresh = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, (DateTime FetchedUtc, string? Css)> _cache = new(StringComparer.Ordinal);

    /// <summary>
    /// <paramref name="html"/> with its linked sheets appended. <paramref name="pageUrl"/> is where the page was fetched
    /// (the public address, or the origin's with <paramref name="prepare"/> setting its Host): every sheet is fetched there.
    /// </summary>
    public async Task<string> WithSheetsAsync(string html, Uri pageUrl, IReadOnlyCollection<string> siteHosts, string client, Visitor visitor,
        TimeSpan timeout, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        if (html.IndexOf("stylesheet", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return html;
        }
        var document = HtmlPage.Parse(html);
        var appended = new StringBuilder();
        var links = document.QuerySelectorAll("link[href]")
            .Where(l => (l.GetAttribute("rel") ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Contains("stylesheet", StringComparer.OrdinalIgnoreCase))
            .Take(MaxSheets);
        foreach (var link in links)
        {
            if (!Uri.TryCreate(pageUrl, link.GetAttribute("href")!.Trim(), out var sheet) || sheet.Scheme is not ("http" or "https"))
            {
                continue;
            }
            var own = string.Equals(sheet.Authority, pageUrl.Authority, StringComparison.OrdinalIgnoreCase)
                      || siteHosts.Contains(sheet.Host, StringComparer.OrdinalIgnoreCase);
            if (!own)
            {
                continue;
            }
            var at = new Uri(pageUrl, sheet.PathAndQuery);
            if (await SheetAsync(at, client, visitor, timeout, prepare, ct) is { Length: > 0 } css)
            {
                // "</" cannot end the block early: in CSS "<\/" is the same two characters.
                appended.Append("<style>").Append(css.Replace("</", "<\\/", StringComparison.Ordinal)).Append("</style>");
            }
        }
        return appended.Length == 0 ? html : html + appended;
    }

    private async Task<string?> SheetAsync(Uri url, string client, Visitor visitor, TimeSpan timeout, Action<HttpRequestMessage>? prepare, CancellationToken ct)
    {
        var key = client + "|" + visitor.Name + "|" + url;
        var now = clock.GetUtcNow().UtcDateTime;
        if (_cache.TryGetValue(key, out var hit) && now - hit.FetchedUtc < Fresh)
        {
            return hit.Css;
        }
        var result = await fetcher.FetchStyleSheetAsync(client, url, visitor, timeout, prepare, ct);
        var css = result.Ok ? result.Html : null;
        _cache[key] = (now, css);
        if (_cache.Count > 10_000)
        {
            foreach (var stale in _cache.Where(e => now - e.Value.FetchedUtc >= Fresh).Select(e => e.Key).ToList())
            {
                _cache.TryRemove(stale, out _);
            }
        }
        return css;
    }
}
