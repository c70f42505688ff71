using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>The review queue: what awaits the signed-in reviewer, and everything in review with the level it waits for.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class ReviewModel(EditorialQueries queries, ReviewChainService chains) : PageModel
{
    public List<WorkItem> Mine { get; private set; } = [];

    public List<WorkItem> All { get; private set; } = [];

    public IReadOnlyList<ReviewLevel> Levels { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Mine = await queries.WaitingForAsync(User.ToEditorialActor(), ct);
        All = await queries.InReviewAsync(ct);
        Levels = await chains.LevelsAsync(ct);
    }
}
