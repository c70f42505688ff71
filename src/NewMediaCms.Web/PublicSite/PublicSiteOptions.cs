namespace NewMediaCms.Web.PublicSite;

/// <summary>Bound from "PublicSite".</summary>
public sealed class PublicSiteOptions
{
    public const string Section = "PublicSite";

    /// <summary>Serve anonymous readers from the output cache (off: every request renders; for benchmarks and debugging).</summary>
    public bool OutputCache { get; set; } = true;

    /// <summary>URLs per sitemap file; above this /sitemap.xml becomes a sitemap index (the protocol's limit is 50,000).</summary>
    public int SitemapPageSize { get; set; } = 50_000;

    /// <summary>Items per feed.</summary>
    public int FeedSize { get; set; } = 30;
}
