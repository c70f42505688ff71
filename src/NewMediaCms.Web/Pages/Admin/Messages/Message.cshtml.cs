using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Interaction;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Messages;

/// <summary>
/// One message of the department: the question (with the writer's contact for those who answer), its deadline, the reply
/// form and "不予公开". A message of another department is not found (the tenant filter), so it can be neither seen nor answered.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class MessageModel(MessageService messages, ReplyDeadlines deadlines, ITenantContext tenant) : PageModel
{
    public CitizenMessage Item { get; private set; } = null!;
    public ReplyClock Clock { get; private set; } = null!;
    public bool CanAnswer { get; private set; }
    public string To { get; private set; } = "";
    public string? Error { get; private set; }
    public string? Done { get; private set; }

    [BindProperty]
    public string? ReplyText { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public int Revision { get; set; }

    public async Task<IActionResult> OnGetAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        Done = TempData["MessageDone"] as string;
        return Page();
    }

    public async Task<IActionResult> OnPostReplyAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!CanAnswer)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Error = await messages.ReplyAsync(id, Revision, ReplyText, User.Identity?.Name ?? "", ct);
        return Error is null ? Finish(id, "答复已发布。") : Page();
    }

    public async Task<IActionResult> OnPostNotPublicAsync(long id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!CanAnswer)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        Error = await messages.MarkNotPublicAsync(id, Revision, Reason, User.Identity?.Name ?? "", ct);
        return Error is null ? Finish(id, "已标记为不予公开。") : Page();
    }

    private IActionResult Finish(long id, string done)
    {
        TempData["MessageDone"] = done;
        return Redirect($"{Request.PathBase}/admin/messages/{id}");
    }

    private async Task<bool> LoadAsync(long id, CancellationToken ct)
    {
        if (await messages.FindAsync(id, ct) is not { } m)
        {
            return false;
        }
        Item = m;
        CanAnswer = MessagePermissions.CanAnswer(User, tenant.Current);
        Clock = await deadlines.NowAsync(ct);
        To = m.AccountId is null ? "本部门" : (await messages.AddressableAccountsAsync(ct)).FirstOrDefault(a => a.Id == m.AccountId)?.Name ?? m.AccountId;
        if (Request.Method == "GET")
        {
            Revision = m.Revision;
        }
        return true;
    }
}
