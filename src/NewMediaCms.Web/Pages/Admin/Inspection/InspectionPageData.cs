using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>Small shared reads and formatting for the inspection pages.</summary>
internal static class InspectionPageData
{
    public static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public static string Local(DateTime? utc, string format = "yyyy-MM-dd HH:mm")
        => utc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(utc.Value, China).ToString(format);

    public static async Task<InspectionRun?> RunOrLatestAsync(NmcDbContext db, long? id, CancellationToken ct)
        => id is { } runId
            ? await db.Set<InspectionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == runId, ct)
            : await db.Set<InspectionRun>().AsNoTracking().Where(r => r.State == RunState.Succeeded).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public static List<Evidence> Evidence(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<List<Evidence>>(json, InspectionSettings.Json) ?? [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string StatusClass(AccountStatus status) => status switch
    {
        AccountStatus.Veto => "status-veto",
        AccountStatus.Fail => "status-fail",
        AccountStatus.Warning => "status-warning",
        AccountStatus.Pass => "status-pass",
        _ => "status-none",
    };

    public static double PassShare(InspectionRun r) => r.Inspected == 0 ? 0 : (double)(r.Passed + r.Warned) / r.Inspected;
}
