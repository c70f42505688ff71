using Microsoft.Extensions.Options;

namespace NewMediaCms.Web.Setup;

/// <summary>Bound from "Setup": what to build on the first start of an empty store.</summary>
public sealed class SetupOptions
{
    public const string Section = "Setup";

    /// <summary>Name of a recipe in recipes/ ("demo-county", "blank") or a path to a recipe file. Empty: build nothing.</summary>
    public string Recipe { get; set; } = "demo-county";

    /// <summary>Initial password of the "admin" user. Empty: a random one is generated and printed once.</summary>
    public string AdminPassword { get; set; } = "";

    /// <summary>Initial password of the demo users. Empty: a random one is generated and printed once.</summary>
    public string DemoPassword { get; set; } = "";

    public string? RecipesPath { get; set; }
}

/// <summary>A first-start recipe that does not exist is a start-up error naming the setting, not a failure on the first empty store.</summary>
internal sealed class SetupOptionsValidator(IHostEnvironment environment) : IValidateOptions<SetupOptions>
{
    public ValidateOptionsResult Validate(string? name, SetupOptions options)
    {
        if (!string.IsNullOrEmpty(options.RecipesPath) && !Directory.Exists(options.RecipesPath))
        {
            return ValidateOptionsResult.Fail($"配置项 Setup:RecipesPath 指定的配方目录 “{options.RecipesPath}” 不存在。");
        }
        if (string.IsNullOrWhiteSpace(options.Recipe))
        {
            return ValidateOptionsResult.Success;
        }
        string file;
        try
        {
            file = RecipeFiles.Locate(options.Recipe, options.RecipesPath, environment.ContentRootPath);
        }
        catch (DirectoryNotFoundException)
        {
            return ValidateOptionsResult.Fail($"找不到配置项 Setup:Recipe 指定的配方 “{options.Recipe}”：没有 recipes 目录（从 {environment.ContentRootPath} 向上查找），" +
                "可在配置项 Setup:RecipesPath 中设置配方目录。");
        }
        return File.Exists(file)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"配置项 Setup:Recipe 指定的配方 “{options.Recipe}” 不存在（查找了 {file}）。" +
                $"请填写 {Path.GetDirectoryName(file)} 中的配方名称（{string.Join("、", RecipeFiles.Names(Path.GetDirectoryName(file)!))}）、配方文件的路径，或留空（首次启动不建立任何内容）。");
    }
}

/// <summary>Where a recipe named in configuration or on the command line is: an existing file, or NAME.recipe.json in recipes/.</summary>
internal static class RecipeFiles
{
    public static string Locate(string recipe, string? recipesPath, string contentRoot)
    {
        if (File.Exists(recipe))
        {
            return Path.GetFullPath(recipe);
        }
        var dir = string.IsNullOrEmpty(recipesPath) ? AppPaths.Find(contentRoot, "recipes") : recipesPath;
        return Path.Combine(dir, recipe.EndsWith(".json", StringComparison.Ordinal) ? recipe : recipe + ".recipe.json");
    }

    public static IEnumerable<string> Names(string dir)
        => Directory.Exists(dir)
            ? Directory.EnumerateFiles(dir, "*.recipe.json").Select(f => Path.GetFileName(f)[..^".recipe.json".Length]).Order(StringComparer.Ordinal)
            : [];
}
