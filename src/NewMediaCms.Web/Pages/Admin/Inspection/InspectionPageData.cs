using System.Text.Json;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>Small shared reads and formatting for the inspection pages.</summary>
internal static class InspectionPageData
{
    /// <summary>The matrix's wall clock on the inspection pages (the national default zone, as the pages have always shown).</summary>
    public static TenantClock Clock(TimeProvider time) => TenantClock.For(TenantClock.DefaultZoneId, time);

    private static readonly TenantClock Display = Clock(TimeProvider.System);

    public static string Local(DateTime? utc, string format = "yyyy-MM-dd HH:mm")
        => utc is null ? "" : Display.ToLocal(utc.Value).ToString(format);

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

    /// <summary>The one definition of 合格 and its share (<see cref="NewMediaCms.Inspection.Reports.InspectionCounting"/>).</summary>
    public static double PassShare(InspectionRun r) => NewMediaCms.Inspection.Reports.InspectionCounting.PassShare(r);

    public static int Passing(InspectionRun r) => NewMediaCms.Inspection.Reports.InspectionCounting.Passing(r);
}
