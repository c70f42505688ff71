using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(ContentStore content, EditorialQueries editorial, AccountDirectory accountDirectory, ITenantContext tenant, TenantRegistry registry, TimeProvider time) : PageModel
{
    public string TenantName { get; private set; } = "";

    public List<DepartmentRow> Departments { get; } = [];

    public List<AccountRow> Accounts { get; private set; } = [];

    public List<ContentRow> Items { get; private set; } = [];

    /// <summary>The states the dashboard counts, in the order of the flow, with their counts (every state shown, zero too).</summary>
    public List<(ReviewState State, string Name, int Count)> States { get; private set; } = [];

    public static readonly ReviewState[] ShownStates = [ReviewState.Draft, ReviewState.InReview, ReviewState.Rejected, ReviewState.Approved, ReviewState.Scheduled, ReviewState.Published];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var current = tenant.Current!;
        TenantName = current.DisplayName;
        if (current.IsPortal && TenantPolicies.HasMatrixRole(User))
        {
            var accounts = await accountDirectory.CountsByTenantAsync(ct);
            var published = await content.PublishedCountsAsync(ct);
            void Walk(string? parent, int level)
            {
                foreach (var t in registry.All.Where(t => t.ParentId == parent))
                {
                    Departments.Add(new DepartmentRow(t.DisplayName, t.PathBase, level, t.State == TenantState.Running, accounts.GetValueOrDefault(t.Id), published.GetValueOrDefault(t.Id)));
                    Walk(t.Id, level + 1);
                }
            }
            Walk(null, 0);
        }
        Accounts = (await accountDirectory.ListAsync(ct))
            .Select(a => new AccountRow(a.Name, PlatformNames.Chinese(a.Platform), PlatformNames.Chinese(a.Kind), PlatformNames.Chinese(a.State), a.FilingNumber))
            .ToList();
        var clock = tenant.Clock(time);
        var counts = await editorial.StateCountsAsync(ct);
        States = [.. ShownStates.Select(st => (st, EditorialQueries.StateName(st), counts.GetValueOrDefault(st)))];
        Items = (await editorial.LatestAsync(q => q.Where(v => v.Latest).OrderByDescending(v => v.CreatedUtc), 30, ct))
            .Select(w => new ContentRow(w.ItemId, w.Title, ContentTypes.DisplayName(w.ContentType), w.Number, w.State, EditorialQueries.StateName(w.State),
                w.State == ReviewState.Published, clock.Show(w.State == ReviewState.Scheduled ? w.PublishAtUtc : w.PublishedUtc)))
            .ToList();
    }

    public sealed record DepartmentRow(string Name, string PathBase, int Level, bool Running, int Accounts, int Published);

    public sealed record AccountRow(string Name, string Platform, string Kind, string State, string FilingNumber);

    public sealed record ContentRow(string Id, string Title, string Type, int Version, ReviewState State, string StateName, bool Published, string PublishedLocal);
}
