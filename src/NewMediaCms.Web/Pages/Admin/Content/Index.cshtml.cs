using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>The editorial dashboard: my drafts, waiting for me, recently published, scheduled, everything.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(EditorialQueries queries, ContentTypeRegistry types) : PageModel
{
    public List<WorkItem> MyDrafts { get; private set; } = [];

    public List<WorkItem> WaitingForMe { get; private set; } = [];

    public List<WorkItem> RecentlyPublished { get; private set; } = [];

    public List<WorkItem> Scheduled { get; private set; } = [];

    public List<WorkItem> All { get; private set; } = [];

    public IReadOnlyList<ContentTypeDefinition> Types { get; private set; } = [];

    public bool CanWrite { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        var actor = User.ToEditorialActor();
        CanWrite = actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin);
        Types = await types.AllAsync(ct);
        MyDrafts = await queries.MyDraftsAsync(actor.UserName, ct);
        WaitingForMe = await queries.WaitingForAsync(actor, ct);
        RecentlyPublished = await queries.RecentlyPublishedAsync(ct);
        Scheduled = await queries.ScheduledAsync(ct);
        All = await queries.AllAsync(ct);
    }
}
