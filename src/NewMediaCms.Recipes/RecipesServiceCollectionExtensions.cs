using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes.Steps;

namespace NewMediaCms.Recipes;

public static class RecipesServiceCollectionExtensions
{
    public static IServiceCollection AddRecipes(this IServiceCollection services)
    {
        services.AddScoped<RecipeRunner>();
        services.AddScoped<IRecipeStep, RolesRecipeStep>();
        services.AddScoped<IRecipeStep, UsersRecipeStep>();
        services.AddScoped<IRecipeStep, SettingsRecipeStep>();
        return services;
    }
}
