using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Accounts;

public static class AccountsServiceCollectionExtensions
{
    public static IServiceCollection AddAccounts(this IServiceCollection services)
    {
        services.AddSingleton<IModelContributor, AccountsModel>();
        services.AddScoped<IRecipeStep, AccountsRecipeStep>();
        services.AddSingleton<IModelContributor, AccountLifecycleModel>();
        services.AddScoped<AccountLifecycleService>();
        services.AddScoped<AccountDirectory>();
        return services;
    }
}
