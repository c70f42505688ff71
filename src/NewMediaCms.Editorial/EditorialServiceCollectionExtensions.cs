using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Safety;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

public static class EditorialServiceCollectionExtensions
{
    /// <summary>
    /// Review chains, the editorial commands by verb (drafts, review, publication, recycle bin — together the one path
    /// for content changes), their queries, the schedule's view of versions and the review-chain evidence for inspection.
    /// </summary>
    public static IServiceCollection AddEditorial(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, EditorialModel>();
        services.AddScoped<ReviewChainService>();
        services.AddScoped(sp => new EditorialStore(sp.GetRequiredService<NmcDbContext>(), sp.GetRequiredService<ContentStore>(),
            sp.GetRequiredService<ITenantContext>(), sp.GetRequiredService<ReviewChainService>(), sp.GetRequiredService<TimeProvider>()));
        // The commands' constructors are internal (they take the editorial unit of work, internal to this capability).
        services.AddScoped(sp => new DraftService(sp.GetRequiredService<EditorialStore>(), sp.GetRequiredService<ContentTypeRegistry>(), sp.GetRequiredService<IPublicationScheduler>(),
            sp.GetRequiredService<Accounts.AccountDirectory>(), sp.GetRequiredService<Accounts.AccountLifecycleService>(), sp.GetRequiredService<IContentSafetyGate>()));
        services.AddScoped(sp => new ReviewService(sp.GetRequiredService<EditorialStore>(), sp.GetRequiredService<DraftService>(), sp.GetRequiredService<ContentTypeRegistry>(),
            sp.GetRequiredService<ReviewChainService>(), sp.GetRequiredService<IPublicationScheduler>(), sp.GetRequiredService<IContentSafetyGate>(), sp.GetService<Core.Identity.IPeopleDirectory>()));
        services.AddScoped(sp => new PublicationService(sp.GetRequiredService<EditorialStore>(), sp.GetRequiredService<ReviewChainService>(),
            sp.GetRequiredService<MarkdownRenderer>(), sp.GetRequiredService<IPublicationScheduler>(), sp.GetRequiredService<IContentSafetyGate>(), sp.GetRequiredService<Accounts.AccountDirectory>()));
        services.AddScoped(sp => new RecycleBin(sp.GetRequiredService<EditorialStore>()));
        services.TryAddScoped<IPublicationScheduler, NoPublicationScheduler>();
        // The content-safety gate (NewMediaCms.Safety replaces it); without it nothing blocks.
        services.TryAddScoped<IContentSafetyGate, NoContentSafetyGate>();
        services.AddScoped<EditorialQueries>();
        services.AddScoped<ApprovedVersions>();
        services.AddScoped<ContentList>();
        services.AddScoped(sp => new ContentActionsService(sp.GetRequiredService<EditorialStore>()));
        services.AddScoped(sp => new BulkActions(sp.GetRequiredService<EditorialStore>(), sp.GetRequiredService<ReviewService>(), sp.GetRequiredService<RecycleBin>(),
            sp.GetRequiredService<DraftService>(), sp.GetRequiredService<EditorialQueries>()));
        services.AddScoped(sp => new ReviewerViews(sp.GetRequiredService<EditorialStore>()));
        services.AddScoped(sp => new ScheduledVersions(sp.GetRequiredService<EditorialStore>()));
        // Evidence for inspection rule NM-D13 (published without the full review chain).
        services.AddScoped<IReviewChainEvidence, ReviewChainEvidence>();
        return services;
    }
}
