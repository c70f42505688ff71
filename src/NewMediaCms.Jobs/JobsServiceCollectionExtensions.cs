using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.Storage.SQLite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        var options = configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions();
        var store = configuration.GetSection(StoreOptions.Section).Get<StoreOptions>() ?? new StoreOptions();
        var kind = options.Storage != JobStorageKind.Auto ? options.Storage
            : store.Provider == StoreProvider.PostgreSql ? JobStorageKind.PostgreSql : JobStorageKind.Sqlite;

        services.AddSingleton<JobActivator, TenantJobActivator>();
        services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseActivator(sp.GetRequiredService<JobActivator>());
            switch (kind)
            {
                case JobStorageKind.PostgreSql:
                    var cs = options.ConnectionString ?? store.ConnectionString
                        ?? throw new InvalidOperationException("Jobs:Storage 为 PostgreSql 时需要 Jobs:ConnectionString 或 Store:ConnectionString。");
                    config.UsePostgreSqlStorage(c => c.UseNpgsqlConnection(cs), new PostgreSqlStorageOptions
                    {
                        SchemaName = "hangfire",
                        QueuePollInterval = options.PollingInterval,
                        PrepareSchemaIfNecessary = true,
                    });
                    break;
                case JobStorageKind.InMemory:
                    config.UseInMemoryStorage();
                    break;
                default:
                    var dir = Path.IsPathRooted(store.AppDataPath) ? store.AppDataPath : Path.Combine(contentRoot, store.AppDataPath);
                    Directory.CreateDirectory(dir);
                    config.UseSQLiteStorage(Path.Combine(dir, "hangfire.db"), new SQLiteStorageOptions
                    {
                        QueuePollInterval = options.PollingInterval,
                    });
                    break;
            }
        });
        if (options.RunServer)
        {
            services.AddHangfireServer(o =>
            {
                o.SchedulePollingInterval = options.PollingInterval;
                o.WorkerCount = options.WorkerCount;
                o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
            });
        }
        services.AddHostedService<RecurringJobsRegistrar>();
        services.AddSingleton(sp => (RecurringJobsRegistrar)sp.GetServices<Microsoft.Extensions.Hosting.IHostedService>().First(s => s is RecurringJobsRegistrar));
        return services;
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
