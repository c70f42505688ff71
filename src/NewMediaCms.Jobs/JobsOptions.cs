using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Jobs;

public enum JobStorageKind
{
    /// <summary>Follow Store:Provider: SQLite for the embedded default, PostgreSQL for scale-out.</summary>
    Auto,
    Sqlite,
    PostgreSql,
    InMemory,
}

/// <summary>Bound from "Jobs"; checked at start (<see cref="JobsOptionsValidator"/>).</summary>
public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>
    /// A <see cref="JobStorageKind"/> by name (case does not matter). Kept as text so that a misspelt value is a start-up
    /// error naming this setting rather than the configuration binder's exception.
    /// </summary>
    public string Storage { get; set; } = nameof(JobStorageKind.Auto);

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

    /// <summary>The storage to use: the configured one, or for Auto the one that follows the store's provider.</summary>
    public JobStorageKind StorageKind(StoreOptions store)
    {
        var kind = TryParseStorage(Storage, out var parsed) ? parsed
            : throw new InvalidOperationException($"配置项 Jobs:Storage 的值 “{Storage}” 无效。");
        return kind != JobStorageKind.Auto ? kind
            : store.Provider == StoreProvider.PostgreSql ? JobStorageKind.PostgreSql : JobStorageKind.Sqlite;
    }

    /// <summary>A storage by its name only (Enum.TryParse would also take "2" or "Sqlite,InMemory").</summary>
    internal static bool TryParseStorage(string? text, out JobStorageKind kind)
    {
        var name = Enum.GetNames<JobStorageKind>().FirstOrDefault(n => string.Equals(n, text?.Trim(), StringComparison.OrdinalIgnoreCase));
        kind = name is null ? default : Enum.Parse<JobStorageKind>(name);
        return name is not null;
    }
}

/// <summary>Each bad Jobs setting is named, in Chinese, when the application starts.</summary>
public sealed class JobsOptionsValidator(IOptions<StoreOptions> store) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var problems = new List<string>();
        if (!JobsOptions.TryParseStorage(options.Storage, out _))
        {
            problems.Add($"配置项 Jobs:Storage 的值 “{options.Storage}” 无效，可选：{string.Join("、", Enum.GetNames<JobStorageKind>())}。");
        }
        else if (options.StorageKind(store.Value) == JobStorageKind.PostgreSql
                 && string.IsNullOrWhiteSpace(options.ConnectionString) && string.IsNullOrWhiteSpace(store.Value.ConnectionString))
        {
            problems.Add("Jobs:Storage 为 PostgreSql 时需要 Jobs:ConnectionString 或 Store:ConnectionString。");
        }
        if (options.PollingInterval <= TimeSpan.Zero)
        {
            problems.Add($"配置项 Jobs:PollingInterval 必须大于 0（如 00:00:01 表示一秒），当前为 {options.PollingInterval}。");
        }
        if (options.WorkerCount < 1)
        {
            problems.Add($"配置项 Jobs:WorkerCount 必须至少为 1，当前为 {options.WorkerCount}。");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
