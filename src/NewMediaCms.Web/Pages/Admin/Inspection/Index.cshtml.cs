using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class IndexModel(InspectionReports reports, TenantRegistry registry, InspectionRunner runner, RuleCatalog catalog) : PageModel
{
    [BindProperty(SupportsGet = true)] public long? Run { get; set; }
    [BindProperty(SupportsGet = true)] public string? Department { get; set; }
    [BindProperty(SupportsGet = true)] public string? Platform { get; set; }
    [BindProperty(SupportsGet = true)] public string? Status { get; set; }
    [BindProperty(SupportsGet = true)] public string? Rule { get; set; }

    public InspectionRun? Current { get; private set; }
    public List<InspectionRun> Runs { get; private set; } = [];
    public List<InspectionAccountResult> Rows { get; private set; } = [];
    public List<(string Id, string Name)> Departments { get; private set; } = [];
    public List<(string Id, string Title)> Rules { get; private set; } = [];
    public List<RuleOutcome> Outcomes { get; private set; } = [];
    public string? Message { get; private set; }

    /// <summary>The filter on screen; the export links carry it.</summary>
    public ResultFilter Filter => ResultFilter.Parse(Department, Platform, Status, Rule);

    /// <summary>With a rule chosen: that rule's findings on the listed accounts, with their evidence.</summary>
    public List<InspectionFinding> RuleFindings { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        Runs = await reports.RecentRunsAsync(50, ct);
        Current = await reports.RunOrLatestAsync(Run, ct);
        Departments = registry.All.Select(t => (t.Id, t.DisplayName)).ToList();
        Rules = catalog.All.Select(r => (r.Id, r.Title)).ToList();
        if (Current is null)
        {
            return;
        }
        Outcomes = System.Text.Json.JsonSerializer.Deserialize<List<RuleOutcome>>(Current.RulesJson, InspectionSettings.Json) ?? [];
        Rows = await reports.ResultsAsync(Current.Id, Filter, ct);
        if (Filter.Rule is not null)
        {
            RuleFindings = await reports.FindingsAsync(Current.Id, Filter, Rows.Select(r => r.AccountId).ToList(), ct);
        }
    }

    public async Task<IActionResult> OnPostRunAsync(CancellationToken ct)
    {
        var run = await runner.RunAsync(User.Identity?.Name ?? "检查员", ct);
        TempData["InspectionMessage"] = run.State == RunState.Succeeded
            ? $"检查完成：第 {run.Id} 次，检查账号 {run.Inspected} 个，发现问题 {run.FindingCount} 条。"
            : $"检查失败：{run.Error}";
        return Redirect($"{Request.PathBase}/admin/inspection?run={run.Id}");
    }
}
