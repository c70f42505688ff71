using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Content;

public static class ContentServiceCollectionExtensions
{
    public static IServiceCollection AddContent(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, ContentModel>();
        services.AddScoped<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, ItemFactsInterceptor>();
        services.AddSingleton<MarkdownRenderer>();
        services.AddScoped<PublishedContentReader>();
        services.AddScoped<ContentStore>();
        services.AddScoped<IRecipeStep, ContentRecipeStep>();
        services.AddScoped<IRecipeStep, Types.ContentTypesRecipeStep>();
        services.AddScoped<Types.ContentTypeRegistry>();
        return services;
    }
}
