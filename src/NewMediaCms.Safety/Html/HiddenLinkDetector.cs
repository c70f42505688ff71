using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using AngleSharp.Css.Dom;
using AngleSharp.Css.Parser;
using AngleSharp.Dom;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// Links a reader cannot see (暗链): the link or one of its ancestors is display:none, visibility:hidden, opacity 0,
/// of zero size (with the overflow hidden, or both sides zero, or font-size 0), positioned or indented off-screen, or
/// inside a zero-height marquee; or it has no visible text or image at all. Inline styles and the rules of the page's own &lt;style&gt; blocks are read (AngleSharp.Css);
/// external style sheets are not fetched.
/// </summary>
public sealed partial class HiddenLinkDetector : IHtmlSafetyDetector
{
    public const string Key = "hidden-link";

    /// <summary>Further off than this (px) is off-screen: no layout places real content a thousand pixels left of the page.</summary>
    private const double OffScreenPx = 500;

    private static readonly CssParser Css = new();

    public IEnumerable<SafetyFinding> Detect(string html, string field)
    {
        if (string.IsNullOrEmpty(html) || html.IndexOf("<a", StringComparison.OrdinalIgnoreCase) < 0)
        {
            return [];
        }
        var document = HtmlPage.Parse(html);
        var rules = HidingRules(document);
        var findings = new List<SafetyFinding>();
        var reasons = new Dictionary<IElement, string?>();
        foreach (var link in document.QuerySelectorAll("a[href]"))
        {
            var href = link.GetAttribute("href") ?? "";
            if (href.StartsWith('#') || href.Length == 0)
            {
                continue;
            }
            string? reason = null;
            for (var e = link; e is not null && reason is null; e = e.ParentElement)
            {
                if (!reasons.TryGetValue(e, out reason))
                {
                    reason = HiddenBy(e, rules);
                    reasons[e] = reason;
                }
            }
            // A link with nothing a reader can see inside it ([](url), [ ](url), [\u200b](url), or text only in hidden
            // children) is as invisible as one styled away.
            reason ??= HasVisibleContent(link, rules) ? null : "链接没有可见的文字或图片";
            if (reason is not null)
            {
                var text = link.TextContent.Trim();
                findings.Add(new SafetyFinding(Key, SafetyTier.Serious, RuleFor(field), field, HtmlPage.Offset(link), link.OuterHtml.Length,
                    href, "删除该链接", $"隐藏链接（{reason}）：{(text.Length == 0 ? "" : "“" + Short(text) + "” → ")}{Short(href)}"));
            }
        }
        return findings;
    }

    /// <summary>On a served page ("page") a hidden link is a hacked-page signature (SEC-V01); in content it is forbidden content (NM-V03).</summary>
    internal static string RuleFor(string field) => field == "page" ? "SEC-V01" : "NM-V03";

    private static string Short(string s) => s.Length <= 60 ? s : s[..60] + "…";

    private sealed record HidingRule(string Selector, string? Reason, string? MarqueeReason);

    /// <summary>The page's own style rules that hide what they select (parsed once per page, matched per element).</summary>
    private static List<HidingRule> HidingRules(IDocument document)
    {
        var rules = new List<HidingRule>();
        foreach (var style in document.QuerySelectorAll("style"))
        {
            ICssStyleSheet sheet;
            try
            {
                sheet = Css.ParseStyleSheet(style.TextContent);
            }
            catch (Exception)
            {
                continue;
            }
            foreach (var rule in sheet.Rules.OfType<ICssStyleRule>())
            {
                var reason = HiddenByStyle(rule.Style);
                var marqueeReason = HiddenByStyle(rule.Style, marquee: true);
                if (reason is not null || marqueeReason is not null)
                {
                    rules.Add(new HidingRule(rule.SelectorText, reason, marqueeReason));
                }
            }
        }
        return rules;
    }

    private static string? HiddenBy(IElement element, List<HidingRule> rules)
    {
        if (element.HasAttribute("hidden"))
        {
            return "hidden 属性";
        }
        if (element.LocalName == "marquee" && (IsZero(element.GetAttribute("height")) || IsZero(element.GetAttribute("width"))))
        {
            return "高度为 0 的滚动字幕";
        }
        if (element.GetAttribute("style") is { Length: > 0 } inline)
        {
            ICssStyleDeclaration? declaration;
            try
            {
                declaration = Css.ParseDeclaration(inline);
            }
            catch (Exception)
            {
                declaration = null;
            }
            if (declaration is not null && HiddenByStyle(declaration, element.LocalName == "marquee") is { } reason)
            {
                return reason;
            }
        }
        var isMarquee = element.LocalName == "marquee";
        foreach (var rule in rules)
        {
            if ((isMarquee ? rule.MarqueeReason : rule.Reason) is not { } ruleReason)
            {
                continue;
            }
            bool matches;
            try
            {
                matches = element.Matches(rule.Selector);
            }
            catch (Exception)
            {
                matches = false;
            }
            if (matches)
            {
                return ruleReason + "（样式表 " + rule.Selector + "）";
            }
        }
        return null;
    }

    /// <summary>Visible text (a character that draws something) or an image-like element, outside hidden descendants.</summary>
    private static bool HasVisibleContent(INode node, List<HidingRule> rules)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text when HasVisibleCharacter(text.Data):
                    return true;
                case IElement element when HiddenBy(element, rules) is null:
                    if (element.LocalName is "img" or "svg" or "picture" or "video" or "canvas" or "object" or "embed" or "iframe"
                        || HasVisibleContent(element, rules))
                    {
                        return true;
                    }
                    break;
            }
        }
        return false;
    }

    /// <summary>Whitespace, format and control characters, lone combining marks and the blank-looking letters draw nothing.</summary>
    internal static bool HasVisibleCharacter(string text)
    {
        foreach (var rune in text.EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                or UnicodeCategory.Surrogate || rune.Value is 0x115F or 0x1160 or 0x3164 or 0xFFA0 or 0x2800 or 0xFFFC)
            {
                continue;
            }
            return true;
        }
        return false;
    }

    internal static string? HiddenByStyle(ICssStyleDeclaration style, bool marquee = false)
    {
        string Value(string name) => (style.GetPropertyValue(name) ?? "").Trim().ToLowerInvariant();
        if (Value("display") == "none")
        {
            return "display:none";
        }
        if (Value("visibility") is "hidden" or "collapse")
        {
            return "visibility:hidden";
        }
        if (Number(Value("opacity")) is { } opacity && opacity <= 0.01)
        {
            return "opacity:0";
        }
        var height = Number(Value("height")) ?? Number(Value("max-height"));
        var width = Number(Value("width")) ?? Number(Value("max-width"));
        if (marquee && (height is <= 1 || width is <= 1))
        {
            return "高度为 0 的滚动字幕";
        }
        var overflowHidden = Value("overflow") is "hidden" or "clip" || Value("overflow-x") is "hidden" or "clip" || Value("overflow-y") is "hidden" or "clip";
        if ((height is <= 1 || width is <= 1) && (overflowHidden || (height is <= 1 && width is <= 1)))
        {
            return "尺寸为 0";
        }
        if (Number(Value("font-size")) is <= 0.5)
        {
            return "字号为 0";
        }
        if (Value("position") is "absolute" or "fixed" or "relative"
            && (Number(Value("left")) is <= -OffScreenPx || Number(Value("top")) is <= -OffScreenPx
                || Number(Value("right")) is <= -OffScreenPx || Number(Value("bottom")) is <= -OffScreenPx))
        {
            return "定位到屏幕之外";
        }
        if (Number(Value("text-indent")) is <= -OffScreenPx || Number(Value("margin-left")) is <= -OffScreenPx || Number(Value("margin-top")) is <= -OffScreenPx)
        {
            return "缩进到屏幕之外";
        }
        return null;
    }

    private static bool IsZero(string? attribute) => attribute is not null && Number(attribute.Trim()) is <= 1;

    /// <summary>The number of a CSS length or plain number ("0", "0px", "-9999px", "-60em" counts ×16); null for auto/percent-free unknowns.</summary>
    private static double? Number(string value)
    {
        var m = NumberPattern().Match(value);
        if (!m.Success)
        {
            return null;
        }
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return m.Groups[2].Value is "em" or "rem" ? n * 16 : n;
    }

    [GeneratedRegex(@"^\s*(-?\d+(?:\.\d+)?|-?\.\d+)\s*(px|em|rem|pt|vw|vh|%)?\s*(?:!important)?\s*$")]
    private static partial Regex NumberPattern();
}
