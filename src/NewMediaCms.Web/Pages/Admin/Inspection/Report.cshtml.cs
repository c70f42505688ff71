using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>The quarterly circular (通报): the quarter's last run, per-department results, veto and clean-up lists, rectifications.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class ReportModel(InspectionReports reports, TenantRegistry registry) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Run { get; set; }

    public InspectionRun? Current { get; private set; }
    public string Jurisdiction { get; private set; } = "";
    public string Quarter { get; private set; } = "";
    public List<DepartmentLine> Lines { get; private set; } = [];
    public List<InspectionAccountResult> Vetoed { get; private set; } = [];
    public List<InspectionAccountResult> CleanUp { get; private set; } = [];
    public List<InspectionFinding> VetoFindings { get; private set; } = [];
    public int QuarterRuns { get; private set; }
    public int NoticesIssued { get; private set; }
    public int NoticesAccepted { get; private set; }
    public int NoticesOverdue { get; private set; }

    public sealed record DepartmentLine(string Name, int Inspected, int Passing, int Vetoed, double AverageScore);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Jurisdiction = registry.Portal?.DisplayName ?? "";
        Current = await reports.RunOrLatestAsync(Run, ct);
        if (Current is null)
        {
            return;
        }
        var clock = InspectionPageData.Clock(TimeProvider.System);
        var local = clock.ToLocal(Current.AsOfUtc);
        var q = (local.Month - 1) / 3 + 1;
        Quarter = $"{local.Year} 年第{"一二三四"[q - 1]}季度";
        var quarterStart = clock.StartOfDayUtc(new DateOnly(local.Year, (q - 1) * 3 + 1, 1));
        QuarterRuns = await reports.SucceededRunsBetweenAsync(quarterStart, Current.AsOfUtc, ct);
        var rows = (await reports.ResultsByAccountAsync(Current.Id, ct)).Values.ToList();
        Lines = rows.Where(r => r.Status != AccountStatus.NotInspected).GroupBy(r => r.DepartmentName)
            .Select(g => new DepartmentLine(g.Key, g.Count(), g.Count(r => InspectionCounting.IsPassing(r.Status)), g.Count(r => r.Status == AccountStatus.Veto),
                g.Where(r => r.Status != AccountStatus.Veto).Select(r => r.Score).DefaultIfEmpty(0).Average()))
            .OrderByDescending(l => l.Inspected == 0 ? 0 : (double)l.Passing / l.Inspected).ThenBy(l => l.Name).ToList();
        Vetoed = rows.Where(r => r.Status == AccountStatus.Veto).OrderBy(r => r.DepartmentName).ToList();
        CleanUp = rows.Where(r => r.Status != AccountStatus.NotInspected && InspectionCounting.IsCleanUp(r.RulesBroken)).OrderBy(r => r.DepartmentName).ToList();
        VetoFindings = await reports.FindingsAsync(Current.Id, Severity.Veto, ct);
        var notices = await reports.NoticesIssuedSinceAsync(quarterStart, ct);
        var today = DateOnly.FromDateTime(local);
        NoticesIssued = notices.Count;
        NoticesAccepted = notices.Count(n => n.State == RectificationState.Accepted);
        NoticesOverdue = notices.Count(n => n.IsOverdue(today));
    }
}
