using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Content.PostingFacts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Content;

public static class ContentServiceCollectionExtensions
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, ContentModel>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, ItemFactsInterceptor>();
        // The limits of a Markdown body (length, nesting, render time), checked before the renderer runs: docs/architecture.md.
        services.AddOptions<MarkdownLimits>().BindConfiguration(MarkdownLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<Published.IPublishedContentSource, Published.PublishedContentSource>();
        services.AddScoped<ContentStore>();
        services.AddScoped<References.ContentReferences>();
        services.AddScoped<IRecipeStep, ContentRecipeStep>();
        services.AddScoped<IRecipeStep, Types.ContentTypesRecipeStep>();
        services.AddScoped<Types.ContentTypeRegistry>();
        services.AddPostingFacts();
        return services;
    }
}
