using NewMediaCms.Tests.Store;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>The themes folder is checked at start: a wrong Themes:Path stops the start with a sentence naming the setting.</summary>
public sealed class ThemesStartupTests
{
    [Fact]
    public async Task A_themes_path_that_does_not_exist_stops_start_up_naming_Themes_Path()
    {
        var missing = Path.Combine(Path.GetTempPath(), "nmc-no-themes-" + Guid.NewGuid().ToString("N"));
        var (exitCode, output) = await StartupErrorTests.StartAsync(new() { ["Themes__Path"] = missing });
        Assert.Equal(1, exitCode);
        Assert.Contains("启动失败：Themes:Path 指向的文件夹不存在", output);
        Assert.Contains(missing, output);
        Assert.DoesNotContain("   at ", output); // no stack trace
    }

    [Fact]
    public async Task A_themes_path_without_any_theme_stops_start_up_naming_Themes_Path()
    {
        var empty = Directory.CreateTempSubdirectory("nmc-empty-themes-").FullName;
        try
        {
            var (exitCode, output) = await StartupErrorTests.StartAsync(new() { ["Themes__Path"] = empty });
            Assert.Equal(1, exitCode);
            Assert.Contains("Themes:Path 指向的文件夹中没有主题", output);
            Assert.DoesNotContain("   at ", output);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }
}
