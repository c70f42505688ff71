using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Monitoring;

public static class MonitoringServiceCollectionExtensions
{
    public static IServiceCollection AddMonitoring(this IServiceCollection services)
    {
        return services;
    }
}
