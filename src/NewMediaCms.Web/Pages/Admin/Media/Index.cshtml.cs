using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Media;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Media;

/// <summary>The department's media library: list, search by name, filter by type; upload, replace and delete go through the media API (media.js).</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(MediaLibrary library, ITenantContext tenant) : PageModel
{
    public IReadOnlyList<MediaItem> Items { get; private set; } = [];

    public string? Q { get; private set; }

    public string? Kind { get; private set; }

    public bool CanEdit { get; private set; }

    public async Task OnGetAsync(string? q, string? kind, CancellationToken ct)
    {
        (Q, Kind) = (q, kind);
        CanEdit = TenantPolicies.CanEdit(User, tenant.Current);
        Items = await library.ListAsync(q, kind, 200, ct);
    }
}
