using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Jobs;
using NewMediaCms.Tests.Setup;

namespace NewMediaCms.Tests.Jobs;

/// <summary>A bad Jobs setting is a start-up error that names the setting in Chinese, not a silent clamp or a stack trace.</summary>
public sealed class JobsOptionsTests
{
    private static ValidateOptionsResult Validate(JobsOptions jobs, StoreOptions? store = null)
        => new JobsOptionsValidator(Options.Create(store ?? new StoreOptions())).Validate(null, jobs);

    [Theory]
    [InlineData("Jobs__PollingInterval", "00:00:00", "Jobs:PollingInterval")]
    [InlineData("Jobs__PollingInterval", "-00:00:05", "Jobs:PollingInterval")]
    [InlineData("Jobs__Storage", "Redis", "Jobs:Storage")]
    [InlineData("Jobs__WorkerCount", "0", "Jobs:WorkerCount")]
    public async Task A_bad_jobs_setting_stops_start_up_naming_it(string variable, string value, string setting)
    {
        using var appData = AppProcess.NewAppData();
        var (exitCode, output) = await AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Store__AppDataPath"] = appData.Path,
            [variable] = value,
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("启动失败：", output);
        Assert.Contains(setting, output);
        Assert.DoesNotContain("   at ", output);
    }

    [Theory]
    [InlineData("Auto")]
    [InlineData("inmemory")]
    [InlineData("Sqlite")]
    public void Storages_are_taken_by_name_in_any_case(string storage)
        => Assert.True(Validate(new JobsOptions { Storage = storage }).Succeeded);

    [Theory]
    [InlineData("2")]
    [InlineData("Sqlite,InMemory")]
    [InlineData("")]
    public void A_storage_that_is_not_a_name_is_refused(string storage)
    {
        var result = Validate(new JobsOptions { Storage = storage });
        Assert.True(result.Failed);
        Assert.Contains("Jobs:Storage", result.FailureMessage);
    }

    [Fact]
    public void Postgres_job_storage_needs_a_connection_string_of_its_own_or_the_stores()
    {
        Assert.Contains("Jobs:ConnectionString", Validate(new JobsOptions { Storage = "PostgreSql" }).FailureMessage);
        Assert.True(Validate(new JobsOptions { Storage = "PostgreSql", ConnectionString = "Host=x" }).Succeeded);
        // Auto follows the store: PostgreSQL with the store's connection string.
        Assert.True(Validate(new JobsOptions(), new StoreOptions { Provider = StoreProvider.PostgreSql, ConnectionString = "Host=x" }).Succeeded);
        Assert.Equal(JobStorageKind.PostgreSql, new JobsOptions().StorageKind(new StoreOptions { Provider = StoreProvider.PostgreSql }));
    }

    [Fact]
    public void Every_problem_is_named_at_once()
    {
        var result = Validate(new JobsOptions { Storage = "Redis", PollingInterval = TimeSpan.Zero, WorkerCount = 0 });
        Assert.Equal(3, result.Failures!.Count());
    }
}
