using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Interaction;

/// <summary>How late an open message is, by the thresholds of NM-D10 / WEB-V04.</summary>
public enum Overdue
{
    None,

    /// <summary>Past 5 working days (预警).</summary>
    Warn,

    /// <summary>Past 15 working days (扣分).</summary>
    Deduct,

    /// <summary>Open for 3 months (否决).</summary>
    Veto,
}

/// <summary>
/// The reply clock at one instant: the jurisdiction's working-day calendar and the NM-D10 thresholds from the inspection
/// settings, so that the inbox marks exactly what the inspection will find.
/// </summary>
public sealed class ReplyClock
{
    public ReplyClock(WorkingCalendar calendar, TimeZoneInfo zone, DateTime nowUtc, int warnDays, int deductDays, int vetoMonths)
    {
        Calendar = calendar;
        Zone = zone;
        NowUtc = nowUtc;
        WarnDays = warnDays;
        DeductDays = deductDays;
        VetoMonths = vetoMonths;
        WarnBeforeUtc = MessageDeadlines.OverdueBeforeUtc(calendar, zone, nowUtc, warnDays);
        DeductBeforeUtc = MessageDeadlines.OverdueBeforeUtc(calendar, zone, nowUtc, deductDays);
        VetoBeforeUtc = MessageDeadlines.MonthsBeforeUtc(zone, nowUtc, vetoMonths);
    }

    public WorkingCalendar Calendar { get; }
    public TimeZoneInfo Zone { get; }
    public DateTime NowUtc { get; }
    public int WarnDays { get; }
    public int DeductDays { get; }
    public int VetoMonths { get; }
    public DateTime WarnBeforeUtc { get; }
    public DateTime DeductBeforeUtc { get; }
    public DateTime VetoBeforeUtc { get; }

    /// <summary>答复期限: the day by which a reply is due (the warning deadline, 5 working days).</summary>
    public DateOnly Due(DateTime receivedUtc) => MessageDeadlines.Due(Calendar, Zone, receivedUtc, WarnDays);

    public Overdue Of(CitizenMessage m)
        => m.Status != MessageStatus.Open ? Overdue.None
            : m.ReceivedUtc < VetoBeforeUtc ? Overdue.Veto
            : m.ReceivedUtc < DeductBeforeUtc ? Overdue.Deduct
            : m.ReceivedUtc < WarnBeforeUtc ? Overdue.Warn
            : Overdue.None;

    /// <summary>
    /// The working days a reply took: the smallest deadline (in working days) it still met. A reply on the deadline day took
    /// exactly that many; a reply on the weekend after it took one more.
    /// </summary>
    public int WorkingDaysTaken(DateTime receivedUtc, DateTime repliedUtc)
    {
        var from = MessageDeadlines.LocalDate(Zone, receivedUtc);
        var to = MessageDeadlines.LocalDate(Zone, repliedUtc);
        if (to <= from)
        {
            return 0;
        }
        var days = Calendar.WorkingDaysBetween(from, to);
        return Calendar.IsWorkingDay(to) ? days : days + 1;
    }

    public string Local(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, Zone).ToString("yyyy-MM-dd HH:mm");

    public static string Chinese(Overdue o, ReplyClock c) => o switch
    {
        Overdue.Warn => $"超过 {c.WarnDays} 个工作日",
        Overdue.Deduct => $"超过 {c.DeductDays} 个工作日（扣分）",
        Overdue.Veto => $"超过 {c.VetoMonths} 个月（否决）",
        _ => "",
    };
}

/// <summary>Builds the reply clock from the inspection settings and calendar (the same ones the inspection uses).</summary>
public sealed class ReplyDeadlines(InspectionSettingsStore settingsStore, CalendarProvider calendars, RuleCatalog catalog, TimeProvider clock)
{
    public async Task<ReplyClock> NowAsync(CancellationToken ct) => await AtAsync(clock.GetUtcNow().UtcDateTime, ct);

    public async Task<ReplyClock> AtAsync(DateTime nowUtc, CancellationToken ct)
    {
        var settings = await settingsStore.GetAsync(ct);
        var d10 = settings.For(catalog.Find(UnansweredMessageRule.RuleId)!);
        WorkingCalendar calendar;
        try
        {
            calendar = calendars.Get(settings);
        }
        catch (CalendarFileException)
        {
            // The inspection reports a broken calendar; the inbox still shows deadlines, by weekends only.
            calendar = WorkingCalendar.WeekendsOnly();
        }
        var zone = NewMediaCms.Core.Tenancy.TenantClock.FindZone(settings.TimeZoneId);
        return new ReplyClock(calendar, zone, nowUtc, MessageDeadlines.WarnDays(d10), MessageDeadlines.DeductDays(d10), MessageDeadlines.VetoMonths(d10));
    }
}
