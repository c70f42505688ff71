using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Media;

public static class MediaServiceCollectionExtensions
{
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        return services;
    }
}
