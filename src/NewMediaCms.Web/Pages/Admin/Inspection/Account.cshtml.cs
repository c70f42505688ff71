using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Identity;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>One account in one run: findings with evidence; issue a rectification, record a manual flag, lifecycle actions.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class AccountModel(InspectionReports reports, AccountDirectory accounts, ManualFlags flags, RectificationService rectifications, AccountLifecycleService lifecycle,
    TimeProvider clock, NewMediaCms.Tenancy.TenantRegistry registry) : PageModel
{
    [FromRoute] public long RunId { get; set; }
    [FromRoute] public string AccountId { get; set; } = "";

    public InspectionRun? Run { get; private set; }
    public InspectionAccountResult? Result { get; private set; }
    public AccountRecord? Account { get; private set; }
    public List<InspectionFinding> Findings { get; private set; } = [];
    public List<RectificationNotice> Notices { get; private set; } = [];
    public List<ManualFlag> Flags { get; private set; } = [];
    public IReadOnlyList<AccountFilingRecord> History { get; private set; } = [];
    public string? Message { get; private set; }
    public string DefaultDeadline { get; private set; } = "";
    /// <summary>The account's unfinished notice of this run, if one was issued (one notice per account).</summary>
    public RectificationNotice? OpenNotice => Notices.FirstOrDefault(n => n.RunId == RunId && n.State != RectificationState.Accepted);
    public bool CanManage => User.IsInRole(Roles.MatrixAdmin) || User.IsInRole(Roles.SystemAdmin);

    /// <summary>Suspend, close, cancel and merge live on the account screens (in the account's department).</summary>
    public string ManageUrl => $"{registry.Find(Account?.TenantId ?? "")?.PathBase}/admin/accounts/{Uri.EscapeDataString(AccountId)}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        Run = await reports.RunAsync(RunId, ct);
        Account = await accounts.FindAcrossDepartmentsAsync(AccountId, ct);
        if (Run is null || Account is null)
        {
            return NotFound();
        }
        Result = await reports.ResultAsync(RunId, AccountId, ct);
        Findings = await reports.FindingsAsync(RunId, AccountId, ct);
        Notices = await reports.NoticesOfAccountAsync(AccountId, ct);
        Flags = await reports.FlagsAsync(AccountId, ct);
        History = await lifecycle.HistoryAsync(AccountId, ct);
        DefaultDeadline = InspectionPageData.Clock(clock).Today.AddDays(15).ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(long[] findingIds, DateOnly deadline, string? requirement, CancellationToken ct)
        => await Act(async () =>
        {
            if (findingIds.Length == 0)
            {
                throw new RectificationException("请至少选择一项问题。");
            }
            var notice = await rectifications.IssueAsync(RunId, AccountId, findingIds, deadline, requirement ?? "", User.Identity?.Name ?? "", ct);
            return $"已下发整改通知（第 {notice.Id} 号），覆盖 {notice.Items.Count} 项问题，期限 {deadline:yyyy-MM-dd}。";
        });

    public async Task<IActionResult> OnPostFlagAsync(string ruleId, string note, CancellationToken ct)
        => await Act(async () =>
        {
            await flags.RecordAsync(AccountId, ruleId, note ?? "", User.Identity?.Name ?? "", ct);
            return $"已记录 {ruleId}，下次检查计入。";
        });

    public async Task<IActionResult> OnPostWithdrawFlagAsync(long flagId, CancellationToken ct)
        => await Act(async () =>
        {
            await flags.WithdrawAsync(flagId, User.Identity?.Name ?? "", ct);
            return "已撤销该人工认定。";
        });

    public async Task<IActionResult> OnPostFiledAsync(long eventId, DateOnly filedOn, string filingNumber, CancellationToken ct)
    {
        if (!CanManage)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await Act(async () =>
        {
            await lifecycle.RecordFilingAsync(eventId, filedOn, filingNumber ?? "", User.Identity?.Name, ct);
            return "已登记备案。";
        });
    }

    private async Task<IActionResult> Act(Func<Task<string>> action)
    {
        try
        {
            TempData["InspectionMessage"] = await action();
        }
        catch (InvalidOperationException ex) when (ex is RectificationException or AccountLifecycleException)
        {
            TempData["InspectionMessage"] = "操作未完成：" + ex.Message;
        }
        return Redirect($"{Request.PathBase}/admin/inspection/runs/{RunId}/accounts/{Uri.EscapeDataString(AccountId)}");
    }
}
