using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// WEB-V02: a department's home page not updated for 14 days. The page is judged by what it shows: the newest item the
/// public site lists on it (<see cref="IHomePageEvidence"/>; a department home lists every post of the department, of
/// every account), not by the site-channel account's own posts. Without that port: the site-channel account's posts.
/// One finding per department, on its site account.
/// </summary>
public sealed class HomePageNotUpdatedRule : InspectionRule
{
    public override string Id => "WEB-V02";
    public override string Title => "网站首页长期未更新（14 天）";
    public override string ThresholdUnit => "天";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Threshold = 14 };

    /// <summary>When the department's home page last showed something new (null: never), with the item; null when the
    /// site is judged by its account's posts.</summary>
    public static (DateTime? Since, Evidence Shown)? HomePage(InspectionSnapshot s, AccountFacts site)
    {
        if (s.HomePages?.FirstOrDefault(h => h.TenantId == site.TenantId) is not { } home)
        {
            return null;
        }
        var shown = home.LatestPublishedUtc is { } at
            ? new Evidence("首页最新信息", $"{s.Local(at)}《{home.LatestTitle ?? home.LatestItemId}》", home.LatestItemId, at, home.Path)
            : new Evidence("首页最新信息", "首页没有任何信息", null, null, home.Path);
        return (home.LatestPublishedUtc, shown);
    }

    /// <summary>The instant the site has been silent since: its home page's newest item, else the account's (its opening if none).</summary>
    public static DateTime SiteSilentSinceUtc(InspectionSnapshot s, AccountFacts site)
        => HomePage(s, site) is { } home ? home.Since ?? Opened(s, site) : SilentSince(s, site);

    /// <summary>True when the site is judged by its home page and this site-channel account is not the department's site
    /// account: the one page is judged once, on the site account.</summary>
    public static bool JudgedElsewhere(InspectionSnapshot s, AccountFacts site)
        => s.HomePages is not null && s.SiteAccountOf(site.TenantId)?.Id != site.Id;

    private static DateTime Opened(InspectionSnapshot s, AccountFacts a)
        => a.OpenedOn is { } opened ? TimeZoneInfo.ConvertTimeToUtc(opened.ToDateTime(TimeOnly.MinValue), s.TimeZone) : a.CreatedUtc;

    private static DateTime SilentSince(InspectionSnapshot s, AccountFacts a) => a.LastPostUtc ?? Opened(s, a);

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var cutoff = s.NowUtc.AddDays(-r.Threshold);
        foreach (var a in PublishingAccounts(s, all).Where(a => a.Platform == Platform.SiteChannel))
        {
            if (JudgedElsewhere(s, a))
            {
                continue;
            }
            var home = HomePage(s, a);
            var since = SiteSilentSinceUtc(s, a);
            if (since < cutoff)
            {
                var days = (int)Math.Floor((s.NowUtc - since).TotalDays);
                var never = home is { } hh ? hh.Since is null : a.LastPostUtc is null;
                yield return Found(r, a, never ? $"网站首页从未展示信息，已 {days} 天" : $"网站首页已 {days} 天未更新",
                    $"{r.Threshold} 天内须有更新", [
                        home is { } x ? x.Shown : LastPostEvidence(s, a),
                        new("检查时间", s.Local(s.NowUtc)),
                        new("说明", home is null ? "按网站栏目账号自身发布判断（未取得首页展示数据）；无发布日期的信息按未更新计" : "按首页实际展示的信息判断；无发布日期的信息按未更新计"),
                    ]);
            }
        }
    }
}

/// <summary>
/// WEB-V03: stale and blank sections of a department site. A section is a content type of the site; news must be
/// updated every 2 weeks, notices and policies every 6 months (configurable "type:days" list).
/// </summary>
public sealed class StaleSectionsRule : InspectionRule
{
    public override string Id => "WEB-V03";
    public override string Title => "栏目不更新：应更新未更新栏目、长期未更新栏目、空白栏目";
    public override string ThresholdUnit => "个";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Veto, Threshold = 5,
        Options =
        {
            ["sections"] = "news:14,notice:180,policy:180,interpretation:180,guide:180",
            ["longStaleDays"] = "365",
            ["longStaleThreshold"] = "10",
            ["blankThreshold"] = "5",
        },
    };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var sections = r.OptionList("sections", "").Select(x => x.Split(':')).Where(x => x.Length == 2 && int.TryParse(x[1], out _))
            .Select(x => (Type: x[0].Trim(), Days: int.Parse(x[1]))).ToList();
        var longDays = int.TryParse(r.Option("longStaleDays", "365"), out var ld) ? ld : 365;
        var longThreshold = int.TryParse(r.Option("longStaleThreshold", "10"), out var lt) ? lt : 10;
        var blankThreshold = int.TryParse(r.Option("blankThreshold", "5"), out var bt) ? bt : 5;
        var byTenant = s.Sections.ToLookup(x => x.TenantId);
        foreach (var d in s.Departments)
        {
            if (s.SiteAccountOf(d.Id) is not { } site)
            {
                continue;
            }
            var stale = new List<Evidence>();
            var blank = new List<Evidence>();
            var longStale = 0;
            foreach (var (type, days) in sections)
            {
                var f = byTenant[d.Id].FirstOrDefault(x => x.ContentType == type);
                var name = NewMediaCms.Content.ContentTypes.DisplayName(type);
                if (f is null || f.Count == 0 || f.LastPostUtc is null)
                {
                    blank.Add(new("空白栏目", name));
                }
                else if (f.LastPostUtc < s.NowUtc.AddDays(-days))
                {
                    stale.Add(new("未按期更新", $"{name}：最后更新 {s.Local(f.LastPostUtc.Value)}，应 {days} 天内更新", null, f.LastPostUtc));
                    if (f.LastPostUtc < s.NowUtc.AddDays(-longDays))
                    {
                        longStale++;
                    }
                }
            }
            if (stale.Count >= r.Threshold || longStale >= longThreshold || blank.Count >= blankThreshold)
            {
                yield return Found(r, site, $"{d.Name}网站栏目：未按期更新 {stale.Count} 个，长期未更新 {longStale} 个，空白 {blank.Count} 个",
                    $"未按期更新 ≥{r.Threshold} 个，或长期（{longDays} 天）未更新 ≥{longThreshold} 个，或空白 ≥{blankThreshold} 个", [.. stale, .. blank]);
            }
        }
    }
}

/// <summary>
/// WEB-D01: a service guide (办事指南) missing any of its required elements. The elements are the fields the guide content
/// type in force marks as required or recommended (the built-in type: <see cref="NewMediaCms.Content.Types.BuiltInContentTypes.GuideElements"/>),
/// so the editor's form and the rule read one list; the option "fields" (name:label, ...) overrides it for a jurisdiction.
/// </summary>
public sealed class ServiceGuideElementsRule : InspectionRule
{
    /// <summary>The field list this rule's settings held before it read the content type (names the built-in type never had):
    /// stored settings that still hold it mean "the content type's list".</summary>
    public const string LegacyDefaultFields = "name:事项名称,basis:设定依据,conditions:申请条件,materials:办理材料,location:办理地点,agency:办理机构,fees:收费标准,hours:办理时间,phone:联系电话,process:办理流程";

    public override string Id => "WEB-D01";
    public override string Title => "办事指南要素缺失";
    public override string ThresholdUnit => "项";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Deduction, Threshold = 0, Points = 1, Cap = 10,
        Options = { ["contentType"] = "guide", ["fields"] = "" },
    };

    /// <summary>The required and recommended fields of the guide type in force (the built-in elements if the type is unknown).</summary>
    public static async Task<IReadOnlyList<(string Field, string Label)>> ElementsAsync(NewMediaCms.Content.Types.ContentTypeRegistry types, string contentType, CancellationToken ct)
    {
        var type = await types.FindAsync(contentType, ct);
        var fields = type?.Fields.Where(f => f.Required || f.Recommended).ToList();
        return (fields is { Count: > 0 } ? fields : [.. NewMediaCms.Content.Types.BuiltInContentTypes.GuideElements]).Select(f => (f.Name, f.DisplayName)).ToList();
    }

    public static IReadOnlyList<(string Field, string Label)> Elements(InspectionSnapshot s, RuleSettings r)
    {
        var option = r.Option("fields", "");
        if (option.Length > 0 && option != LegacyDefaultFields)
        {
            return r.OptionList("fields", "").Select(f => f.Split(':', 2)).Select(f => (f[0].Trim(), f.Length > 1 ? f[1].Trim() : f[0].Trim())).ToList();
        }
        return s.GuideElements.Count > 0 ? s.GuideElements
            : NewMediaCms.Content.Types.BuiltInContentTypes.GuideElements.Select(f => (f.Name, f.DisplayName)).ToList();
    }

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var type = r.Option("contentType", "guide");
        var fields = Elements(s, r);
        foreach (var item in s.Items.Where(i => i.ContentType == type))
        {
            var missing = fields.Where(f => FieldsJson.Values(item.FieldsJson, f.Field).Count == 0).ToList();
            if (missing.Count <= r.Threshold)
            {
                continue;
            }
            var account = SiteRuleHelpers.AccountFor(s, item);
            if (account is { Inspected: false })
            {
                continue;
            }
            yield return new Finding(Id, r.Severity, item.TenantId, account?.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                $"办事指南《{item.Title}》缺少 {missing.Count} 项要素：{string.Join("、", missing.Select(m => m.Label))}", $"{fields.Count} 项要素齐全",
                [new("办事指南", item.Title, item.Id, item.PublishedUtc), .. missing.Select(m => new Evidence("缺少要素", $"{m.Label}（字段 {m.Field}）"))],
                "补齐办事指南要素");
        }
    }
}

/// <summary>WEB-D02: a policy document and its interpretation must be linked both ways (解读关联).</summary>
public sealed class PolicyInterpretationLinkRule : InspectionRule
{
    public override string Id => "WEB-D02";
    public override string Title => "政策文件与解读未双向关联";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Deduction, Points = 1, Cap = 10,
        Options =
        {
            ["policyType"] = "policy", ["interpretationType"] = "interpretation",
            ["policyField"] = "interpretations", ["interpretationField"] = "policy",
            ["requireInterpretation"] = "false",
        },
    };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var policies = s.Items.Where(i => i.ContentType == r.Option("policyType", "policy")).ToDictionary(i => i.Id);
        var interpretations = s.Items.Where(i => i.ContentType == r.Option("interpretationType", "interpretation")).ToDictionary(i => i.Id);
        var policyField = r.Option("policyField", "interpretations");
        var interpretationField = r.Option("interpretationField", "policy");
        var requireInterpretation = string.Equals(r.Option("requireInterpretation", "false"), "true", StringComparison.OrdinalIgnoreCase);
        var reported = new HashSet<(string, string)>();

        foreach (var p in policies.Values)
        {
            var links = FieldsJson.Values(p.FieldsJson, policyField);
            if (links.Count == 0 && requireInterpretation)
            {
                if (Make(s, r, p, $"政策文件《{p.Title}》没有关联解读", [new("政策文件", p.Title, p.Id, p.PublishedUtc)]) is { } f0)
                {
                    yield return f0;
                }
            }
            foreach (var link in links)
            {
                if (!reported.Add((p.Id, link)))
                {
                    continue;
                }
                var target = interpretations.GetValueOrDefault(link);
                var problem = target is null ? $"关联的解读 “{link}” 不存在或未发布"
                    : !FieldsJson.Values(target.FieldsJson, interpretationField).Contains(p.Id) ? $"解读《{target.Title}》未反向关联本政策文件" : null;
                if (problem is not null && Make(s, r, p, $"政策文件《{p.Title}》：{problem}",
                        [new("政策文件", p.Title, p.Id, p.PublishedUtc), new("解读", target?.Title ?? link, target?.Id, target?.PublishedUtc)]) is { } f)
                {
                    yield return f;
                }
            }
        }
        foreach (var i in interpretations.Values)
        {
            foreach (var link in FieldsJson.Values(i.FieldsJson, interpretationField))
            {
                if (!reported.Add((link, i.Id)))
                {
                    continue;
                }
                var target = policies.GetValueOrDefault(link);
                var problem = target is null ? $"关联的政策文件 “{link}” 不存在或未发布"
                    : !FieldsJson.Values(target.FieldsJson, policyField).Contains(i.Id) ? $"政策文件《{target.Title}》未反向关联本解读" : null;
                if (problem is not null && Make(s, r, i, $"解读《{i.Title}》：{problem}",
                        [new("解读", i.Title, i.Id, i.PublishedUtc), new("政策文件", target?.Title ?? link, target?.Id, target?.PublishedUtc)]) is { } f)
                {
                    yield return f;
                }
            }
        }
    }

    private Finding? Make(InspectionSnapshot s, RuleSettings r, ContentFacts item, string message, IReadOnlyList<Evidence> evidence)
    {
        var account = SiteRuleHelpers.AccountFor(s, item);
        return account is { Inspected: false } ? null
            : new Finding(Id, r.Severity, item.TenantId, account?.Id, r.Severity == Severity.Deduction ? r.Points : 0, message, "政策文件与解读双向关联", evidence, "补全政策文件与解读的双向关联");
    }
}

/// <summary>
/// WEB-V05: tampering not handled (a page-monitor incident open at the check time, when the monitor provides data) and
/// faked dates (published posts dated after the check time, beyond a clock tolerance).
/// </summary>
public sealed class FakedDateRule : InspectionRule
{
    public override string Id => "WEB-V05";
    public override string Title => "篡改未处置或发布日期造假";
    public override string ThresholdUnit => "分钟";

    /// <summary>Threshold: tolerated clock skew in minutes. Option handleHours: hours allowed to handle a tampering incident (0: any open one).</summary>
    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Threshold = 10, Options = { ["handleHours"] = "0" } };

    public override string? Note(InspectionSnapshot s) => s.Integrity is null ? "仅检查发布日期；篡改部分" + SiteIntegrityRule.Waiting : null;

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var limit = s.NowUtc.AddMinutes(r.Threshold);
        foreach (var g in s.FutureDated.Where(p => p.PublishedUtc > limit).GroupBy(p => (p.TenantId, Account: SiteRuleHelpers.AccountFor(s, p)?.Id)))
        {
            var account = g.Key.Account is null ? null : s.Account(g.Key.Account);
            if (account is { Inspected: false })
            {
                continue;
            }
            yield return new Finding(Id, r.Severity, g.Key.TenantId, account?.Id, 0,
                $"{g.Count()} 条信息的发布时间晚于检查时间（日期造假或时钟错误）", $"允许误差 {r.Threshold} 分钟",
                [new("检查时间", s.Local(s.NowUtc)), .. g.OrderBy(p => p.PublishedUtc).Take(20).Select(p => new Evidence("发布时间在未来", $"{s.Local(p.PublishedUtc!.Value)}《{p.Title}》", p.Id, p.PublishedUtc))],
                "核实并更正发布日期");
        }
        if (s.Integrity is not null)
        {
            foreach (var f in IncidentFindings.Open(s, Id, r, "页面篡改未处置", "恢复为审核发布的版本，排查篡改途径"))
            {
                yield return f;
            }
        }
    }
}

/// <summary>An indicator that an auditor records by hand (NM-V04 舆情, NM-V05 数据造假, NM-D06 内容不当).</summary>
public sealed class ManualFlagRule(string id, string title, Severity severity, double points, double cap) : InspectionRule
{
    public override string Id => id;
    public override string Title => title;

    public override RuleSettings Defaults() => new() { Severity = severity, Points = points, Cap = cap };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        foreach (var f in s.Flags.Where(f => f.RuleId == id))
        {
            var account = s.Account(f.AccountId);
            if (account is null or { Inspected: false })
            {
                continue;
            }
            yield return new Finding(Id, r.Severity, account.TenantId, account.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                $"检查员记录：{f.Note}", "人工认定",
                [new("记录人", f.RecordedBy), new("记录时间", s.Local(f.RecordedUtc)), .. f.ContentItemId is null ? Array.Empty<Evidence>() : [new Evidence("涉及信息", f.ContentItemId, f.ContentItemId)]]);
        }
    }
}

internal static class SiteRuleHelpers
{
    public static AccountFacts? AccountFor(InspectionSnapshot s, ContentFacts item)
        => (item.AccountId is null ? null : s.Account(item.AccountId)) ?? s.SiteAccountOf(item.TenantId);
}
