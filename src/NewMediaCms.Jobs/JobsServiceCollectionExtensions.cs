using Hangfire;
using Hangfire.Dashboard;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Jobs;

public static class JobsServiceCollectionExtensions
{
    /// <summary>
    /// Hangfire: embedded SQLite storage for the single-process default (Hangfire.Storage.SQLite is safe only
    /// with one server process), PostgreSQL storage for scale-out (workers on every node, each job runs once).
    /// </summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        var section = configuration.GetSection(JobsOptions.Section);
        services.AddOptions<JobsOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>());

        services.AddSingleton<JobActivator, TenantJobActivator>();
        // Hangfire keeps a process-wide GlobalConfiguration. Each application instance owns its storage in DI (Hangfire's
        // AddHangfire only adds JobStorage if none is registered), so two hosts in one process (the tests) never read
        // each other's storage, and the log provider survives the disposal of a host's logger factory.
        services.AddSingleton<JobStorage>(sp => CreateStorage(sp.GetRequiredService<IOptions<JobsOptions>>().Value,
            sp.GetRequiredService<IOptions<StoreOptions>>().Value, contentRoot));
        services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HostLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .UseActivator(sp.GetRequiredService<JobActivator>())
            .UseStorage(sp.GetRequiredService<JobStorage>()));
        // Whether a server runs decides what is registered, so it is read now; the rest is read (validated) when used.
        if (section.GetValue(nameof(JobsOptions.RunServer), true))
        {
            services.AddHangfireServer((sp, o) =>
            {
                var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                o.SchedulePollingInterval = options.PollingInterval;
                o.WorkerCount = options.WorkerCount;
                // In order: a job on "critical" (e.g. [Queue("critical")]) is taken before the "default" backlog.
                o.Queues = ["critical", "default"];
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddSingleton(sp => (RecurringJobsRegistrar)sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>().First(s => s is RecurringJobsRegistrar));
        return services;
    }

    private static JobStorage CreateStorage(JobsOptions options, StoreOptions store, string contentRoot)
    {
        switch (options.StorageKind(store))
        {
            case JobStorageKind.PostgreSql:
                // Validated at start: one of the two connection strings is set.
                var cs = options.ConnectionString ?? store.ConnectionString!;
                var pg = new PostgreSqlStorageOptions
                {
                    SchemaName = "hangfire",
                    QueuePollInterval = options.PollingInterval,
                    PrepareSchemaIfNecessary = true,
                };
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(cs, pg), pg);
            case JobStorageKind.InMemory:
                return new InMemoryStorage();
            default:
                var file = Path.Combine(StoreServiceCollectionExtensions.AppData(store, contentRoot), "hangfire.db");
                PrivateFiles.SqliteDatabase(file);
                return new SQLiteStorage(file, new SQLiteStorageOptions
                {
                    QueuePollInterval = options.PollingInterval,
                });
        }
    }

    /// <summary>The Hangfire dashboard under the admin: SystemAdmin may act, MatrixAdmin may look, nobody else.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/admin/jobs", new DashboardOptions
        {
            Authorization = [new MatrixDashboardAuthorization()],
            IsReadOnlyFunc = context => !context.GetHttpContext().User.IsInRole(Roles.SystemAdmin),
            DisplayStorageConnectionString = false,
            AppPath = null,
            DashboardTitle = "后台任务",
        });
        return app;
    }

    private sealed class MatrixDashboardAuthorization : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context)
        {
            var user = context.GetHttpContext().User;
            return user.Identity?.IsAuthenticated == true && (user.IsInRole(Roles.SystemAdmin) || user.IsInRole(Roles.MatrixAdmin));
        }
    }
}
