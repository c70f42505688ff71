using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Themes;

public static class ThemesServiceCollectionExtensions
{
    public static IServiceCollection AddThemes(this IServiceCollection services, string themesPath)
    {
        services.AddOptions<ThemeOptions>().Configure(o => o.Path ??= themesPath);
        services.AddSingleton<ThemeRenderer>();
        return services;
    }
}
