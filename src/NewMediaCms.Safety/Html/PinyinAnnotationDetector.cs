using System.Text.RegularExpressions;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// Converted text with pinyin in parentheses after characters (hacked-page sign 2: 發(fā)展, 公開(kāi)): a Han character followed by
/// a tone-marked pinyin syllable in half- or full-width parentheses. Two or more in a page is the converter's trace
/// (严重); a single one may be a language note (疑似).
/// </summary>
public sealed partial class PinyinAnnotationDetector : IHtmlSafetyDetector
{
    public const string Key = "pinyin-annotation";

    public IEnumerable<SafetyFinding> Detect(string html, string field)
    {
        if (string.IsNullOrEmpty(html))
        {
            return [];
        }
        var text = html.Contains('<') ? HtmlPage.VisibleText(HtmlPage.Parse(html)) : html;
        var matches = Annotated().Matches(text);
        if (matches.Count == 0)
        {
            return [];
        }
        var tier = matches.Count >= 2 ? SafetyTier.Serious : SafetyTier.Suspected;
        var sample = string.Join("、", matches.Take(5).Select(m => m.Value));
        var first = matches[0];
        return [new SafetyFinding(Key, tier, "SEC-V01", field, first.Index, first.Length, sample, "恢复原文",
            $"挂马页面特征：汉字后带括注拼音 {matches.Count} 处（{sample}），常见于被转换成繁体的垃圾复制页")];
    }

    // A syllable: Latin letters with at least one tone-marked vowel (ā á ǎ à …, ü forms); the character before it is Han.
    [GeneratedRegex(@"\p{IsCJKUnifiedIdeographs}\s?[（(]\s?[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ][a-zü]*\s?[)）]")]
    private static partial Regex Annotated();
}
