using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Submissions;

/// <summary>
/// One submission, for its submitter and its desk (anyone else: not found): the submitted content, its state, and for the
/// desk's editors the adoption (onto an account of the desk) and the return (with a reason).
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class SubmissionModel(SubmissionQueries queries, SubmissionService submissions, AccountDirectory accounts, MarkdownRenderer markdown,
    ITenantContext tenant, TimeProvider time) : PageModel
{
    public SubmissionView Item { get; private set; } = null!;
    public string Html { get; private set; } = "";
    public List<AccountRecord> Accounts { get; private set; } = [];
    public bool IsDesk { get; private set; }
    public bool CanDecide { get; private set; }
    public TenantClock Clock { get; private set; } = null!;
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    [BindProperty]
    public string? AccountId { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Done = TempData["SubmissionDone"] as string;
        return Page();
    }

    public Task<IActionResult> OnPostAdoptAsync(long id, CancellationToken ct)
        => DecideAsync(id, () => submissions.AdoptAsync(User.ToEditorialActor(), id, AccountId, ct), ct);

    public Task<IActionResult> OnPostReturnAsync(long id, CancellationToken ct)
        => DecideAsync(id, () => submissions.ReturnAsync(User.ToEditorialActor(), id, Reason, ct), ct);

    private async Task<IActionResult> DecideAsync(long id, Func<Task<SubmissionResult>> action, CancellationToken ct)
    {
        var result = await action();
        if (result.Ok)
        {
            TempData["SubmissionDone"] = result.Message;
            return Redirect($"{Request.PathBase}/admin/submissions/{id}");
        }
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Error = result.Message;
        return Page();
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await queries.FindAsync(id, ct) is not { } view)
        {
            return false;
        }
        Item = view;
        Clock = tenant.Clock(time);
        Html = markdown.Render(view.Markdown).Html;
        IsDesk = view.DeskTenantId == tenant.TenantId;
        CanDecide = IsDesk && view.State == SubmissionState.Open && TenantPolicies.TenantOf(User) == tenant.TenantId
            && (User.IsInRole(Roles.Editor) || User.IsInRole(Roles.DepartmentAdmin));
        if (CanDecide)
        {
            Accounts = await accounts.InDepartmentAsync(ct);
            AccountId ??= await accounts.DefaultAccountIdAsync(ct);
        }
        return true;
    }
}
