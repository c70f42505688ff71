using System.Text.RegularExpressions;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Detection;

/// <summary>Secret markings (NM-V02, leak of state secrets): 绝密★, 机密★1年, 秘密★启用前, 密级：机密.</summary>
public static partial class SecretMarkingDetector
{
    [GeneratedRegex(@"(?:绝密|機密|机密|秘密)\s*[★☆＊*](?:\s*[0-9０-９]+\s*年|\s*启用前|\s*長期|\s*长期)?|密级\s*[:：]?\s*(?:绝密|机密|機密|秘密)")]
    private static partial Regex Marking();

    public static IEnumerable<SafetyFinding> Detect(string text, string field)
    {
        foreach (Match m in Marking().Matches(text))
        {
            yield return new SafetyFinding("secret-marking", SafetyTier.Serious, "NM-V02", field, m.Index, m.Length, m.Value, null,
                "文中出现国家秘密标志，涉密内容不得在政务新媒体发布");
        }
    }
}
