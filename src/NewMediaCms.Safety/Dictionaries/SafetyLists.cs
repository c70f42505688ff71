using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Dictionaries;

/// <summary>One word list of the dictionaries: its key, Chinese name, tier, inspection rule and detector key.</summary>
public sealed record SafetyList(string Key, string DisplayName, SafetyTier Tier, string RuleCode, string Detector, string Explanation, bool NeedsSuggestion);

/// <summary>
/// The lists a dictionary has (the words are data; the lists are the meaning the inspection gives them,
/// shared/domain/inspection-rules.md 错敏词 and the NM rules).
/// </summary>
public static class SafetyLists
{
    public const string Forbidden = "forbidden";
    public const string ForbiddenLinks = "forbidden-links";
    public const string Names = "names";
    public const string Formulations = "formulations";
    public const string Typos = "typos";
    public const string Advertising = "advertising";
    public const string Leaders = "leaders";
    public const string Exceptions = "exceptions";

    public static readonly IReadOnlyList<SafetyList> All =
    [
        new(Forbidden, "禁用词（涉黄、涉赌、涉暴、反动）", SafetyTier.Serious, "NM-V03", "forbidden-word", "出现即为严重问题，阻止发布", false),
        new(ForbiddenLinks, "违规链接域名", SafetyTier.Serious, "NM-V03", "forbidden-link", "正文或链接中出现该域名即为严重问题", false),
        new(Names, "国家、机构名称（错误写法→正确写法）", SafetyTier.Serious, "NM-V01", "wrong-name", "错误写法为严重表述错误", true),
        new(Formulations, "规范表述（错误表述→规范表述）", SafetyTier.Serious, "NM-V01", "formulation", "错误的规范表述为严重表述错误", true),
        new(Typos, "常见错别字（错误→正确）", SafetyTier.Ordinary, "NM-D07", "typo", "一般错误，提示修改；标题中升一级", true),
        new(Advertising, "广告、商业链接", SafetyTier.Ordinary, "NM-D05", "advertising", "政务新媒体不得刊登商业广告或广告链接", false),
        new(Leaders, "领导姓名与职务（按辖区）", SafetyTier.Serious, "NM-V01", "leader-name", "姓名写错或职务错配为严重错误；同音近似为疑似", false),
        new(Exceptions, "例外（白名单，须写明理由）", SafetyTier.Ordinary, "", "exception", "命中例外词的位置不再报告", false),
    ];

    public static SafetyList? Find(string key) => All.FirstOrDefault(l => l.Key == key);
}
