using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>What got better or worse between two runs, per account and per finding.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class CompareModel(InspectionReports reports) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? A { get; set; }
    [BindProperty(SupportsGet = true)] public long? B { get; set; }

    public List<InspectionRun> Runs { get; private set; } = [];
    public InspectionRun? Before { get; private set; }
    public InspectionRun? After { get; private set; }
    public List<Change> Changes { get; private set; } = [];
    public List<(string Account, string Rule)> NewFindings { get; private set; } = [];
    public List<(string Account, string Rule)> Resolved { get; private set; } = [];

    public sealed record Change(string AccountId, string Name, string Department, AccountStatus? From, AccountStatus? To, double? ScoreFrom, double? ScoreTo, ChangeDirection Direction, string Label);

    public async Task OnGetAsync(CancellationToken ct)
    {
        Runs = await reports.SucceededRunsAsync(100, ct);
        After = B is { } b ? Runs.FirstOrDefault(r => r.Id == b) : Runs.FirstOrDefault();
        Before = A is { } a ? Runs.FirstOrDefault(r => r.Id == a) : Runs.FirstOrDefault(r => After is not null && r.Id < After.Id);
        if (Before is null || After is null)
        {
            return;
        }
        var before = await reports.ResultsByAccountAsync(Before.Id, ct);
        var after = await reports.ResultsByAccountAsync(After.Id, ct);
        foreach (var id in before.Keys.Union(after.Keys).Order(StringComparer.Ordinal))
        {
            var x = before.GetValueOrDefault(id);
            var y = after.GetValueOrDefault(id);
            if (x?.Status != y?.Status || x?.Score != y?.Score)
            {
                var (direction, label) = RunComparison.Compare(x, y);
                Changes.Add(new Change(id, (y ?? x)!.AccountName, (y ?? x)!.DepartmentName, x?.Status, y?.Status, x?.Score, y?.Score, direction, label));
            }
        }
        var fb = await reports.FindingKeysAsync(Before.Id, ct);
        var fa = await reports.FindingKeysAsync(After.Id, ct);
        NewFindings = fa.Except(fb).Order().ToList();
        Resolved = fb.Except(fa).Order().ToList();
    }
}
