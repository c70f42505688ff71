using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Web.Setup;

namespace NewMediaCms.Tests.Setup;

/// <summary>A first-start recipe that does not exist stops the start-up naming Setup:Recipe, before the store is touched.</summary>
public sealed class SetupOptionsTests
{
    private static SetupOptionsValidator Validator()
        => new(new HostingEnvironment { ContentRootPath = AppContext.BaseDirectory, EnvironmentName = Environments.Production });

    [Fact]
    public async Task An_unknown_setup_recipe_stops_start_up_naming_the_setting_before_the_store_is_created()
    {
        using var appData = AppProcess.NewAppData();
        var (exitCode, output) = await AppProcess.RunAsync([], new Dictionary<string, string>
        {
            ["Store__AppDataPath"] = appData.Path,
            ["Setup__Recipe"] = "demo-citty",
        });

        Assert.Equal(1, exitCode);
        Assert.Contains("启动失败：", output);
        Assert.Contains("Setup:Recipe", output);
        Assert.Contains("demo-citty", output);
        Assert.Contains("demo-county", output); // the recipes there are named
        Assert.DoesNotContain("   at ", output);
        Assert.False(File.Exists(Path.Combine(appData.Path, "newmediacms.db")), "nothing was migrated or seeded");
    }

    [Theory]
    [InlineData("demo-county")]
    [InlineData("blank")]
    [InlineData("blank.recipe.json")]
    [InlineData("")]
    public void A_recipe_of_the_recipes_folder_or_none_is_accepted(string recipe)
        => Assert.True(Validator().Validate(null, new SetupOptions { Recipe = recipe }).Succeeded);

    [Fact]
    public void A_recipe_file_given_by_path_is_accepted()
        => Assert.True(Validator().Validate(null, new SetupOptions { Recipe = TestPaths.Recipe("test-county") }).Succeeded);

    [Fact]
    public void A_recipes_folder_that_does_not_exist_is_named()
    {
        var result = Validator().Validate(null, new SetupOptions { RecipesPath = Path.Combine(Path.GetTempPath(), "no-such-recipes-" + Guid.NewGuid()) });
        Assert.True(result.Failed);
        Assert.Contains("Setup:RecipesPath", result.FailureMessage);
    }
}
