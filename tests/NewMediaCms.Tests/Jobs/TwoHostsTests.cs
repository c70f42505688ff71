using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Jobs;

/// <summary>
/// Hangfire's configuration is process-wide; several application instances live in one process (the tests, and
/// any host that restarts in place). Each instance must keep its own storage and outlive the others' disposal.
/// </summary>
public sealed class TwoHostsTests
{
    [Fact]
    public async Task Each_application_instance_keeps_its_own_job_storage()
    {
        await using var first = NmcAppFactory.Create();
        await using var second = NmcAppFactory.Create();
        _ = first.Services;
        _ = second.Services;

        var firstStorage = first.Services.GetRequiredService<JobStorage>();
        var secondStorage = second.Services.GetRequiredService<JobStorage>();

        Assert.NotSame(firstStorage, secondStorage);
        var id = first.Services.GetRequiredService<IBackgroundJobClient>().Create(() => Console.WriteLine("一"), new ScheduledState(TimeSpan.FromHours(1)));
        using (var connection = firstStorage.GetConnection())
        {
            Assert.NotNull(connection.GetJobData(id));
        }
        using (var connection = secondStorage.GetConnection())
        {
            Assert.Null(connection.GetJobData(id));
        }
    }

    [Fact]
    public async Task Disposing_one_application_instance_does_not_break_job_logging_or_scheduling_in_another()
    {
        await using var survivor = NmcAppFactory.Create();
        _ = survivor.Services;
        var gone = NmcAppFactory.Create();
        _ = gone.Services; // configured last: Hangfire's process-wide log provider points at its logger factory
        await gone.DisposeAsync();

        var storage = survivor.Services.GetRequiredService<JobStorage>();
        // Hangfire components created after the disposal ask the process-wide log provider for a logger.
        var manager = new RecurringJobManager(storage);
        manager.AddOrUpdate("two-hosts-probe", () => Console.WriteLine("二"), Cron.Yearly());
        var id = new BackgroundJobClient(storage).Create(() => Console.WriteLine("三"), new ScheduledState(TimeSpan.FromHours(1)));

        using var connection = storage.GetConnection();
        Assert.NotNull(connection.GetJobData(id));
        Assert.Contains("two-hosts-probe", connection.GetRecurringJobs().Select(j => j.Id));
    }
}
