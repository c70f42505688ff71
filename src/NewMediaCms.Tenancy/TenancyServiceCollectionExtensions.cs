using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Tenancy;

public static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, TenancyModel>();
        services.AddSingleton<TenantRegistry>();
        services.AddScoped<TenantDirectory>();
        services.AddScoped<DepartmentThemes>();
        services.AddScoped<IRecipeStep, TenantsRecipeStep>();
        return services;
    }

    public static IApplicationBuilder UseTenantResolution(this IApplicationBuilder app)
        => app.UseMiddleware<TenantResolutionMiddleware>();
}
