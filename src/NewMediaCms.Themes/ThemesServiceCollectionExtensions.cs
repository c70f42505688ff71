using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Themes;

public static class ThemesServiceCollectionExtensions
{
    /// <summary>
    /// Themes bound from "Themes"; without Themes:Path, <paramref name="findDefaultPath"/> finds the folder (it may throw
    /// <see cref="DirectoryNotFoundException"/>). Validated at start: a missing or unusable folder stops the start with
    /// a sentence naming Themes:Path.
    /// </summary>
    public static IServiceCollection AddThemes(this IServiceCollection services, IConfiguration configuration, Func<string> findDefaultPath)
    {
        services.AddOptions<ThemeOptions>()
            .Bind(configuration.GetSection(ThemeOptions.Section))
            .PostConfigure(o =>
            {
                if (string.IsNullOrWhiteSpace(o.Path))
                {
                    try
                    {
                        o.Path = findDefaultPath();
                    }
                    catch (DirectoryNotFoundException)
                    {
                        o.Path = null;   // reported by the validation, with the setting's name
                    }
                }
            })
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<ThemeOptions>, ThemeOptionsValidation>();
        services.AddSingleton<ThemeRenderer>();
        return services;
    }
}

/// <summary>Themes:Path must name an existing folder that holds at least one theme (a folder with theme.json).</summary>
internal sealed class ThemeOptionsValidation : IValidateOptions<ThemeOptions>
{
    public ValidateOptionsResult Validate(string? name, ThemeOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.Path))
        {
            return ValidateOptionsResult.Fail("Themes:Path 未设置，且在程序目录之上找不到 themes 文件夹：请把 Themes:Path 设为主题文件夹（其中每个主题一个子文件夹，含 theme.json）。");
        }
        if (!Directory.Exists(options.Path))
        {
            return ValidateOptionsResult.Fail($"Themes:Path 指向的文件夹不存在：{options.Path}。请把 Themes:Path 设为主题文件夹（其中每个主题一个子文件夹，含 theme.json）。");
        }
        if (!Directory.EnumerateDirectories(options.Path).Any(d => File.Exists(Path.Combine(d, "theme.json"))))
        {
            return ValidateOptionsResult.Fail($"Themes:Path 指向的文件夹中没有主题：{options.Path}。每个主题须是一个含 theme.json 的子文件夹。");
        }
        return ValidateOptionsResult.Success;
    }
}
