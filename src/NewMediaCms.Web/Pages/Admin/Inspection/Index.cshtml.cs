using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class IndexModel(NmcDbContext db, InspectionRunner runner, RuleCatalog catalog) : PageModel
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

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        Runs = await db.Set<InspectionRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(50).ToListAsync(ct);
        Current = await InspectionPageData.RunOrLatestAsync(db, Run, ct);
        Departments = (await db.Set<Tenant>().AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Id).Select(t => new { t.Id, t.DisplayName }).ToListAsync(ct))
            .Select(t => (t.Id, t.DisplayName)).ToList();
        Rules = catalog.All.Select(r => (r.Id, r.Title)).ToList();
        if (Current is null)
        {
            return;
        }
        Outcomes = System.Text.Json.JsonSerializer.Deserialize<List<RuleOutcome>>(Current.RulesJson, InspectionSettings.Json) ?? [];
        var q = db.Set<InspectionAccountResult>().AsNoTracking().Where(r => r.RunId == Current.Id);
        if (!string.IsNullOrEmpty(Department))
        {
            q = q.Where(r => r.TenantId == Department);
        }
        if (Enum.TryParse<Platform>(Platform, out var platform))
        {
            q = q.Where(r => r.Platform == platform);
        }
        if (Enum.TryParse<AccountStatus>(Status, out var status))
        {
            q = q.Where(r => r.Status == status);
        }
        var rows = await q.OrderBy(r => r.TenantId).ThenBy(r => r.Platform).ThenBy(r => r.AccountId).ToListAsync(ct);
        if (!string.IsNullOrEmpty(Rule))
        {
            rows = rows.Where(r => r.RulesBroken.Split(',').Contains(Rule)).ToList();
        }
        Rows = rows;
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
