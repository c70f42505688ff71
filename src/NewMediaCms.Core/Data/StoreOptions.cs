using System.ComponentModel.DataAnnotations;

namespace NewMediaCms.Core.Data;

public enum StoreProvider
{
    Sqlite,
    PostgreSql,
}

/// <summary>Bound from the "Store" configuration section (environment: Store__Provider, Store__ConnectionString).</summary>
public sealed class StoreOptions
{
    public const string Section = "Store";

    public StoreProvider Provider { get; set; } = StoreProvider.Sqlite;

    /// <summary>
    /// For SQLite, optional (default: Data Source=App_Data/newmediacms.db under the content root).
    /// For PostgreSQL, required: Host=...;Database=...;Username=...;Password=...
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Apply pending migrations at start-up (default on; turn off when a DBA applies them).</summary>
    public bool MigrateOnStart { get; set; } = true;

    [Required]
    public string AppDataPath { get; set; } = "App_Data";
}
