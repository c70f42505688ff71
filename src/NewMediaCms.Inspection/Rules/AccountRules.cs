using System.Text.Json;
using System.Text.RegularExpressions;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Inspection.Rules;

/// <summary>NM-V06 睡眠: a publishing account with no post in the 14 calendar days before the check time (site channels: WEB-V02).</summary>
public sealed class DormantAccountRule : InspectionRule
{
    public override string Id => "NM-V06";
    public override string Title => "睡眠账号：检查时间前 14 天内无更新";
    public override string ThresholdUnit => "天";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Threshold = 14 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var cutoff = s.NowUtc.AddDays(-r.Threshold);
        foreach (var a in PublishingAccounts(s, all).Where(a => a.Platform != Platform.SiteChannel))
        {
            var since = SilentSinceUtc(s, a);
            if (since < cutoff)
            {
                var days = (int)Math.Floor((s.NowUtc - since).TotalDays);
                yield return Found(r, a, a.LastPostUtc is null ? $"开设后从未发布，已 {days} 天" : $"已 {days} 天未更新",
                    $"{r.Threshold} 天内须有更新", [
                        LastPostEvidence(s, a),
                        new("检查时间", s.Local(s.NowUtc)),
                        new("回溯区间", $"{s.Local(cutoff)} 至 {s.Local(s.NowUtc)} 无发布"),
                    ]);
            }
        }
    }
}

/// <summary>NM-W01: early warning before the dormancy veto.</summary>
public sealed class DormancyWarningRule : InspectionRule
{
    public override string Id => "NM-W01";
    public override string Title => "睡眠预警：10 天未更新";
    public override string ThresholdUnit => "天";

    public override RuleSettings Defaults() => new() { Severity = Severity.Warning, Threshold = 10 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var cutoff = s.NowUtc.AddDays(-r.Threshold);
        foreach (var a in PublishingAccounts(s, all))
        {
            var site = a.Platform == Platform.SiteChannel;
            if (site && HomePageNotUpdatedRule.JudgedElsewhere(s, a))
            {
                continue;
            }
            var veto = all.Rules.GetValueOrDefault(site ? "WEB-V02" : "NM-V06");
            var since = site ? HomePageNotUpdatedRule.SiteSilentSinceUtc(s, a) : SilentSinceUtc(s, a);
            if (since < cutoff && (veto is not { Enabled: true } || since >= s.NowUtc.AddDays(-veto.Threshold)))
            {
                var days = (int)Math.Floor((s.NowUtc - since).TotalDays);
                var vetoAt = veto is { Enabled: true } ? since.AddDays(veto.Threshold) : (DateTime?)null;
                yield return Found(r, a, $"已 {days} 天未更新，即将超期", $"{r.Threshold} 天预警", [
                    site && HomePageNotUpdatedRule.HomePage(s, a) is { } home ? home.Shown : LastPostEvidence(s, a),
                    new("检查时间", s.Local(s.NowUtc)),
                    .. vetoAt is { } at ? new[] { new Evidence("如不更新，将于此时起被否决", s.Local(at)) } : [],
                ]);
            }
        }
    }
}

/// <summary>NM-D01 僵尸: no post for 90 days, or never posted; the account goes onto the clean-up list.</summary>
public sealed class ZombieAccountRule : InspectionRule
{
    public override string Id => "NM-D01";
    public override string Title => "僵尸账号：长期未更新或从未发布";
    public override string ThresholdUnit => "天";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Threshold = 90, Points = 20, Cap = 20 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var cutoff = s.NowUtc.AddDays(-r.Threshold);
        foreach (var a in PublishingAccounts(s, all))
        {
            var since = SilentSinceUtc(s, a);
            if (since < cutoff)
            {
                var days = (int)Math.Floor((s.NowUtc - since).TotalDays);
                yield return Found(r, a, a.LastPostUtc is null ? $"从未发布（开设已 {days} 天）" : $"已 {days} 天未更新",
                    $"{r.Threshold} 天", [LastPostEvidence(s, a), new("检查时间", s.Local(s.NowUtc))],
                    "列入清理整合名单：关停或并入同单位其他账号，并办理备案");
            }
        }
    }
}

/// <summary>NM-D02: more than one account of the same unit on the same platform.</summary>
public sealed class DuplicateAccountRule : InspectionRule
{
    public override string Id => "NM-D02";
    public override string Title => "重复开设：同一单位同一平台多个账号";
    public override string ThresholdUnit => "个";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Threshold = 1, Points = 5, Cap = 10 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var groups = s.Accounts.Where(a => a.Inspected)
            .GroupBy(a => (Unit: string.IsNullOrWhiteSpace(a.OperatingUnit) ? "#" + a.TenantId : a.OperatingUnit.Trim(), a.Platform));
        foreach (var g in groups.Where(g => g.Count() > r.Threshold))
        {
            foreach (var a in g)
            {
                yield return Found(r, a, $"{g.Key.Unit.TrimStart('#')} 在{PlatformNames.Chinese(a.Platform)}上有 {g.Count()} 个账号",
                    $"同一平台不超过 {r.Threshold} 个", g.Where(o => o.Id != a.Id).Select(o => new Evidence("同单位同平台账号", $"{o.Name}（{o.Id}）")).ToList(),
                    "合并重复账号（保留一个，其余并入并办理注销备案）");
            }
        }
    }
}

/// <summary>NM-D03: opening (and recorded changes, closings) not filed within 5 working days.</summary>
public sealed class FilingRule : InspectionRule
{
    public override string Id => "NM-D03";
    public override string Title => "未按时备案：开设、变更、关停、注销 5 个工作日内备案";
    public override string ThresholdUnit => "个工作日";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Threshold = 5, Points = 5, Cap = 10 };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var days = (int)r.Threshold;
        foreach (var a in s.Accounts.Where(a => a.Inspected))
        {
            var opened = a.OpenedOn ?? DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(a.CreatedUtc, s.TimeZone));
            DateOnly? filed = string.IsNullOrWhiteSpace(a.FilingNumber) ? null : a.FiledOn ?? DateOnly.MinValue;
            if (Check(s, a, "开设", opened, filed, days, r) is { } f)
            {
                yield return f;
            }
            foreach (var e in s.Filings.Where(e => e.AccountId == a.Id))
            {
                if (Check(s, a, e.Event, e.OccurredOn, e.FiledOn, days, r) is { } g)
                {
                    yield return g;
                }
            }
        }
    }

    private Finding? Check(InspectionSnapshot s, AccountFacts a, string what, DateOnly occurred, DateOnly? filed, int days, RuleSettings r)
    {
        var deadline = s.Calendar.AddWorkingDays(occurred, days);
        var evidence = new List<Evidence>
        {
            new($"{what}日期", occurred.ToString("yyyy-MM-dd")),
            new("备案期限", $"{deadline:yyyy-MM-dd}（{days} 个工作日，{s.Calendar.Region} 工作日历）"),
        };
        if (s.Calendar.CoverageNote(deadline.Year) is { } note)
        {
            evidence.Add(new("日历说明", note));
        }
        if (filed is null && s.Today > deadline)
        {
            evidence.Add(new("备案", "未备案"));
            return Found(r, a, $"{what}未备案，已超过期限 {s.Calendar.WorkingDaysBetween(deadline, s.Today)} 个工作日", $"{days} 个工作日", evidence, $"补办{what}备案");
        }
        if (filed is { } on && on != DateOnly.MinValue && on > deadline)
        {
            evidence.Add(new("备案日期", on.ToString("yyyy-MM-dd")));
            return Found(r, a, $"{what}备案迟延 {s.Calendar.WorkingDaysBetween(deadline, on)} 个工作日", $"{days} 个工作日", evidence);
        }
        return null;
    }
}

/// <summary>
/// NM-D04: the name does not relate to the operating unit, or the unit's accounts are named differently across platforms.
/// The national text only asks that a name relate to the unit and its duties: the unit's keyword, an ordered abbreviation
/// of it (卫健 for 卫生健康), a common abbreviation (交警 for 交通警察) or, for the government's main accounts, a standard
/// name (地区+发布, e.g. 青禾发布) are accepted. Suffixes, abbreviations and main-account names are data
/// (Naming/account-naming.json, or the jurisdiction's own file in the option namingFile).
/// </summary>
public sealed partial class AccountNameRule : InspectionRule
{
    public override string Id => "NM-D04";
    public override string Title => "名称不规范：不能体现主办单位或跨平台名称不一致";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Deduction, Points = 2, Cap = 4,
        Options = { ["unitSuffixes"] = "", ["jurisdictionPrefixes"] = "", ["namingFile"] = "" },
    };

    [GeneratedRegex("^.{1,10}?[省市县区旗州盟]")]
    private static partial Regex Jurisdiction();

    /// <summary>The naming data of these settings (the shipped file, or the jurisdiction's own).</summary>
    public static AccountNaming Naming(RuleSettings r) => AccountNaming.Load(r.Option("namingFile", ""));

    private static IEnumerable<string> Suffixes(RuleSettings r)
        => (r.Option("unitSuffixes", "").Length > 0 ? r.OptionList("unitSuffixes", "") : Naming(r).UnitSuffixes).OrderByDescending(x => x.Length);

    /// <summary>The jurisdiction part of a unit's name ("测试县" of "测试县公安局"), or "".</summary>
    public static string Region(string unit, RuleSettings r)
    {
        var k = unit.Trim();
        foreach (var p in r.OptionList("jurisdictionPrefixes", "").OrderByDescending(p => p.Length))
        {
            if (k.StartsWith(p, StringComparison.Ordinal) && k.Length > p.Length + 1)
            {
                return p;
            }
        }
        return Jurisdiction().Match(k) is { Success: true } m && k.Length - m.Length >= 2 ? m.Value : "";
    }

    /// <summary>The part of the unit's name that identifies it: "测试县公安局" -> "公安".</summary>
    public static string Keyword(string unit, RuleSettings r)
    {
        var k = unit.Trim();
        k = k[Region(k, r).Length..];
        foreach (var suffix in Suffixes(r))
        {
            if (k.EndsWith(suffix, StringComparison.Ordinal) && k.Length - suffix.Length >= 2)
            {
                k = k[..^suffix.Length];
                break;
            }
        }
        return k;
    }

    /// <summary>True when the name relates to the unit: its keyword, an ordered abbreviation, a common abbreviation of a
    /// part of its name, or (a government office) a standard main-account name with its region.</summary>
    public static bool Accepts(string name, string unit, RuleSettings r)
    {
        var keyword = Keyword(unit, r);
        if (Identifies(name, keyword))
        {
            return true;
        }
        var naming = Naming(r);
        var rest = unit.Trim()[Region(unit, r).Length..];
        if (naming.Abbreviations.Any(kv => rest.Contains(kv.Key, StringComparison.Ordinal) && kv.Value.Any(abbr => name.Contains(abbr, StringComparison.Ordinal))))
        {
            return true;
        }
        var region = Region(unit, r);
        if (region.Length > 0 && naming.MainAccountUnits.Any(u => rest == u))
        {
            var forms = new[] { region, region.Length > 2 ? region[..^1] : region }.Distinct();
            return naming.MainAccountNames.Any(pattern => forms.Any(f => name.Contains(pattern.Replace("{region}", f, StringComparison.Ordinal), StringComparison.Ordinal)));
        }
        return false;
    }

    /// <summary>True when the name holds the keyword or an abbreviation of it (2+ characters, in order, from its first): "测试卫健" for "卫生健康".</summary>
    public static bool Identifies(string name, string keyword)
    {
        if (keyword.Length == 0 || name.Contains(keyword, StringComparison.Ordinal))
        {
            return keyword.Length > 0;
        }
        for (var i = 0; i < name.Length - 1; i++)
        {
            if (name[i] != keyword[0])
            {
                continue;
            }
            var k = 1;
            for (var j = i + 1; j < name.Length && k < keyword.Length; j++)
            {
                var at = keyword.IndexOf(name[j], k);
                if (at < 0)
                {
                    break;
                }
                k = at + 1;
                if (j - i + 1 >= 2)
                {
                    return true;
                }
            }
        }
        return false;
    }

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var inspected = s.Accounts.Where(a => a.Inspected).ToList();
        foreach (var a in inspected)
        {
            if (string.IsNullOrWhiteSpace(a.OperatingUnit))
            {
                yield return Found(r, a, "未登记主办单位，名称无法核对", "名称须体现主办单位", [new("账号名称", a.Name)]);
                continue;
            }
            var keyword = Keyword(a.OperatingUnit, r);
            if (!Accepts(a.Name, a.OperatingUnit, r))
            {
                yield return Found(r, a, $"名称“{a.Name}”不能体现主办单位“{a.OperatingUnit}”", "名称须体现主办单位",
                    [new("账号名称", a.Name), new("主办单位", a.OperatingUnit), new("应包含", $"{keyword}（或其简称）"), new("命名规则", Naming(r).Reading)],
                    "按“地区+单位+职能”规范名称并办理变更备案");
            }
        }
        foreach (var g in inspected.Where(a => a.Platform != Platform.SiteChannel && a.Kind == AccountKind.Publishing && !string.IsNullOrWhiteSpace(a.OperatingUnit))
                     .GroupBy(a => a.OperatingUnit.Trim()))
        {
            var names = g.GroupBy(a => a.Name.Trim()).OrderByDescending(n => n.Count()).ThenByDescending(n => n.Any(a => a.IsMain)).ThenBy(n => n.Key, StringComparer.Ordinal).ToList();
            if (names.Count <= 1 || g.Select(a => a.Platform).Distinct().Count() <= 1)
            {
                continue;
            }
            foreach (var a in names.Skip(1).SelectMany(n => n))
            {
                yield return Found(r, a, $"与同单位其他平台账号名称不一致（“{a.Name}” / “{names[0].Key}”）", "跨平台名称一致",
                    g.Select(o => new Evidence(PlatformNames.Chinese(o.Platform), o.Name)).ToList(), "统一各平台账号名称");
            }
        }
    }
}

/// <summary>NM-D12: fewer original posts than the floor in the window (default: 1 a month). Reposts carry the repost field.</summary>
public sealed class OriginalContentRule : InspectionRule
{
    public override string Id => "NM-D12";
    public override string Title => "原创内容不足：每月至少 1 条原创";
    public override string ThresholdUnit => "条";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Deduction, Threshold = 1, Points = 5, Cap = 5,
        Options = { ["windowDays"] = "30", ["repostField"] = "repostOf" },
    };

    public static int WindowDays(RuleSettings r) => int.TryParse(r.Option("windowDays", "30"), out var d) && d > 0 ? d : 30;

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var window = WindowDays(r);
        var start = s.NowUtc.AddDays(-window);
        foreach (var a in PublishingAccounts(s, all))
        {
            // An account younger than the window is not judged on it yet.
            if ((a.OpenedOn is { } o ? TimeZoneInfo.ConvertTimeToUtc(o.ToDateTime(TimeOnly.MinValue), s.TimeZone) : a.CreatedUtc) > start)
            {
                continue;
            }
            if (a.OriginalPostsInWindow < r.Threshold)
            {
                yield return Found(r, a, $"近 {window} 天原创 {a.OriginalPostsInWindow} 条，低于 {r.Threshold} 条", $"{window} 天内至少 {r.Threshold} 条原创", [
                    new("统计区间", $"{s.Local(start)} 至 {s.Local(s.NowUtc)}"),
                    new("区间内原创", $"{a.OriginalPostsInWindow} 条（转载以字段“{r.Option("repostField", "repostOf")}”标记）"),
                    LastPostEvidence(s, a),
                ]);
            }
        }
    }
}

/// <summary>NM-D13: published without the required review chain. Data comes from the editorial capability (<see cref="IReviewChainEvidence"/>).</summary>
public sealed class ReviewChainRule : InspectionRule
{
    public override string Id => "NM-D13";
    public override string Title => "未经完整审核发布";
    public override string ThresholdUnit => "条";

    public override RuleSettings Defaults() => new() { Severity = Severity.Deduction, Threshold = 0, Points = 2, Cap = 10, Options = { ["windowDays"] = "90" } };

    public override string? MissingData(InspectionSnapshot s) => s.Unreviewed is null ? "等待编辑审核能力提供审核链数据（IReviewChainEvidence）" : null;

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        foreach (var p in s.Unreviewed ?? [])
        {
            var account = (p.AccountId is null ? null : s.Account(p.AccountId)) ?? s.SiteAccountOf(p.TenantId);
            if (account is { Inspected: false })
            {
                continue;
            }
            yield return new Finding(Id, r.Severity, p.TenantId, account?.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                $"《{p.Title}》未经完整审核发布（{p.ApprovedLevels}/{p.RequiredLevels} 级）", "先审后发，逐级审核",
                [new("发布", $"{s.Local(p.PublishedUtc)}《{p.Title}》", p.ContentItemId, p.PublishedUtc), new("审核情况", p.Detail)]);
        }
    }
}

internal static class FieldsJson
{
    /// <summary>The values of a field: a string, an array of strings, or nothing. Bad JSON reads as no fields.</summary>
    public static IReadOnlyList<string> Values(string json, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty(field, out var v))
            {
                return [];
            }
            return v.ValueKind switch
            {
                JsonValueKind.String => string.IsNullOrWhiteSpace(v.GetString()) ? [] : [v.GetString()!.Trim()],
                JsonValueKind.Array => v.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? e.GetString()?.Trim() : e.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? e.GetRawText() : e.ToString())
                    .Where(x => !string.IsNullOrWhiteSpace(x)).Select(x => x!).ToList(),
                JsonValueKind.Null or JsonValueKind.Undefined => [],
                JsonValueKind.Object => v.EnumerateObject().Any() ? [v.GetRawText()] : [],
                _ => [v.ToString()],
            };
        }
        catch (JsonException)
        {
            return [];
        }
    }
}
