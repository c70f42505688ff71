using System.Text.RegularExpressions;
using AngleSharp.Dom;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// A block of empty tags sharing one random-looking id (hacked-page sign 3): at least <see cref="MinimumRun"/> elements with
/// no text and no children carry the same id. An id is only meant once per page, so even a few repeats of a machine-made
/// id (letters and digits mixed, six or more) are a pattern of injection tools rather than of any template.
/// </summary>
public sealed partial class EmptyTagBlockDetector : IHtmlSafetyDetector
{
    public const string Key = "empty-tag-block";

    public const int MinimumRun = 5;

    public IEnumerable<SafetyFinding> Detect(string html, string field)
    {
        if (string.IsNullOrEmpty(html) || html.IndexOf("id=", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return [];
        }
        var document = HtmlPage.Parse(html);
        var findings = new List<SafetyFinding>();
        foreach (var group in document.All
                     .Where(e => e.Id is { Length: > 0 } && e.ChildElementCount == 0 && string.IsNullOrWhiteSpace(e.TextContent)
                                 && e.LocalName is not ("img" or "input" or "br" or "hr" or "meta" or "link" or "script" or "iframe"))
                     .GroupBy(e => e.Id!, StringComparer.Ordinal)
                     .Where(g => g.Count() >= MinimumRun && RandomId().IsMatch(g.Key)))
        {
            var first = group.First();
            findings.Add(new SafetyFinding(Key, SafetyTier.Serious, "SEC-V01", field, HtmlPage.Offset(first), first.OuterHtml.Length,
                $"<{first.LocalName} id=\"{group.Key}\">×{group.Count()}", "删除这些空标签",
                $"挂马页面特征：{group.Count()} 个空的 <{first.LocalName}> 标签共用随机 id “{group.Key}”"));
        }
        return findings;
    }

    /// <summary>Six or more letters and digits, both present (e.g. "a8x2kq", "k3J9pQ1z").</summary>
    [GeneratedRegex("^(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{6,}$")]
    private static partial Regex RandomId();
}
