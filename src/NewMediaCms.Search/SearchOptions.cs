namespace NewMediaCms.Search;

public enum SearchProvider
{
    Lucene,
    Elasticsearch,
}

/// <summary>Bound from "Search" (environment: Search__Provider, Search__Elasticsearch__Nodes__0, ...).</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    public SearchProvider Provider { get; set; } = SearchProvider.Lucene;

    /// <summary>Outbox rows handled per batch by <see cref="Outbox.SearchOutboxJob"/>.</summary>
    public int BatchSize { get; set; } = 200;

    public ElasticsearchOptions Elasticsearch { get; set; } = new();
}

public sealed class ElasticsearchOptions
{
    /// <summary>One or more node URLs (a static connection pool: a dead node is skipped and retried later).</summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>Base64 "id:key" API key (preferred), or <see cref="Username"/> and <see cref="Password"/>.</summary>
    public string? ApiKey { get; set; }

    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>SHA-256 fingerprint of the cluster's CA or HTTP certificate (Elasticsearch 8 prints it on first start).</summary>
    public string? CertificateFingerprint { get; set; }

    /// <summary>Send the compatibility header (compatible-with=7) that Elasticsearch 8.x requires; 7.11+ accepts it. Turn off only for 7.0–7.10.</summary>
    public bool ApiVersioning { get; set; } = true;

    public int RequestTimeoutSeconds { get; set; } = 10;

    public int PingTimeoutSeconds { get; set; } = 2;

    public int MaxRetries { get; set; } = 2;

    /// <summary>Prefix of index and alias names (several installations may share a cluster).</summary>
    public string IndexPrefix { get; set; } = "nmc";
}
