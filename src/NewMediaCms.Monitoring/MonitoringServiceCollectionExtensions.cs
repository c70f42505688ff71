using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    /// <summary>
    /// The page monitor: seals registered at publish, the recurring check of served pages against them (browser and
    /// spider), incidents with evidence and restore, availability probes, link checks, and the inspection's evidence port.
    /// The recurring job itself is declared in Program.cs with the others.
    /// </summary>
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, MonitorModel>();
        services.AddScoped<SealRegistration>();
        services.AddScoped<IDomainEventHandler<ContentPublished>>(sp => sp.GetRequiredService<SealRegistration>());
        services.AddScoped<IDomainEventHandler<ContentUnpublished>>(sp => sp.GetRequiredService<SealRegistration>());
        services.AddScoped<IDomainEventHandler<ContentDeleted>>(sp => sp.GetRequiredService<SealRegistration>());
        services.AddScoped<MonitorSettingsStore>();
        services.AddScoped<PageMonitor>();
        services.AddScoped<MonitorDesk>();
        services.AddScoped<ISiteIntegrityEvidence, SiteIntegrityEvidence>();
        services.AddSingleton<SiteUrls>();
        services.AddSingleton<Screenshots>();
        services.AddSingleton<PageFetcher>();
        services.AddSingleton<LinkedStyleSheets>();
        foreach (var name in new[] { PageFetcher.PublicClient, PageFetcher.OriginClient })
        {
            services.AddHttpClient(name, c => c.Timeout = Timeout.InfiniteTimeSpan)
                .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler
                {
                    AllowAutoRedirect = false,
                    UseCookies = false,
                    AutomaticDecompression = DecompressionMethods.All,
                    PooledConnectionLifetime = TimeSpan.FromMinutes(5),
                    MaxConnectionsPerServer = 64,
                });
        }
        return services;
    }
}
