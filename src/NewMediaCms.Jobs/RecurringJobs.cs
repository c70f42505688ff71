using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NewMediaCms.Jobs;

/// <summary>A job that runs on a schedule. Capabilities declare theirs with <c>services.AddRecurringJob&lt;T&gt;(...)</c>.</summary>
public interface IRecurringJob
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>One recurring job: its id, its cron expression and whether it also runs once at start-up.</summary>
public sealed record RecurringJobDefinition(string Id, Type JobType, string Cron, bool RunAtStartup, string Description);

/// <summary>
/// The one place where recurring jobs are registered with Hangfire: at start-up every declared job is added or
/// updated, jobs that are no longer declared are removed, and those marked RunAtStartup are triggered once.
/// </summary>
public sealed class RecurringJobsRegistrar(
    IEnumerable<RecurringJobDefinition> definitions,
    IRecurringJobManager manager,
    JobStorage storage,
    ILogger<RecurringJobsRegistrar> logger) : IHostedService
{
    public IReadOnlyList<RecurringJobDefinition> Definitions { get; } = definitions.ToList();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var declared = Definitions.Select(d => d.Id).ToHashSet();
        using (var connection = storage.GetConnection())
        {
            foreach (var stale in Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).Where(j => !declared.Contains(j.Id)))
            {
                manager.RemoveIfExists(stale.Id);
            }
        }
        foreach (var definition in Definitions)
        {
            manager.AddOrUpdate(definition.Id, Call(definition.JobType), definition.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
            if (definition.RunAtStartup)
            {
                manager.Trigger(definition.Id);
            }
            logger.LogInformation("周期任务 {Id}（{Description}）：{Cron}", definition.Id, definition.Description, definition.Cron);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static Hangfire.Common.Job Call(Type jobType)
        => new(jobType, jobType.GetMethod(nameof(IRecurringJob.RunAsync), [typeof(CancellationToken)])!, CancellationToken.None);
}

public static class RecurringJobServiceCollectionExtensions
{
    /// <summary>
    /// Declares a recurring job: a class with a public <c>RunAsync(CancellationToken)</c> returning a Task
    /// (implementing <see cref="IRecurringJob"/> says so at compile time). <paramref name="cron"/> is in UTC.
    /// </summary>
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron, string description, bool runAtStartup = false)
        where TJob : class
    {
        if (typeof(TJob).GetMethod(nameof(IRecurringJob.RunAsync), [typeof(CancellationToken)]) is not { } method || !typeof(Task).IsAssignableFrom(method.ReturnType))
        {
            throw new InvalidOperationException($"{typeof(TJob).Name} 需要公开方法 Task RunAsync(CancellationToken) 才能作为周期任务。");
        }
        services.TryAddScoped<TJob>();
        services.AddSingleton(new RecurringJobDefinition(id, typeof(TJob), cron, runAtStartup, description));
        return services;
    }
}
