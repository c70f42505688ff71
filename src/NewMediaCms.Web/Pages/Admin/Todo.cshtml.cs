using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Notifications;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>我的待办: what waits for the signed-in person in their department, each list from its capability's service.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class TodoModel(WorkplaceTodos todos, ITenantContext tenant, TimeProvider time) : PageModel
{
    public List<WorkItem> Review { get; private set; } = [];
    public List<WorkItem> Rejected { get; private set; } = [];
    public List<RectificationTodo> Rectifications { get; private set; } = [];
    public List<MessageTodo> Messages { get; private set; } = [];
    public int MessagesTotal { get; private set; }
    public List<NewMediaCms.Distribution.Submissions.SubmissionView> Submissions { get; private set; } = [];
    public bool InDepartment { get; private set; }
    public bool ShowsRectifications { get; private set; }
    public bool ShowsMessages { get; private set; }
    public TenantClock Clock { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToEditorialActor();
        Clock = tenant.Clock(time);
        InDepartment = actor.TenantId is { } t && t == tenant.TenantId;
        ShowsRectifications = InDepartment && actor.IsInRole(Roles.DepartmentAdmin);
        ShowsMessages = InDepartment && (actor.IsInRole(Roles.DepartmentAdmin) || actor.IsInRole(Roles.Editor));
        Review = await todos.AwaitingMyReviewAsync(actor, ct);
        Rejected = await todos.RejectedAsync(actor, ct);
        Rectifications = await todos.RectificationsAsync(actor, ct);
        (Messages, MessagesTotal) = await todos.MessagesAsync(actor, ct);
        Submissions = await todos.SubmissionsAsync(actor, ct);
    }
}
