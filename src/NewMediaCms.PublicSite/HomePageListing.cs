using NewMediaCms.Content.Published;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>
/// What a home page lists, in one place: the home page itself and the inspection's WEB-V02 (through
/// <see cref="IHomePageEvidence"/>) read it here. A department's home lists every visible post of the department (every
/// account, every type), newest first; the portal's lists the newest across the running departments.
/// </summary>
public sealed class HomePageListing(IPublishedContentSource reader, TenantRegistry registry) : IHomePageEvidence
{
    public const int DepartmentLatest = 10;
    public const int PortalLatest = 15;

    /// <summary>The newest items a home page lists (a department's own, or the matrix's for the portal).</summary>
    /// <remarks>One query, no count: the home page shows no pager.</remarks>
    public async Task<IReadOnlyList<PublishedItem>> LatestAsync(TenantInfo tenant, int take, CancellationToken ct)
        => await reader.LatestAcrossMatrixAsync(tenant.IsPortal ? PublicSiteEndpoints.Running(registry) : [tenant.Id], take, ct);

    public async Task<IReadOnlyList<HomePageFacts>> HomePagesAsync(IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken)
    {
        var result = new List<HomePageFacts>(tenantIds.Count);
        foreach (var id in tenantIds)
        {
            if (registry.Find(id) is not { State: TenantState.Running } tenant)
            {
                continue;
            }
            var newest = (await LatestAsync(tenant, 1, cancellationToken)).FirstOrDefault();
            result.Add(new HomePageFacts(tenant.Id, tenant.PathBase + "/", newest?.Id, newest?.Title, newest?.PublishedUtc));
        }
        return result;
    }
}
