namespace NewMediaCms.Jobs;

public enum JobStorageKind
{
    /// <summary>Follow Store:Provider: SQLite for the embedded default, PostgreSQL for scale-out.</summary>
    Auto,
    Sqlite,
    PostgreSql,
    InMemory,
}

/// <summary>Bound from "Jobs".</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    public JobStorageKind Storage { get; set; } = JobStorageKind.Auto;

    /// <summary>PostgreSQL connection for Hangfire; default: Store:ConnectionString (Hangfire keeps its own schema).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Run a Hangfire server in this process (turn off on web nodes that should only enqueue).</summary>
    public bool RunServer { get; set; } = true;

    public int WorkerCount { get; set; } = 4;

    /// <summary>
    /// How often storage is polled for due scheduled jobs and queued work. Hangfire's default is 15 s, which would
    /// make a 09:00:00 notice appear at 09:00:15; one second keeps publication within about a second of its time.
    /// </summary>
    public TimeSpan PollingInterval { get; set; } = TimeSpan.FromSeconds(1);
}
