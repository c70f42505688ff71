using AngleSharp.Html.Dom;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// The places where keywords are stuffed before the real title (hacked-page sign 1): the &lt;title&gt;, the meta keywords and
/// description, and the body text before the first heading. The words themselves are judged by the safety check
/// (Core.Safety.ISafetyCheck) with the department's dictionaries; this only cuts the texts out.
/// </summary>
public static class PageTitleText
{
    public sealed record Parts(string Title, string Keywords, string BeforeHeading);

    public static Parts Extract(string html)
    {
        var document = HtmlPage.Parse(html);
        var title = document.Title ?? "";
        var meta = string.Join(" ", document.QuerySelectorAll("meta[name=keywords], meta[name=description]")
            .Select(m => m.GetAttribute("content") ?? ""));
        var before = "";
        if (document.Body is { } body && document.QuerySelector("h1") is { } heading)
        {
            var full = HtmlPage.VisibleText(document);
            var headingText = heading.TextContent.Trim();
            var at = headingText.Length == 0 ? -1 : full.IndexOf(headingText, StringComparison.Ordinal);
            before = at > 0 ? full[..at] : "";
        }
        return new Parts(title, meta, before.Length > 2000 ? before[^2000..] : before);
    }

    public static IHtmlDocument Document(string html) => HtmlPage.Parse(html);
}
