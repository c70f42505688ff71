using System.Text.RegularExpressions;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// Spam contact lines (hacked-page sign 4): a contact (QQ, 微信/薇信/V信/VX, 电话/手机/热线 with a number or id) within one
/// sentence of a spam service (代开发票, 办证, 刻章, 套现, 贷款, 博彩 …). A contact line alone is ordinary on a government
/// page (办理电话), so only the pair is a finding. The service words are data: spam-services.txt beside this file.
/// </summary>
public sealed partial class SpamContactDetector : IHtmlSafetyDetector
{
    public const string Key = "spam-contact";

    private static readonly Lazy<string[]> Services = new(() =>
    {
        using var stream = typeof(SpamContactDetector).Assembly.GetManifestResourceStream("NewMediaCms.Safety.Html.spam-services.txt")
                           ?? throw new InvalidOperationException("缺少嵌入资源 spam-services.txt");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    });

    public IEnumerable<SafetyFinding> Detect(string html, string field)
    {
        if (string.IsNullOrEmpty(html))
        {
            return [];
        }
        var text = html.Contains('<') ? HtmlPage.VisibleText(HtmlPage.Parse(html)) : html;
        var findings = new List<SafetyFinding>();
        var offset = 0;
        foreach (var sentence in Sentence().Split(text))
        {
            var contact = Contact().Match(sentence);
            if (contact.Success)
            {
                var service = Services.Value.FirstOrDefault(s => sentence.Contains(s, StringComparison.OrdinalIgnoreCase));
                if (service is not null)
                {
                    var line = sentence.Trim();
                    findings.Add(new SafetyFinding(Key, SafetyTier.Serious, "SEC-V01", field, offset + contact.Index, contact.Length,
                        line.Length <= 80 ? line : line[..80] + "…", "删除该行",
                        $"挂马页面特征：垃圾联系方式（“{service}” + {contact.Value}）"));
                }
            }
            offset += sentence.Length + 1;
        }
        return findings;
    }

    [GeneratedRegex(@"[\n。！？!?；;]")]
    private static partial Regex Sentence();

    [GeneratedRegex(@"(?:QQ|Q\s?Q|扣扣|微信|薇信|威信|V信|VX|wx|电话|手机|热线|联系)\s*(?:号)?\s*[:：]?\s*[A-Za-z0-9_\-]{5,20}", RegexOptions.IgnoreCase)]
    private static partial Regex Contact();
}
