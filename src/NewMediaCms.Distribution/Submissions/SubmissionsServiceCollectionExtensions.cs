using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Distribution.Submissions;

public static class SubmissionsServiceCollectionExtensions
{
    /// <summary>信息报送: the submissions table, the commands (submit, adopt, return), the queries and figures, the adoption's publication hook and the "submissions" recipe step.</summary>
    public static IServiceCollection AddSubmissions(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, SubmissionsModel>();
        services.AddScoped(sp => new SubmissionService(sp.GetRequiredService<NmcDbContext>(), sp.GetRequiredService<ITenantContext>(), sp.GetRequiredService<TenantRegistry>(),
            sp.GetRequiredService<ApprovedVersions>(), sp.GetRequiredService<DraftService>(), sp.GetRequiredService<ReviewService>(), sp.GetRequiredService<AccountDirectory>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<Content.Types.ContentTypeRegistry>()));
        services.AddScoped<SubmissionQueries>();
        services.AddScoped<IDomainEventHandler<ContentPublished>, SubmissionAdoptionHandler>();
        services.AddScoped<IRecipeStep, SubmissionsRecipeStep>();
        return services;
    }
}
