using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>
/// 整改通知. Matrix roles see every department's notices and accept or reopen answers; a department admin sees
/// only their department's notices (the tenant filter) and answers them.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class RectificationsModel(InspectionReports reports, TenantRegistry registry, ITenantContext tenant, RectificationService service, TimeProvider clock) : PageModel
{
    public List<RectificationNotice> Notices { get; private set; } = [];
    public Dictionary<string, string> Departments { get; private set; } = new();
    public DateOnly Today { get; private set; }
    public bool IsMatrix { get; private set; }
    public bool CanAnswer { get; private set; }
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        IsMatrix = TenantPolicies.HasMatrixRole(User);
        CanAnswer = TenantPolicies.CanManage(User, tenant.Current) && !IsMatrix;
        Today = InspectionPageData.Clock(clock).Today;
        Notices = await reports.NoticesAsync(IsMatrix, ct);
        Departments = registry.All.ToDictionary(t => t.Id, t => t.DisplayName);
    }

    public async Task<IActionResult> OnPostAnswerAsync(long id, string note, CancellationToken ct)
    {
        if (!TenantPolicies.CanManage(User, tenant.Current))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await Act(() => service.AnswerAsync(id, note, User.Identity?.Name ?? "", ct), "已提交整改情况，等待检查员审核。");
    }

    public async Task<IActionResult> OnPostReviewAsync(long id, bool accept, string? note, CancellationToken ct)
    {
        if (!TenantPolicies.HasMatrixRole(User))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await Act(() => service.ReviewAsync(id, accept, note ?? "", User.Identity?.Name ?? "", ct), accept ? "已通过整改。" : "已退回重改。");
    }

    private async Task<IActionResult> Act(Func<Task> action, string done)
    {
        try
        {
            await action();
            TempData["InspectionMessage"] = done;
        }
        catch (RectificationException ex)
        {
            TempData["InspectionMessage"] = "操作未完成：" + ex.Message;
        }
        return Redirect($"{Request.PathBase}/admin/inspection/rectifications");
    }
}
