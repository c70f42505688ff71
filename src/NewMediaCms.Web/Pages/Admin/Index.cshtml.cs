using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(NmcDbContext db, ITenantContext tenant, TenantRegistry registry) : PageModel
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");

    public string TenantName { get; private set; } = "";

    public List<DepartmentRow> Departments { get; } = [];

    public List<AccountRow> Accounts { get; private set; } = [];

    public List<ContentRow> Items { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        var current = tenant.Current!;
        TenantName = current.DisplayName;
        if (current.IsPortal && TenantPolicies.HasMatrixRole(User))
        {
            var accounts = await db.Set<Account>().AcrossTenants().GroupBy(a => a.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
            var published = await db.Set<ContentVersion>().AcrossTenants().Where(v => v.Published).GroupBy(v => v.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
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
        Accounts = (await db.Set<Account>().AsNoTracking().OrderBy(a => a.Platform).ThenBy(a => a.Id).ToListAsync(ct))
            .Select(a => new AccountRow(a.Name, PlatformNames.Chinese(a.Platform), PlatformNames.Chinese(a.Kind), PlatformNames.Chinese(a.State), a.FilingNumber))
            .ToList();
        Items = (await db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest)
                .OrderByDescending(v => v.PublishedUtc ?? v.CreatedUtc).Take(30)
                .Select(v => new { v.ContentItemId, v.Title, v.Item!.ContentType, v.Number, v.Published, v.PublishedUtc })
                .ToListAsync(ct))
            .Select(v => new ContentRow(v.ContentItemId, v.Title, ContentTypes.DisplayName(v.ContentType), v.Number, v.Published,
                v.PublishedUtc is null ? "" : TimeZoneInfo.ConvertTimeFromUtc(v.PublishedUtc.Value, China).ToString("yyyy-MM-dd HH:mm")))
            .ToList();
    }

    public sealed record DepartmentRow(string Name, string PathBase, int Level, bool Running, int Accounts, int Published);

    public sealed record AccountRow(string Name, string Platform, string Kind, string State, string FilingNumber);

    public sealed record ContentRow(string Id, string Title, string Type, int Version, bool Published, string PublishedLocal);
}
