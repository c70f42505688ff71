using NewMediaCms.Core.Events;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Api;
using NewMediaCms.Web.Pages.Admin.Content;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The audit log, newest first, filtered by user, action, subject and date; with the chain check. Department
/// admins see their department's entries; matrix roles on the portal see the whole matrix.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class AuditModel(AuditLogQuery query, AuditVerifier verifier, ITenantContext tenant, IAuditTrail audit, NmcDbContext db) : PageModel
{
    public const int PageSize = 50;

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

    public bool Matrix { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!ContentApiEndpoints.CanReadAudit(HttpContext))
        {
            return Forbid();
        }
        await LoadAsync(ct);
        return Page();
    }

    public async Task<IActionResult> OnPostVerifyAsync(CancellationToken ct)
    {
        if (!ContentApiEndpoints.CanReadAudit(HttpContext))
        {
            return Forbid();
        }
        Verification = await verifier.VerifyAsync(ct);
        await audit.AppendAsync(new AuditRecord("audit.verified", "AuditLog", "chain", null, Verification.Valid ? "valid" : $"broken at {Verification.FirstBrokenSequence}",
            Verification.Valid ? $"校验 {Verification.Checked} 条，链条完整" : $"校验发现 {Verification.Problems.Count} 处问题"), ct);
        await db.SaveChangesAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var zone = AdminTime.Zone(tenant.Current);
        DateTime? Utc(DateOnly? d) => d is null ? null : TimeZoneInfo.ConvertTimeToUtc(d.Value.ToDateTime(TimeOnly.MinValue), zone);
        Matrix = tenant.Current!.IsPortal && TenantPolicies.HasMatrixRole(User);
        var filter = new AuditFilter(Matrix ? null : tenant.TenantId, Actor, Action, Subject, Utc(From), Utc(To?.AddDays(1)));
        (Entries, Total) = await query.SearchAsync(filter, Matrix, PageNumber, PageSize, ct);
    }
}
