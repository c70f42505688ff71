using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>One account in one run: findings with evidence; issue a rectification, record a manual flag, lifecycle actions.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class AccountModel(NmcDbContext db, ITenantContext tenant, RectificationService rectifications, AccountLifecycleService lifecycle, TimeProvider clock) : PageModel
{
    [FromRoute] public long RunId { get; set; }
    [FromRoute] public string AccountId { get; set; } = "";

    public InspectionRun? Run { get; private set; }
    public InspectionAccountResult? Result { get; private set; }
    public Account? Account { get; private set; }
    public List<InspectionFinding> Findings { get; private set; } = [];
    public List<RectificationNotice> Notices { get; private set; } = [];
    public List<ManualFlag> Flags { get; private set; } = [];
    public IReadOnlyList<AccountFilingEvent> History { get; private set; } = [];
    public List<Account> MergeTargets { get; private set; } = [];
    public string? Message { get; private set; }
    public string DefaultDeadline { get; private set; } = "";
    public bool CanManage => User.IsInRole(Roles.MatrixAdmin) || User.IsInRole(Roles.SystemAdmin);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        Run = await db.Set<InspectionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == RunId, ct);
        Account = await db.Set<Account>().AcrossTenants().AsNoTracking().FirstOrDefaultAsync(a => a.Id == AccountId, ct);
        if (Run is null || Account is null)
        {
            return NotFound();
        }
        Result = await db.Set<InspectionAccountResult>().AsNoTracking().FirstOrDefaultAsync(r => r.RunId == RunId && r.AccountId == AccountId, ct);
        Findings = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == RunId && f.AccountId == AccountId).OrderBy(f => f.RuleId).ToListAsync(ct);
        Notices = await db.Set<RectificationNotice>().AcrossTenants().AsNoTracking().Where(n => n.AccountId == AccountId).OrderByDescending(n => n.Id).ToListAsync(ct);
        Flags = await db.Set<ManualFlag>().AcrossTenants().AsNoTracking().Where(f => f.AccountId == AccountId && f.WithdrawnUtc == null).ToListAsync(ct);
        History = await lifecycle.HistoryAsync(AccountId, ct);
        MergeTargets = await db.Set<Account>().AcrossTenants().AsNoTracking()
            .Where(a => a.Id != AccountId && (a.State == AccountState.Active || a.State == AccountState.Suspended)).OrderBy(a => a.TenantId).ThenBy(a => a.Id).ToListAsync(ct);
        DefaultDeadline = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(clock.GetUtcNow().UtcDateTime, InspectionPageData.China)).AddDays(15).ToString("yyyy-MM-dd");
        return Page();
    }

    public async Task<IActionResult> OnPostIssueAsync(long findingId, DateOnly deadline, string? requirement, CancellationToken ct)
        => await Act(async () =>
        {
            var notice = await rectifications.IssueAsync(findingId, deadline, requirement ?? "", User.Identity?.Name ?? "", ct);
            return $"已下发整改通知（第 {notice.Id} 号），期限 {deadline:yyyy-MM-dd}。";
        });

    public async Task<IActionResult> OnPostFlagAsync(string ruleId, string note, CancellationToken ct)
        => await Act(async () =>
        {
            if (!RuleCatalog.ManualRuleIds.Contains(ruleId) || string.IsNullOrWhiteSpace(note))
            {
                throw new RectificationException("请选择人工认定的规则并填写认定情况。");
            }
            var account = await db.Set<Account>().AcrossTenants().FirstAsync(a => a.Id == AccountId, ct);
            using (tenant.BeginMatrixScope())
            {
                db.Add(new ManualFlag { TenantId = account.TenantId, AccountId = account.Id, RuleId = ruleId, Note = note.Trim(), RecordedBy = User.Identity?.Name ?? "", RecordedUtc = clock.GetUtcNow().UtcDateTime });
                await db.SaveChangesAsync(ct);
            }
            return $"已记录 {ruleId}，下次检查计入。";
        });

    public async Task<IActionResult> OnPostWithdrawFlagAsync(long flagId, CancellationToken ct)
        => await Act(async () =>
        {
            using (tenant.BeginMatrixScope())
            {
                var flag = await db.Set<ManualFlag>().AcrossTenants().FirstAsync(f => f.Id == flagId, ct);
                flag.WithdrawnUtc = clock.GetUtcNow().UtcDateTime;
                await db.SaveChangesAsync(ct);
            }
            return "已撤销该人工认定。";
        });

    public async Task<IActionResult> OnPostLifecycleAsync(string action, string? note, string? target, CancellationToken ct)
    {
        if (!CanManage)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await Act(async () =>
        {
            var actor = User.Identity?.Name ?? "";
            switch (action)
            {
                case "suspend": await lifecycle.SuspendAsync(AccountId, actor, note ?? "", ct); return "账号已暂停。";
                case "close": await lifecycle.CloseAsync(AccountId, actor, note ?? "", ct); return "账号已关停，公开页面显示关停公告。";
                case "merge": await lifecycle.MergeAsync(AccountId, target ?? "", actor, note ?? "", ct); return "账号已合并，原地址跳转到目标账号。";
                default: throw new AccountLifecycleException("未知操作。");
            }
        });
    }

    public async Task<IActionResult> OnPostFiledAsync(long eventId, DateOnly filedOn, string filingNumber, CancellationToken ct)
    {
        if (!CanManage)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        return await Act(async () =>
        {
            await lifecycle.RecordFilingAsync(eventId, filedOn, filingNumber ?? "", ct);
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
