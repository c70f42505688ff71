using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Web.Setup;

public static class SetupServiceCollectionExtensions
{
    /// <summary>Setup: migrations, built-in roles and the first-start recipe (<see cref="SetupService"/>), with its options checked at start.</summary>
    public static IServiceCollection AddSetup(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SetupOptions>().Bind(configuration.GetSection(SetupOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SetupOptions>, SetupOptionsValidator>());
        services.AddScoped<SetupService>();
        return services;
    }
}
