using System.Globalization;
using System.Text.RegularExpressions;

namespace NewMediaCms.Core.Recipes;

/// <summary>
/// Dates in recipes are absolute (ISO 8601) or relative to the moment the recipe runs, so a demo stays
/// realistic whenever it is set up: "now", "now-2h", "today-37d 09:30", "today+3d".
/// Relative days are calendar days in the recipe's time zone.
/// </summary>
public static partial class RecipeDates
{
    [GeneratedRegex(@"^(?<base>now|today)(?:(?<sign>[+-])(?<n>\d+)(?<unit>[dhm]))?(?:\s+(?<hh>\d{1,2}):(?<mm>\d{2}))?$")]
    private static partial Regex Relative();

    public static bool TryParseUtc(string text, DateTimeOffset now, TimeZoneInfo zone, out DateTime utc)
    {
        utc = default;
        var m = Relative().Match(text.Trim());
        if (m.Success)
        {
            var local = TimeZoneInfo.ConvertTime(now, zone);
            var value = m.Groups["base"].Value == "today" ? new DateTimeOffset(local.Date, local.Offset) : local;
            if (m.Groups["n"].Success)
            {
                var n = int.Parse(m.Groups["n"].Value, CultureInfo.InvariantCulture) * (m.Groups["sign"].Value == "-" ? -1 : 1);
                value = m.Groups["unit"].Value switch
                {
                    "d" => value.AddDays(n),
                    "h" => value.AddHours(n),
                    _ => value.AddMinutes(n),
                };
            }
            if (m.Groups["hh"].Success)
            {
                var hh = int.Parse(m.Groups["hh"].Value, CultureInfo.InvariantCulture);
                var mm = int.Parse(m.Groups["mm"].Value, CultureInfo.InvariantCulture);
                if (hh > 23 || mm > 59)
                {
                    return false;
                }
                value = new DateTimeOffset(value.Date.AddHours(hh).AddMinutes(mm), value.Offset);
            }
            // Re-resolve the offset for the target day (zones with daylight saving).
            var wall = DateTime.SpecifyKind(value.DateTime, DateTimeKind.Unspecified);
            utc = TimeZoneInfo.ConvertTimeToUtc(wall, zone);
            return true;
        }
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var absolute))
        {
            if (!HasOffset(text))
            {
                var wall = DateTime.SpecifyKind(absolute.DateTime, DateTimeKind.Unspecified);
                utc = TimeZoneInfo.ConvertTimeToUtc(wall, zone);
                return true;
            }
            utc = absolute.UtcDateTime;
            return true;
        }
        return false;
    }

    public static DateTime ParseUtc(string text, DateTimeOffset now, TimeZoneInfo zone)
        => TryParseUtc(text, now, zone, out var utc)
            ? utc
            : throw new FormatException($"无法识别的日期 “{text}”（可用 ISO 8601，或 now、now-2h、today-3d 09:30 这样的相对日期）。");

    private static bool HasOffset(string text)
        => text.EndsWith('Z') || Regex.IsMatch(text, @"[+-]\d{2}:?\d{2}$");
}
