using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// The rules fed by the content-safety capability (<see cref="ISafetyEvidence"/>): findings that stand on what is
/// published now. One finding per published item and rule, with every excerpt as evidence (field, excerpt, suggested
/// correction, the item and its public address). A 疑似 (suspected) finding needs a person: it is a warning, never a veto
/// or a deduction.
/// </summary>
public abstract class SafetyEvidenceRule : InspectionRule
{
    public const string Serious = "严重";
    public const string Suspected = "疑似";

    /// <summary>Excerpts listed per item (the rest are counted).</summary>
    private const int MaxExcerpts = 10;

    public override string? MissingData(InspectionSnapshot s) => s.Safety is null ? "等待内容安全（错敏词、个人信息、有害内容）检查数据（ISafetyEvidence）" : null;

    /// <summary>The rule's own severity, a lower one, or null to skip this item's findings.</summary>
    protected abstract Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r);

    protected abstract string Describe(PublishedSafetyFinding first, int count, Severity severity);

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var mine = s.Safety!.Where(f => f.RuleCode == Id)
            .GroupBy(f => (f.TenantId, f.ContentItemId, Part: Part(f)))
            .OrderBy(g => g.Key.TenantId, StringComparer.Ordinal).ThenBy(g => g.Key.ContentItemId, StringComparer.Ordinal).ThenBy(g => g.Key.Part);
        foreach (var g in mine)
        {
            var items = g.OrderBy(f => f.Field, StringComparer.Ordinal).ThenBy(f => f.Excerpt, StringComparer.Ordinal).ToList();
            var first = items[0];
            var account = (first.AccountId is null ? null : s.Account(first.AccountId)) ?? s.SiteAccountOf(first.TenantId);
            if (account is { Inspected: false } || SeverityOf(items, r) is not { } severity)
            {
                continue;
            }
            var evidence = new List<Evidence>
            {
                new("信息", $"《{first.Title}》（版本 {first.VersionId}）", first.ContentItemId, null, first.Url),
            };
            foreach (var f in items.Take(MaxExcerpts))
            {
                var suggestion = string.IsNullOrEmpty(f.Suggestion) ? "" : $"，建议改为“{f.Suggestion}”";
                evidence.Add(new Evidence($"{FieldName(f.Field)}（{f.Tier}）", $"“{f.Excerpt}”{suggestion}", f.ContentItemId, f.FoundUtc, f.Url));
            }
            if (items.Count > MaxExcerpts)
            {
                evidence.Add(new Evidence("其余", $"另有 {items.Count - MaxExcerpts} 处"));
            }
            yield return new Finding(Id, severity, first.TenantId, account?.Id, severity == Severity.Deduction ? r.Points : 0,
                Describe(first, items.Count, severity), Threshold(severity), evidence, Task(severity));
        }
    }

    /// <summary>Findings of one item that are judged apart (NM-V02: secrets and personal data).</summary>
    protected virtual int Part(PublishedSafetyFinding f) => 0;

    protected virtual string Threshold(Severity severity) => severity == Severity.Warning ? "疑似，需人工确认" : "发现即计";

    protected virtual string Task(Severity severity) => severity == Severity.Warning ? "人工核实疑似问题，确有错误的更正后重新发布" : "更正或撤下问题信息，并说明原因";

    /// <summary>The veto rules: a 严重 finding is the rule's severity, anything else a warning.</summary>
    protected static Severity? VetoTier(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r)
        => item.Any(f => f.Tier == Serious) ? r.Severity : Severity.Warning;

    /// <summary>The deduction rules: a confirmed finding is the rule's severity, one that is only 疑似 a warning.</summary>
    protected static Severity? DeductionTier(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r)
        => item.All(f => f.Tier == Suspected) ? Severity.Warning : r.Severity;

    public static string FieldName(string field) => field switch
    {
        "title" => "标题",
        "summary" => "摘要",
        "body" => "正文",
        "link" => "链接",
        "alt" => "图片说明",
        "reply" => "留言答复",
        _ when field.StartsWith("field:", StringComparison.Ordinal) => "字段 " + field[6..],
        _ when field.StartsWith("attachment:", StringComparison.Ordinal) => "附件 " + field[11..],
        _ => field,
    };
}

/// <summary>NM-V01 严重表述错误: leaders' names and titles, the country's and agencies' names, set political formulations.</summary>
public sealed class SeriousWordingRule : SafetyEvidenceRule
{
    public override string Id => "NM-V01";
    public override string Title => "严重表述错误：领导人姓名职务、国家和机构名称、规范表述";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto };

    protected override Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r) => VetoTier(item, r);

    protected override string Describe(PublishedSafetyFinding first, int count, Severity severity)
        => severity == Severity.Warning ? $"《{first.Title}》有 {count} 处疑似严重表述错误" : $"《{first.Title}》有 {count} 处严重表述错误";
}

/// <summary>
/// NM-V02: state secret markings are a veto; unmasked personal data (ID numbers, mobile numbers, bank cards) a deduction
/// per item (the national table: veto for secrets, deduction for personal data).
/// </summary>
public sealed class SecretsAndPersonalDataRule : SafetyEvidenceRule
{
    public override string Id => "NM-V02";
    public override string Title => "泄露国家秘密（否决）或未脱敏个人信息（扣分）";

    /// <summary>Severity: secrets. Points and cap: personal data, per item.</summary>
    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Points = 2, Cap = 10 };

    public static bool IsSecret(PublishedSafetyFinding f) => f.Detector?.Contains("secret", StringComparison.OrdinalIgnoreCase) == true;

    protected override int Part(PublishedSafetyFinding f) => IsSecret(f) ? 0 : 1;

    protected override Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r)
        => item.All(f => f.Tier == Suspected) ? Severity.Warning : IsSecret(item[0]) ? r.Severity : Severity.Deduction;

    protected override string Describe(PublishedSafetyFinding first, int count, Severity severity)
        => IsSecret(first)
            ? $"《{first.Title}》有 {count} 处{(severity == Severity.Warning ? "疑似" : "")}涉密标识"
            : $"《{first.Title}》有 {count} 处{(severity == Severity.Warning ? "疑似" : "")}未脱敏个人信息";

    protected override string Task(Severity severity) => severity == Severity.Warning ? base.Task(severity) : "立即撤下或脱敏处理（如 3301**********1234），并核查泄露范围";
}

/// <summary>NM-V03: posts containing or linking to reactionary, violent, pornographic or gambling content, hidden links included.</summary>
public sealed class HarmfulContentRule : SafetyEvidenceRule
{
    public override string Id => "NM-V03";
    public override string Title => "链接或含有反动、暴力、色情、赌博等有害内容（含暗链）";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto };

    protected override Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r) => VetoTier(item, r);

    protected override string Describe(PublishedSafetyFinding first, int count, Severity severity)
        => $"《{first.Title}》有 {count} 处{(severity == Severity.Warning ? "疑似" : "")}有害内容或链接";

    protected override string Task(Severity severity) => severity == Severity.Warning ? base.Task(severity) : "立即撤下有害内容和链接，排查来源";
}

/// <summary>NM-D05: commercial advertising or advertising links in posts.</summary>
public sealed class AdvertisingRule : SafetyEvidenceRule
{
    public override string Id => "NM-D05";
    public override string Title => "商业广告或广告链接";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Points = 2, Cap = 10 };

    protected override Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r) => DeductionTier(item, r);

    protected override string Describe(PublishedSafetyFinding first, int count, Severity severity)
        => $"《{first.Title}》有 {count} 处{(severity == Severity.Warning ? "疑似" : "")}商业广告或广告链接";

    protected override string Task(Severity severity) => "删除商业广告和广告链接";
}

/// <summary>NM-D07 一般错别字: points per item with typos, capped for the indicator (the block of the local table).</summary>
public sealed class OrdinaryTypoRule : SafetyEvidenceRule
{
    public override string Id => "NM-D07";
    public override string Title => "一般错别字（每条信息扣分，累计不超过上限）";
    public override string ThresholdUnit => "";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Points = 1, Cap = 5 };

    protected override Severity? SeverityOf(IReadOnlyList<PublishedSafetyFinding> item, RuleSettings r) => DeductionTier(item, r);

    protected override string Describe(PublishedSafetyFinding first, int count, Severity severity)
        => $"《{first.Title}》有 {count} 处{(severity == Severity.Warning ? "疑似" : "")}错别字";

    protected override string Task(Severity severity) => "更正错别字";
}
