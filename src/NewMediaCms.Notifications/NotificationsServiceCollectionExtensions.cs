using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Notifications;

public static class NotificationsServiceCollectionExtensions
{
    public static IServiceCollection AddNotifications(this IServiceCollection services)
    {
        return services;
    }
}
