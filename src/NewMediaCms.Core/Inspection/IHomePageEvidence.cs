namespace NewMediaCms.Core.Inspection;

/// <summary>What a department's public home page shows at the check time: its newest item (WEB-V02 judges the page by it).</summary>
/// <param name="Path">The home page's path ("/" for the portal, "/gaj/" for a department).</param>
public sealed record HomePageFacts(string TenantId, string Path, string? LatestItemId, string? LatestTitle, DateTime? LatestPublishedUtc);

/// <summary>
/// The seam for WEB-V02 (home page not updated): implemented by the public site, the one place that decides what a home
/// page lists, so that the inspection judges a page by what it shows. Without a registration WEB-V02 falls back to the
/// posts of the department's site-channel account.
/// </summary>
public interface IHomePageEvidence
{
    Task<IReadOnlyList<HomePageFacts>> HomePagesAsync(IReadOnlyCollection<string> tenantIds, CancellationToken cancellationToken);
}
