using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;

namespace NewMediaCms.Editorial;

public static class EditorialServiceCollectionExtensions
{
    /// <summary>Review chains, the editorial service (the one path for content changes), its queries and the review-chain evidence for inspection.</summary>
    public static IServiceCollection AddEditorial(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, EditorialModel>();
        services.AddScoped<ReviewChainService>();
        services.AddScoped<EditorialService>();
        services.TryAddScoped<IPublicationScheduler, NoPublicationScheduler>();
        services.AddScoped<EditorialQueries>();
        // Evidence for inspection rule NM-D13 (published without the full review chain).
        services.AddScoped<IReviewChainEvidence, ReviewChainEvidence>();
        return services;
    }
}
