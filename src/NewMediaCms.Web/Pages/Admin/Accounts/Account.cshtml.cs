using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Accounts;

/// <summary>
/// One account of the department: its 备案 data, 变更 (with its filing; a new operating unit publishes a public notice),
/// suspend / resume, close (closure notice), cancel (注销), merge (its public URLs redirect), and the filing history.
/// Every action is recorded in the history and audited by its event (Accounts).
/// </summary>
[Authorize(Policy = TenantPolicies.ManageDepartment)]
public sealed class AccountModel(AccountDirectory accounts, AccountLifecycleService lifecycle, TenantRegistry registry) : PageModel
{
    [FromRoute] public string Id { get; set; } = "";

    public AccountRecord Account { get; private set; } = null!;
    public IReadOnlyList<AccountFilingRecord> History { get; private set; } = [];
    public List<AccountRecord> MergeTargets { get; private set; } = [];
    public AccountRecord? MergedInto { get; private set; }
    public string? Flash { get; private set; }
    public string? Problem { get; private set; }
    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    // The 变更 form (prefilled with the account's data).
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public AccountKind Kind { get; set; }
    [BindProperty] public string? OperatingUnit { get; set; }
    [BindProperty] public string? SupervisingUnit { get; set; }
    [BindProperty] public string? ResponsiblePerson { get; set; }
    [BindProperty] public string? Contact { get; set; }
    [BindProperty] public string? PlatformAccountId { get; set; }
    [BindProperty(Name = "Url")] public string? HomeUrl { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public string? ChangeNotice { get; set; }
    [BindProperty] public string? FilingNumber { get; set; }
    [BindProperty] public DateOnly? FiledOn { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        Flash = TempData["Message"] as string;
        Problem = TempData["Problem"] as string;
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        Name = Account.Name;
        Kind = Account.Kind;
        OperatingUnit = Account.OperatingUnit;
        SupervisingUnit = Account.SupervisingUnit;
        ResponsiblePerson = Account.ResponsiblePerson;
        Contact = Account.Contact;
        PlatformAccountId = Account.PlatformAccountId;
        HomeUrl = Account.Url;
        Description = Account.Description;
        return Page();
    }

    public async Task<IActionResult> OnPostChangeAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        var result = await lifecycle.ChangeDetailsAsync(Id, new AccountChange(Name ?? "", Description ?? "", Contact ?? "", ResponsiblePerson ?? "",
            OperatingUnit ?? "", SupervisingUnit ?? "", PlatformAccountId ?? "", HomeUrl ?? "", Kind, ChangeNotice, FilingNumber, FiledOn, Note), Actor, ct);
        if (result.Errors.Count > 0)
        {
            Errors = result.Errors;
            Problem = result.Errors.TryGetValue("state", out var state) ? state[0] : "变更未保存，请按提示修改后再提交。";
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        TempData["Message"] = result.Account!.ChangeNotice is { } notice && result.Account.OperatingUnit != Account.OperatingUnit
            ? $"变更已保存并记入备案记录；主办单位变更公告已在公开页面发布：{notice}"
            : "变更已保存，已记入备案记录。";
        return Back();
    }

    public Task<IActionResult> OnPostSuspendAsync(string? note, CancellationToken ct)
        => ActAsync(() => lifecycle.SuspendAsync(Id, Actor, note ?? "", ct), "账号已暂停更新。");

    public Task<IActionResult> OnPostResumeAsync(string? note, CancellationToken ct)
        => ActAsync(() => lifecycle.ResumeAsync(Id, Actor, note ?? "", ct), "账号已恢复运行。");

    public Task<IActionResult> OnPostCloseAsync(string? note, CancellationToken ct)
        => ActAsync(() => lifecycle.CloseAsync(Id, Actor, note ?? "", ct), "账号已关停：公开页面显示关停公告，原有地址和内容保留。");

    public Task<IActionResult> OnPostCancelAsync(string? note, bool confirm, CancellationToken ct)
        => ActAsync(() => confirm ? lifecycle.CancelAsync(Id, Actor, note ?? "", ct) : throw new AccountLifecycleException("注销不可撤销：请勾选“我确认注销该账号”后再提交。"),
            "账号已注销：公开页面显示注销公告。");

    public async Task<IActionResult> OnPostMergeAsync(string? target, string? note, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (target is null || !MergeTargets.Any(t => t.Id == target))
        {
            TempData["Problem"] = "操作未完成：请选择要并入的账号（本部门或矩阵内正常运行的账号）。";
            return Back();
        }
        return await ActAsync(() => lifecycle.MergeAsync(Id, target, Actor, note ?? "", ct), "账号已合并：原账号的公开地址永久跳转（301）到并入的账号。");
    }

    public async Task<IActionResult> OnPostFiledAsync(long eventId, DateOnly? filedOn, string? filingNumber, CancellationToken ct)
    {
        if (!await LoadAsync(ct))
        {
            return NotFound();
        }
        if (!History.Any(e => e.Id == eventId))
        {
            return NotFound();
        }
        if (filedOn is null || string.IsNullOrWhiteSpace(filingNumber))
        {
            TempData["Problem"] = "登记备案须填写备案日期和备案号。";
            return Back();
        }
        return await ActAsync(() => lifecycle.RecordFilingAsync(eventId, filedOn.Value, filingNumber, User.Identity?.Name, ct), "已登记备案。");
    }

    private string Actor => User.Identity?.Name ?? "";

    private async Task<IActionResult> ActAsync(Func<Task> action, string done)
    {
        // The account must be one of this department's (the tenant filter): the service itself acts across departments.
        if (await accounts.FindAsync(Id, HttpContext.RequestAborted) is null)
        {
            return NotFound();
        }
        try
        {
            await action();
            TempData["Message"] = done;
        }
        catch (AccountLifecycleException ex)
        {
            TempData["Problem"] = "操作未完成：" + ex.Message;
        }
        return Back();
    }

    private IActionResult Back() => Redirect($"{Request.PathBase}/admin/accounts/{Uri.EscapeDataString(Id)}");

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await accounts.FindAsync(Id, ct) is not { } account)
        {
            return false;
        }
        Account = account;
        History = await lifecycle.HistoryAsync(Id, ct);
        // A department administrator merges within the department; matrix administrators across the matrix.
        var crossDepartment = User.IsInRole(Core.Identity.Roles.MatrixAdmin) || User.IsInRole(Core.Identity.Roles.SystemAdmin);
        MergeTargets = (await accounts.MergeTargetsAsync(Id, ct)).Where(t => crossDepartment || t.TenantId == account.TenantId).ToList();
        MergedInto = account.MergedIntoAccountId is { } into ? await accounts.FindAcrossDepartmentsAsync(into, ct) : null;
        return true;
    }

    public string PublicUrl(AccountRecord a) => $"{registry.Find(a.TenantId)?.PathBase}/accounts/{Uri.EscapeDataString(a.Id)}";

    public string DepartmentName(string tenantId) => registry.Find(tenantId)?.DisplayName ?? tenantId;

    public string? Err(string key) => Errors.TryGetValue(key, out var e) ? string.Join(" ", e) : null;
}
