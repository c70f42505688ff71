using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Submissions;

/// <summary>报送上级: the approved version of an item (<see cref="ApprovedVersions"/>), the desk to send it to, a remark.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class NewModel(ApprovedVersions approved, SubmissionService submissions) : PageModel
{
    public ApprovedVersion? Version { get; private set; }
    public IReadOnlyList<SubmissionTarget> Targets { get; private set; } = [];
    public string? Error { get; private set; }

    [BindProperty(SupportsGet = true)]
    public string? Item { get; set; }

    [BindProperty]
    public string? To { get; set; }

    [BindProperty]
    public string? Note { get; set; }

    [BindProperty]
    public string? ContentHash { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await submissions.SubmitAsync(User.ToEditorialActor(), Item ?? "", To, ContentHash, Note, ct);
        if (result.Ok)
        {
            TempData["SubmissionDone"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/submissions/{result.SubmissionId}");
        }
        await LoadAsync(ct);
        Error = result.Message;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Targets = submissions.Targets();
        To ??= Targets.FirstOrDefault()?.TenantId;
        var (version, refusal) = await approved.FindAsync(Item ?? "", null, "报送", ct);
        Version = version;
        Error = refusal?.Message;
        if (Request.Method == "GET")
        {
            ContentHash = version?.ContentHash;
        }
    }
}
