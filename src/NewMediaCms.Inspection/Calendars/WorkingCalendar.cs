using System.Globalization;
using System.Text.Json;

namespace NewMediaCms.Inspection.Calendars;

/// <summary>
/// The PRC working-day calendar as data: weekends are off, public holidays are off, make-up working days
/// (调休上班, often a Saturday or Sunday) are on. Years without a file fall back to weekends only, and say so.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, string> _holidays;
    private readonly Dictionary<DateOnly, string> _workdays;

    public WorkingCalendar(string region, IReadOnlyDictionary<DateOnly, string> holidays, IReadOnlyDictionary<DateOnly, string> workdays,
        IReadOnlyCollection<int> years, IReadOnlyCollection<int> provisionalYears)
    {
        Region = region;
        _holidays = new Dictionary<DateOnly, string>(holidays);
        _workdays = new Dictionary<DateOnly, string>(workdays);
        Years = years.OrderBy(y => y).ToList();
        ProvisionalYears = provisionalYears.OrderBy(y => y).ToList();
    }

    public string Region { get; }

    public IReadOnlyList<int> Years { get; }

    public IReadOnlyList<int> ProvisionalYears { get; }

    /// <summary>A calendar with weekends only (no file loaded).</summary>
    public static WorkingCalendar WeekendsOnly(string region = "weekends")
        => new(region, new Dictionary<DateOnly, string>(), new Dictionary<DateOnly, string>(), [], []);

    public bool Covers(int year) => Years.Contains(year);

    public bool IsWorkingDay(DateOnly date)
    {
        if (_workdays.ContainsKey(date))
        {
            return true;
        }
        if (_holidays.ContainsKey(date))
        {
            return false;
        }
        return date.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
    }

    public string? HolidayName(DateOnly date) => _holidays.GetValueOrDefault(date);

    /// <summary>The date that is <paramref name="days"/> working days after <paramref name="start"/> (the start day itself is not counted).</summary>
    public DateOnly AddWorkingDays(DateOnly start, int days)
    {
        var date = start;
        var left = days;
        while (left > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                left--;
            }
        }
        return date;
    }

    /// <summary>Working days strictly after <paramref name="from"/> up to and including <paramref name="to"/>.</summary>
    public int WorkingDaysBetween(DateOnly from, DateOnly to)
    {
        var count = 0;
        for (var d = from.AddDays(1); d <= to; d = d.AddDays(1))
        {
            if (IsWorkingDay(d))
            {
                count++;
            }
        }
        return count;
    }

    /// <summary>A note for the run report when a date falls in a year the calendar does not cover, or covers provisionally.</summary>
    public string? CoverageNote(int year)
        => !Covers(year) ? $"工作日历未包含 {year} 年（{Region}），该年仅按周末计算。"
            : ProvisionalYears.Contains(year) ? $"{year} 年工作日历为暂定安排（{Region}），正式安排公布后请替换。" : null;
}

/// <summary>A calendar file that cannot be used; the message names the file and the entry.</summary>
public sealed class CalendarFileException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Loads "{region}-{year}.json" files from a folder.</summary>
public static class WorkingCalendarLoader
{
    public static string DefaultFolder => Path.Combine(AppContext.BaseDirectory, "Calendars");

    public static WorkingCalendar Load(string folder, string region)
    {
        if (!Directory.Exists(folder))
        {
            throw new CalendarFileException($"工作日历目录 “{folder}” 不存在。");
        }
        var holidays = new Dictionary<DateOnly, string>();
        var workdays = new Dictionary<DateOnly, string>();
        var years = new List<int>();
        var provisional = new List<int>();
        var files = Directory.GetFiles(folder, region + "-*.json").OrderBy(f => f, StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            throw new CalendarFileException($"工作日历目录 “{folder}” 中没有 “{region}-年份.json” 文件。");
        }
        foreach (var file in files)
        {
            var year = LoadFile(file, holidays, workdays, out var isProvisional);
            years.Add(year);
            if (isProvisional)
            {
                provisional.Add(year);
            }
        }
        return new WorkingCalendar(region, holidays, workdays, years, provisional);
    }

    internal static int LoadFile(string file, Dictionary<DateOnly, string> holidays, Dictionary<DateOnly, string> workdays, out bool provisional)
    {
        var name = Path.GetFileName(file);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException ex)
        {
            throw new CalendarFileException($"工作日历文件 {name} 不是有效的 JSON：{ex.Message}", ex);
        }
        using (doc)
        {
            var root = doc.RootElement;
            if (!root.TryGetProperty("year", out var y) || y.ValueKind != JsonValueKind.Number || !y.TryGetInt32(out var year))
            {
                throw new CalendarFileException($"工作日历文件 {name} 缺少整数字段 “year”。");
            }
            provisional = root.TryGetProperty("provisional", out var p) && p.ValueKind == JsonValueKind.True;
            Read(root, "holidays", holidays, workdays);
            Read(root, "workdays", workdays, holidays);
            return year;

            void Read(JsonElement r, string property, Dictionary<DateOnly, string> into, Dictionary<DateOnly, string> other)
            {
                if (!r.TryGetProperty(property, out var list))
                {
                    return;
                }
                if (list.ValueKind != JsonValueKind.Array)
                {
                    throw new CalendarFileException($"工作日历文件 {name} 的 “{property}” 必须是数组。");
                }
                var index = 0;
                foreach (var entry in list.EnumerateArray())
                {
                    var text = entry.ValueKind == JsonValueKind.String ? entry.GetString()
                        : entry.TryGetProperty("date", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                    var label = entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString()! : "";
                    if (text is null || !DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                    {
                        throw new CalendarFileException($"工作日历文件 {name} 的 {property}[{index}] 日期 “{text ?? entry.GetRawText()}” 无效，应为 yyyy-MM-dd 格式的真实日期。");
                    }
                    if (date.Year != year)
                    {
                        throw new CalendarFileException($"工作日历文件 {name} 的 {property}[{index}] 日期 {text} 不在 {year} 年内。");
                    }
                    if (other.ContainsKey(date))
                    {
                        throw new CalendarFileException($"工作日历文件 {name} 的 {property}[{index}] 日期 {text} 同时被列为节假日和调休上班日。");
                    }
                    into[date] = label;
                    index++;
                }
            }
        }
    }
}
