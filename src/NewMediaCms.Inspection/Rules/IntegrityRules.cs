using System.Globalization;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Inspection.Rules;

/// <summary>The rules fed by the page monitor (<see cref="ISiteIntegrityEvidence"/>): availability probes, incidents, link checks.</summary>
public abstract class SiteIntegrityRule : InspectionRule
{
    public const string Waiting = "等待页面监测（可用性探测、篡改与暗链、链接检查）数据（ISiteIntegrityEvidence）";

    public override string? MissingData(InspectionSnapshot s) => s.Integrity is null ? Waiting : null;

    protected static AccountFacts? AccountOf(InspectionSnapshot s, string tenantId, string? accountId)
        => (accountId is null ? null : s.Account(accountId)) ?? s.SiteAccountOf(tenantId);

    protected static string Percent(double share) => share.ToString("0.##%", CultureInfo.InvariantCulture);
}

/// <summary>
/// WEB-V01 网站无法访问: at least 5% of the availability probes of the week failed (not loaded within 15 s), counted only
/// over a week with at least 20 probes every day. A week with fewer probes is not judged clean: it is reported as a
/// warning that the site could not be checked.
/// </summary>
public sealed class SiteUnreachableRule : SiteIntegrityRule
{
    public const string RuleId = "WEB-V01";

    public override string Id => RuleId;
    public override string Title => "网站无法访问：一周内 ≥5% 的探测 15 秒内未打开（每天不少于 20 次探测）";
    public override string ThresholdUnit => "%";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Threshold = 5, Options = { ["windowDays"] = "7", ["minProbesPerDay"] = "20" } };

    public static int WindowDays(RuleSettings r) => int.TryParse(r.Option("windowDays", "7"), out var d) && d > 0 ? d : 7;

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var days = WindowDays(r);
        var probes = s.Integrity!.Probes.ToDictionary(p => p.TenantId);
        foreach (var d in s.Departments)
        {
            var site = s.SiteAccountOf(d.Id);
            if (site is null)
            {
                continue;   // no department site to probe
            }
            if (!probes.TryGetValue(d.Id, out var p) || p.Probes == 0)
            {
                yield return new Finding(Id, Severity.Warning, d.Id, site.Id, 0, $"{d.Name}网站近 {days} 天没有可用性探测记录，无法判定",
                    $"每天不少于 {r.Option("minProbesPerDay", "20")} 次探测", [new("探测", "无记录"), Window(s)], "检查页面监测任务是否运行");
                continue;
            }
            var share = (double)p.Failed / p.Probes;
            var evidence = Evidence(s, p, share, r);
            if (p.DaysWithEnoughProbes < days)
            {
                yield return new Finding(Id, Severity.Warning, d.Id, site.Id, 0,
                    $"{d.Name}网站探测不足：近 {days} 天中只有 {p.DaysWithEnoughProbes} 天达到每天 {r.Option("minProbesPerDay", "20")} 次，无法判定可用性",
                    $"连续 {days} 天、每天不少于 {r.Option("minProbesPerDay", "20")} 次探测", evidence, "检查页面监测任务的探测频率");
                continue;
            }
            if (share * 100 >= r.Threshold)
            {
                yield return new Finding(Id, r.Severity, d.Id, site.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                    $"{d.Name}网站近 {days} 天 {p.Failed}/{p.Probes} 次探测未能在 15 秒内打开（{Percent(share)}）", $"失败比例 ≥{r.Threshold}%", evidence,
                    "排查服务器、网络和 CDN，恢复网站可用");
            }
        }
    }

    internal static Evidence Window(InspectionSnapshot s)
        => new("探测区间", s.IntegrityQuery is { } q ? $"{s.Local(q.ProbeFromUtc)} 至 {s.Local(q.NowUtc)}" : s.Local(s.NowUtc));

    internal static List<Evidence> Evidence(InspectionSnapshot s, ProbeFacts p, double share, RuleSettings r) =>
    [
        new("探测次数", $"{p.Probes} 次，失败 {p.Failed} 次（{Percent(share)}）"),
        new("达到每天探测次数的天数", $"{p.DaysWithEnoughProbes}/{p.Days} 天"),
        Window(s),
    ];
}

/// <summary>WEB-W01 可用性预警: more than 3% of the week's probes failed (until the WEB-V01 veto takes over).</summary>
public sealed class AvailabilityWarningRule : SiteIntegrityRule
{
    public override string Id => "WEB-W01";
    public override string Title => "网站可用性预警：探测失败超过 3%";
    public override string ThresholdUnit => "%";

    public override RuleSettings Defaults() => new() { Severity = Severity.Warning, Threshold = 3 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var veto = all.Rules.GetValueOrDefault(SiteUnreachableRule.RuleId);
        var days = veto is null ? 7 : SiteUnreachableRule.WindowDays(veto);
        foreach (var p in s.Integrity!.Probes.Where(p => p.Probes > 0))
        {
            var share = (double)p.Failed / p.Probes;
            var vetoed = veto is { Enabled: true } && p.DaysWithEnoughProbes >= days && share * 100 >= veto.Threshold;
            if (share * 100 > r.Threshold && !vetoed && s.SiteAccountOf(p.TenantId) is { } site)
            {
                var name = s.Departments.FirstOrDefault(d => d.Id == p.TenantId)?.Name ?? p.TenantId;
                yield return new Finding(Id, r.Severity, p.TenantId, site.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                    $"{name}网站探测失败 {p.Failed}/{p.Probes} 次（{Percent(share)}），超过预警线", $"失败比例 >{r.Threshold}%",
                    SiteUnreachableRule.Evidence(s, p, share, r), "排查网站访问缓慢或中断的原因");
            }
        }
    }
}

/// <summary>SEC-V01: a hacked-page signature (stuffed keywords, empty-tag block, traditional text with pinyin, spam lines,
/// hidden links) found on a published page and not handled at the check time.</summary>
public sealed class HackedPageRule : SiteIntegrityRule
{
    public const string RuleId = "SEC-V01";

    public override string Id => RuleId;
    public override string Title => "页面被挂马、篡改或挂暗链（被黑特征）";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
        => IncidentFindings.Open(s, Id, r, "页面存在被黑特征", "立即恢复页面，排查并修补入侵途径");
}

/// <summary>NM-D11: menus, links or functions of an account's pages that did not work when last checked.</summary>
public sealed class BrokenLinksRule : SiteIntegrityRule
{
    public override string Id => "NM-D11";
    public override string Title => "菜单、链接或功能不可用";
    public override string ThresholdUnit => "个";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Points = 1, Cap = 10 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        foreach (var g in s.Integrity!.BrokenLinks.GroupBy(l => (l.TenantId, Account: AccountOf(s, l.TenantId, l.AccountId)?.Id))
                     .OrderBy(g => g.Key.TenantId, StringComparer.Ordinal).ThenBy(g => g.Key.Account, StringComparer.Ordinal))
        {
            var account = g.Key.Account is null ? null : s.Account(g.Key.Account);
            if (account is { Inspected: false })
            {
                continue;
            }
            var links = g.OrderBy(l => l.PageUrl, StringComparer.Ordinal).ThenBy(l => l.LinkUrl, StringComparer.Ordinal).ToList();
            var count = links.Count;
            yield return new Finding(Id, r.Severity, g.Key.TenantId, account?.Id, r.Severity == Severity.Deduction ? r.Points * count : 0,
                $"{count} 个链接或菜单不可用", "链接、菜单和功能均须可用",
                [
                    .. links.Take(20).Select(l => new Evidence($"不可用链接（{(l.Status is { } st ? "HTTP " + st.ToString(CultureInfo.InvariantCulture) : l.Error)}）",
                        $"{l.LinkUrl}（所在页面 {l.PageUrl}，检查于 {s.Local(l.CheckedUtc)}）", null, l.CheckedUtc, l.LinkUrl)),
                    .. count > 20 ? new[] { new Evidence("其余", $"另有 {count - 20} 个") } : [],
                ], "修复或删除不可用的链接和菜单");
        }
    }
}

/// <summary>Incidents of the page monitor open at the check time, as findings (SEC-V01 and the tampering part of WEB-V05).</summary>
internal static class IncidentFindings
{
    /// <summary>The rule an incident feeds: its own code when it names SEC-V01 or WEB-V05, else by kind (signatures: SEC-V01).</summary>
    public static string RuleOf(IncidentFacts i)
        => i.RuleCode is HackedPageRule.RuleId or "WEB-V05" ? i.RuleCode : i.Kind == "signature" ? HackedPageRule.RuleId : "WEB-V05";

    public static string KindName(string kind) => kind switch
    {
        "tampered" => "页面被篡改",
        "hidden-link" => "暗链",
        "signature" => "被黑特征",
        "cloaking" => "对搜索引擎展示不同内容",
        _ => kind,
    };

    public static IEnumerable<Finding> Open(InspectionSnapshot s, string ruleId, RuleSettings r, string what, string task)
    {
        // Open at the check time: not handled, or handled only after it (a run reproduced later sees what was open then).
        var graceHours = r.Option("handleHours", "0");
        var grace = double.TryParse(graceHours, NumberStyles.Float, CultureInfo.InvariantCulture, out var h) && h > 0 ? TimeSpan.FromHours(h) : TimeSpan.Zero;
        foreach (var i in s.Integrity!.Incidents
                     .Where(i => RuleOf(i) == ruleId && i.OpenedUtc <= s.NowUtc - grace && (i.HandledUtc is null || i.HandledUtc > s.NowUtc))
                     .OrderBy(i => i.OpenedUtc).ThenBy(i => i.IncidentId, StringComparer.Ordinal))
        {
            var account = (i.AccountId is null ? null : s.Account(i.AccountId)) ?? s.SiteAccountOf(i.TenantId);
            if (account is { Inspected: false })
            {
                continue;
            }
            yield return new Finding(ruleId, r.Severity, i.TenantId, account?.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                $"{what}（{KindName(i.Kind)}），{s.Local(i.OpenedUtc)} 发现，至检查时未处置", grace > TimeSpan.Zero ? $"发现后 {graceHours} 小时内处置" : "发现即须处置",
                [
                    new("页面", i.Url, null, null, i.Url),
                    new("监测事件", $"{i.IncidentId}（{KindName(i.Kind)}）", null, i.OpenedUtc),
                    new("证据", i.Evidence),
                    new("检查时间", s.Local(s.NowUtc)),
                ], task);
        }
    }
}
