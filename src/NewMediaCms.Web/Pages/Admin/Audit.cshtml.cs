using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Audit;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The audit log of the whole matrix, newest first, filtered by department, user, action, subject and date; the chain
/// check and the export of a period as a signed archive. 三权分立: only the audit administrator comes here (the system
/// administrator and the department administrators do not read the log); every view, check and export is itself audited.
/// </summary>
[Authorize(Policy = TenantPolicies.AuditAdministration)]
public sealed class AuditModel(AuditLogQuery query, AuditVerifier verifier, AuditArchive archive, TenantRegistry registry,
    ITenantContext tenant, TimeProvider time) : PageModel
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true)]
    public string? Department { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Actor { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Action { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Subject { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "page")]
    public int PageNumber { get; set; } = 1;

    public List<AuditEntry> Entries { get; private set; } = [];

    public int Total { get; private set; }

    public AuditVerification? Verification { get; private set; }

    public string? ExportError { get; private set; }

    public IReadOnlyList<TenantInfo> Departments => registry.All;

    public string DepartmentName(string? tenantId) => tenantId is null ? "" : registry.Find(tenantId)?.DisplayName ?? tenantId;

    /// <summary>Times are shown, and the date filter read, on the wall clock of the department the page is opened in (the county's).</summary>
    public TenantClock Clock { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        await query.RecordViewAsync($"查看审计日志：{FilterText()}，第 {Math.Max(PageNumber, 1)} 页，共 {Total} 条", ct);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        Verification = await verifier.VerifyAndRecordAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    /// <summary>The days From..To (both included; empty: unbounded) as a signed archive.</summary>
    public async Task<IActionResult> OnPostExportAsync(CancellationToken ct)
    {
        Clock = tenant.Clock(time);
        if (From is { } f && To is { } t && t < f)
        {
            ExportError = "截止日期早于起始日期，请重新选择导出的时间段。";
            await LoadAsync(ct);
            return Page();
        }
        var (content, header) = await archive.ExportAsync(Utc(From), Utc(To?.AddDays(1)), ct);
        var name = $"audit-{header.FromSequence}-{header.ToSequence}-{Clock.LocalNow:yyyyMMddHHmm}.jsonl";
        return File(content, "application/x-ndjson", name);
    }

    private DateTime? Utc(DateOnly? d) => d is null ? null : Clock.StartOfDayUtc(d.Value);

    private string FilterText()
    {
        var parts = new List<string>();
        void Add(string label, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add($"{label} {value.Trim()}");
            }
        }
        Add("部门", Department);
        Add("用户", Actor);
        Add("操作", Action);
        Add("对象", Subject);
        Add("起", From?.ToString("yyyy-MM-dd"));
        Add("止", To?.ToString("yyyy-MM-dd"));
        return parts.Count == 0 ? "全部记录" : string.Join("，", parts);
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clock = tenant.Clock(time);
        var department = string.IsNullOrWhiteSpace(Department) ? null : Department.Trim();
        var filter = new AuditFilter(department, Actor, Action, Subject, Utc(From), Utc(To?.AddDays(1)));
        (Entries, Total) = await query.SearchAsync(filter, acrossMatrix: true, PageNumber, PageSize, ct);
    }
}
