using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes.Steps;

namespace NewMediaCms.Recipes;

public static class RecipesServiceCollectionExtensions
{
    /// <summary>The recipe runner and the <c>settings</c> step (the <c>roles</c> and <c>users</c> steps are registered by AddUsers).</summary>
    public static IServiceCollection AddRecipes(this IServiceCollection services)
    {
        services.AddScoped<RecipeRunner>();
        services.AddScoped<IRecipeStep, SettingsRecipeStep>();
        return services;
    }
}
