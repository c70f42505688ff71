namespace NewMediaCms.PublicSite;

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

    /// <summary>
    /// Upper bound on the age of a department's in-memory read model (seconds; 0: no bound). Saves invalidate it at
    /// once on the node that made them and within <see cref="ChangePollSeconds"/> on other nodes; this bound only
    /// covers a change whose cross-node stamp could not be written (the process died right after the commit).
    /// </summary>
    public int ReadModelMaxAgeSeconds { get; set; } = 300;

    /// <summary>How often each node reads the per-department change stamps written by other nodes (seconds; 0: never, single node).</summary>
    public int ChangePollSeconds { get; set; } = 1;
}
