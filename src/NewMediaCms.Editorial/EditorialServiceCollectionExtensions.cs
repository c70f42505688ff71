using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

public static class EditorialServiceCollectionExtensions
{
    /// <summary>Review chains, the editorial service (the one path for content changes) and its queries.</summary>
    public static IServiceCollection AddEditorial(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, EditorialModel>();
        services.AddScoped<ReviewChainService>();
        services.AddScoped<EditorialService>();
        services.TryAddScoped<IPublicationScheduler, NoPublicationScheduler>();
        services.AddScoped<EditorialQueries>();
        return services;
    }
}
