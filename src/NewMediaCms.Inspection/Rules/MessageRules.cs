using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Calendars;

namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// Reply deadlines of citizen messages (留言) in working days of the jurisdiction's calendar. A message received on day D
/// (local) is due N working days later (D itself not counted, as for filings, NM-D03); it is overdue from the day after.
/// The inbox of the interaction capability and the rules NM-D10 / WEB-V04 use the same functions.
/// </summary>
public static class MessageDeadlines
{
    public const int DefaultWarnDays = 5;
    public const int DefaultDeductDays = 15;
    public const int DefaultVetoMonths = 3;
    public const int DefaultLookbackMonths = 12;

    /// <summary>The day by which a message received at <paramref name="receivedUtc"/> must be answered.</summary>
    public static DateOnly Due(WorkingCalendar calendar, TimeZoneInfo zone, DateTime receivedUtc, int workingDays)
        => calendar.AddWorkingDays(LocalDate(zone, receivedUtc), workingDays);

    public static DateOnly LocalDate(TimeZoneInfo zone, DateTime utc) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, zone));

    /// <summary>
    /// The instant before which a message is past its <paramref name="workingDays"/>-working-day deadline at <paramref name="nowUtc"/>:
    /// the start of the day after the last receipt day whose deadline is already behind today. Lets the store count overdue
    /// messages with one comparison instead of a calendar per row.
    /// </summary>
    public static DateTime OverdueBeforeUtc(WorkingCalendar calendar, TimeZoneInfo zone, DateTime nowUtc, int workingDays)
    {
        var today = LocalDate(zone, nowUtc);
        var day = today.AddDays(-1);
        // AddWorkingDays grows with the start day: walk back to the last day whose deadline is before today.
        while (calendar.AddWorkingDays(day, workingDays) >= today)
        {
            day = day.AddDays(-1);
        }
        return TimeZoneInfo.ConvertTimeToUtc(day.AddDays(1).ToDateTime(TimeOnly.MinValue), zone);
    }

    /// <summary>Months back from the check time, in local time (3 months before 27 November 10:00 is 27 August 10:00).</summary>
    public static DateTime MonthsBeforeUtc(TimeZoneInfo zone, DateTime nowUtc, int months)
        => TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone).AddMonths(-months), DateTimeKind.Unspecified), zone);

    public static int WarnDays(RuleSettings d10) => Int(d10, "warnDays", DefaultWarnDays);

    public static int DeductDays(RuleSettings d10) => d10.Threshold > 0 ? (int)d10.Threshold : DefaultDeductDays;

    public static int VetoMonths(RuleSettings d10) => Int(d10, "vetoMonths", DefaultVetoMonths);

    /// <summary>The question the snapshot asks the interaction capability, from the NM-D10 and WEB-V04 settings.</summary>
    public static InteractionQuery Query(DateTime nowUtc, InspectionSettings settings, RuleCatalog catalog, WorkingCalendar calendar, TimeZoneInfo zone)
    {
        var d10 = settings.For(catalog.Find(UnansweredMessageRule.RuleId)!);
        var v04 = settings.For(catalog.Find(UnansweredConsultationRule.RuleId)!);
        var vetoMonths = Math.Min(VetoMonths(d10), v04.Threshold > 0 ? (int)v04.Threshold : DefaultVetoMonths);
        return new InteractionQuery(
            nowUtc,
            OverdueBeforeUtc(calendar, zone, nowUtc, WarnDays(d10)),
            OverdueBeforeUtc(calendar, zone, nowUtc, DeductDays(d10)),
            MonthsBeforeUtc(zone, nowUtc, vetoMonths),
            MonthsBeforeUtc(zone, nowUtc, Int(v04, "lookbackMonths", DefaultLookbackMonths)),
            DeductDays(d10));
    }

    private static int Int(RuleSettings r, string key, int fallback) => int.TryParse(r.Option(key, ""), out var v) && v > 0 ? v : fallback;
}

/// <summary>Shared by the three message rules: where a message box's findings go.</summary>
public abstract class MessageRule : InspectionRule
{
    public override string? MissingData(InspectionSnapshot s) => s.Interaction is null ? "等待互动（留言与答复）能力提供数据（IInteractionEvidence）" : null;

    /// <summary>The account a box belongs to: its own, or the department's site channel for messages to the department.</summary>
    protected static AccountFacts? AccountOf(InspectionSnapshot s, MessageBoxFacts box)
        => (box.AccountId is null ? null : s.Account(box.AccountId)) ?? s.SiteAccountOf(box.TenantId);

    /// <summary>Messages to the department itself or to its site channel are the website's consultation box (WEB-V04).</summary>
    protected static bool IsSiteBox(InspectionSnapshot s, MessageBoxFacts box)
        => box.AccountId is null || s.Account(box.AccountId) is not { } a || a.Platform == Platform.SiteChannel;

    protected Finding At(Severity severity, double points, MessageBoxFacts box, AccountFacts? account, string message, string threshold, IReadOnlyList<Evidence> evidence, string? task = null)
        => new(Id, severity, box.TenantId, account?.Id, severity == Severity.Deduction ? points : 0, message, threshold, evidence, task);

    protected static string Box(InspectionSnapshot s, MessageBoxFacts box)
        => box.AccountId is null ? "部门留言" : s.Account(box.AccountId) is { } a ? $"“{a.Name}”的留言" : $"账号 {box.AccountId} 的留言";
}

/// <summary>
/// NM-D10 留言未答复: open messages past 5 working days are a warning, past 15 working days a deduction (per message, capped),
/// open for 3 months a veto (accounts; the website's consultation box is vetoed by WEB-V04 instead). Replies given after
/// 15 working days within the look-back year count as deductions too.
/// </summary>
public sealed class UnansweredMessageRule : MessageRule
{
    public const string RuleId = "NM-D10";

    public override string Id => RuleId;
    public override string Title => "留言未答复：5 个工作日预警，15 个工作日扣分，3 个月否决";
    public override string ThresholdUnit => "个工作日";

    public override RuleSettings Defaults() => new()
    {
        Severity = Severity.Deduction, Threshold = MessageDeadlines.DefaultDeductDays, Points = 2, Cap = 10,
        Options = { ["warnDays"] = "5", ["vetoMonths"] = "3" },
    };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var warn = MessageDeadlines.WarnDays(r);
        var deduct = MessageDeadlines.DeductDays(r);
        var months = MessageDeadlines.VetoMonths(r);
        var q = s.InteractionQuery!;
        foreach (var box in s.Interaction!.Boxes)
        {
            var account = AccountOf(s, box);
            if (account is { Inspected: false })
            {
                continue;
            }
            var site = IsSiteBox(s, box);
            var vetoed = site ? 0 : box.OpenPastVeto;
            var common = new List<Evidence> { new("留言", Box(s, box)) };
            if (box.OldestOpenUtc is { } o)
            {
                common.Add(new Evidence("最早未答复留言", $"{s.Local(o)} 收到", null, o));
            }
            common.Add(new Evidence("检查时间", s.Local(s.NowUtc)));
            if (vetoed > 0)
            {
                yield return At(Severity.Veto, 0, box, account, $"{Box(s, box)}有 {vetoed} 条超过 {months} 个月未答复", $"{months} 个月内须答复",
                    [.. common, new("收到早于", s.Local(q.VetoBeforeUtc))], "逐条答复超期留言，并说明超期原因");
            }
            var deductions = box.OpenPastDeduct - vetoed + box.LateRepliesInLookback;
            if (deductions > 0)
            {
                yield return At(r.Severity, r.Points * deductions, box, account,
                    $"{Box(s, box)}超过 {deduct} 个工作日未答复 {box.OpenPastDeduct - vetoed} 条" + (box.LateRepliesInLookback > 0 ? $"，超期答复 {box.LateRepliesInLookback} 条" : ""),
                    $"{deduct} 个工作日内答复", [
                        .. common,
                        new("收到早于", $"{s.Local(q.DeductBeforeUtc)}（{deduct} 个工作日，{s.Calendar.Region} 工作日历）"),
                        new("近一年", $"收到 {box.ReceivedInLookback} 条，已答复 {box.AnsweredInLookback} 条，超期答复 {box.LateRepliesInLookback} 条，不予公开 {box.NotPublicInLookback} 条"),
                    ], "答复超期留言");
            }
            var warnings = box.OpenPastWarn - box.OpenPastDeduct;
            if (warnings > 0)
            {
                yield return At(Severity.Warning, 0, box, account, $"{Box(s, box)}有 {warnings} 条超过 {warn} 个工作日未答复，即将超期", $"{warn} 个工作日预警",
                    [.. common, new("收到早于", $"{s.Local(q.WarnBeforeUtc)}（{warn} 个工作日，{s.Calendar.Region} 工作日历）")]);
            }
        }
    }
}

/// <summary>WEB-V04: a consultation message to the department's website open for more than 3 months, among the messages of the last year.</summary>
public sealed class UnansweredConsultationRule : MessageRule
{
    public const string RuleId = "WEB-V04";

    public override string Id => RuleId;
    public override string Title => "互动留言超过 3 个月未答复（回溯 1 年）";
    public override string ThresholdUnit => "个月";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto, Threshold = MessageDeadlines.DefaultVetoMonths, Options = { ["lookbackMonths"] = "12" } };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var q = s.InteractionQuery!;
        // The consultation box of a department: messages to the department and to its site channels, together.
        foreach (var dept in s.Interaction!.Boxes.Where(b => IsSiteBox(s, b)).GroupBy(b => b.TenantId))
        {
            var count = dept.Sum(b => b.OpenPastVetoInLookback);
            if (count == 0)
            {
                continue;
            }
            var account = s.SiteAccountOf(dept.Key);
            if (account is { Inspected: false })
            {
                continue;
            }
            var evidence = new List<Evidence> { new("超期留言", $"{count} 条，收到于 {s.Local(q.LookbackFromUtc)} 至 {s.Local(q.VetoBeforeUtc)} 之间") };
            if (dept.Min(b => b.OldestOpenInLookbackUtc) is { } oldest)
            {
                evidence.Add(new Evidence("最早未答复留言", $"{s.Local(oldest)} 收到", null, oldest));
            }
            evidence.Add(new Evidence("检查时间", s.Local(s.NowUtc)));
            yield return new Finding(Id, r.Severity, dept.Key, account?.Id, r.Severity == Severity.Deduction ? r.Points : 0,
                $"网站互动留言有 {count} 条超过 {r.Threshold} 个月未答复", $"{r.Threshold} 个月内答复（回溯 {r.Option("lookbackMonths", "12")} 个月）",
                evidence, "逐条答复超期留言，并说明超期原因");
        }
    }
}

/// <summary>NM-V07 不互动: the department switched its message function (留言功能) off, or switched it off for one account.</summary>
public sealed class NoInteractionRule : MessageRule
{
    public override string Id => "NM-V07";
    public override string Title => "无互动功能：留言功能关闭或无答复渠道";

    public override RuleSettings Defaults() => new() { Severity = Severity.Veto };

    public override IEnumerable<Finding> Evaluate(InspectionSnapshot s, RuleSettings r, InspectionSettings all)
    {
        var switches = s.Interaction!.Switches.ToDictionary(x => x.TenantId);
        foreach (var a in s.Accounts.Where(a => a.Inspected))
        {
            if (!switches.TryGetValue(a.TenantId, out var sw))
            {
                continue;   // never configured: on by default
            }
            var off = !sw.Enabled ? "本部门留言功能已关闭" : sw.ClosedAccountIds.Contains(a.Id) ? "本账号留言功能已关闭" : null;
            if (off is not null)
            {
                yield return new Finding(Id, r.Severity, a.TenantId, a.Id, r.Severity == Severity.Deduction ? r.Points : 0, off, "须提供可用的留言答复渠道",
                    [new("留言功能", off), new("检查时间", s.Local(s.NowUtc))], "在“留言设置”中开启留言功能");
            }
        }
    }
}
