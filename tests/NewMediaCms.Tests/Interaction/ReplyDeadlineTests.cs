using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Inspection;

namespace NewMediaCms.Tests.Interaction;

/// <summary>Reply deadlines count working days of the PRC calendar: holidays off, make-up Saturdays on.</summary>
public sealed class ReplyDeadlineTests
{
    private static ReplyClock At(int year, int month, int day, int hour = 10) => new(Matrix.Calendar, Matrix.China, Matrix.Local(year, month, day, hour), 5, 15, 3);

    private static CitizenMessage Open(DateTime receivedUtc) => new() { Status = MessageStatus.Open, ReceivedUtc = receivedUtc };

    [Fact]
    public void A_message_received_the_day_before_national_day_is_due_on_13_october_not_7_october()
    {
        var received = Matrix.Local(2026, 9, 30);
        // 1–7 October are holidays; 8, 9, the make-up Saturday 10, 12 and 13 October are the five working days.
        Assert.Equal(new DateOnly(2026, 10, 13), At(2026, 9, 30).Due(received));
        Assert.Equal(new DateOnly(2026, 10, 7), MessageDeadlines.Due(WorkingCalendar.WeekendsOnly(), Matrix.China, received, 5));
    }

    [Fact]
    public void Across_the_holiday_the_message_is_not_overdue_on_its_due_day_and_overdue_the_day_after()
    {
        var m = Open(Matrix.Local(2026, 9, 30));
        Assert.Equal(Overdue.None, At(2026, 10, 13, 23).Of(m));
        Assert.Equal(Overdue.Warn, At(2026, 10, 14, 0).Of(m));
        // Weekends only, it would already have been overdue on 8 October.
        var weekends = new ReplyClock(WorkingCalendar.WeekendsOnly(), Matrix.China, Matrix.Local(2026, 10, 8), 5, 15, 3);
        Assert.Equal(Overdue.Warn, weekends.Of(m));
        Assert.Equal(Overdue.None, At(2026, 10, 8).Of(m));
    }

    [Fact]
    public void Fifteen_working_days_after_a_message_before_the_holiday_fall_on_27_october()
    {
        var m = Open(Matrix.Local(2026, 9, 30));
        // 8, 9, 10, 12–16, 19–23, 26, 27 October: the 15th working day is 27 October.
        Assert.Equal(Overdue.Warn, At(2026, 10, 27, 23).Of(m));
        Assert.Equal(Overdue.Deduct, At(2026, 10, 28, 0).Of(m));
    }

    [Fact]
    public void The_time_a_reply_took_is_counted_in_working_days_and_a_weekend_reply_after_the_deadline_is_late()
    {
        var c = At(2026, 11, 27);
        Assert.Equal(0, c.WorkingDaysTaken(Matrix.Local(2026, 9, 30, 9), Matrix.Local(2026, 9, 30, 17)));
        Assert.Equal(5, c.WorkingDaysTaken(Matrix.Local(2026, 9, 30), Matrix.Local(2026, 10, 13)));
        Assert.Equal(3, c.WorkingDaysTaken(Matrix.Local(2026, 9, 30), Matrix.Local(2026, 10, 10)));   // the make-up Saturday counts
        Assert.Equal(1, c.WorkingDaysTaken(Matrix.Local(2026, 9, 30), Matrix.Local(2026, 10, 3)));    // a holiday reply: one more than the 0 days before it
        Assert.Equal(16, c.WorkingDaysTaken(Matrix.Local(2026, 11, 6), Matrix.Local(2026, 11, 28)));  // Saturday after the 15th working day (27 Nov)
        Assert.Equal(15, c.WorkingDaysTaken(Matrix.Local(2026, 11, 6), Matrix.Local(2026, 11, 27)));
    }

    [Fact]
    public void The_overdue_cut_off_is_the_start_of_the_day_after_the_last_receipt_day_whose_deadline_has_passed()
    {
        // Friday 27 November 2026: a message of Thursday 19 November was due on 26 November (overdue), one of 20 November is due today.
        Assert.Equal(Matrix.Local(2026, 11, 20, 0), MessageDeadlines.OverdueBeforeUtc(Matrix.Calendar, Matrix.China, Matrix.Now, 5));
        Assert.Equal(Matrix.Local(2026, 11, 6, 0), MessageDeadlines.OverdueBeforeUtc(Matrix.Calendar, Matrix.China, Matrix.Now, 15));
        Assert.Equal(Matrix.Local(2026, 8, 27, 10), MessageDeadlines.MonthsBeforeUtc(Matrix.China, Matrix.Now, 3));
    }
}
