using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Audit;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Api;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>
/// The audit log, newest first, filtered by user, action, subject and date; with the chain check. Department
/// admins see their department's entries; matrix roles on the portal see the whole matrix.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class AuditModel(AuditLogQuery query, AuditVerifier verifier, ITenantContext tenant, TimeProvider time) : PageModel
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

    /// <summary>Times are shown, and the date filter read, on the department's wall clock.</summary>
    public TenantClock Clock { get; private set; } = null!;

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
        Verification = await verifier.VerifyAndRecordAsync(ct);
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Clock = tenant.Clock(time);
        DateTime? Utc(DateOnly? d) => d is null ? null : Clock.StartOfDayUtc(d.Value);
        Matrix = tenant.Current!.IsPortal && TenantPolicies.HasMatrixRole(User);
        var filter = new AuditFilter(Matrix ? null : tenant.TenantId, Actor, Action, Subject, Utc(From), Utc(To?.AddDays(1)));
        (Entries, Total) = await query.SearchAsync(filter, Matrix, PageNumber, PageSize, ct);
    }
}
