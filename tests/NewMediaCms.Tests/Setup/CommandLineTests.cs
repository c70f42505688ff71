using NewMediaCms.Web.Setup;

namespace NewMediaCms.Tests.Setup;

/// <summary>
/// Commands are found wherever the configuration switches stand, and a command never seeds a store as a side effect:
/// the store a switch names gets migrations, the built-in roles and what the command does, nothing else.
/// </summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--Store:AppDataPath=/data recipe run blank", "--Store:AppDataPath=/data", "recipe run blank")]
    [InlineData("--Store:AppDataPath /data recipe run blank", "--Store:AppDataPath /data", "recipe run blank")]
    [InlineData("/Store:AppDataPath=/data recipe run blank", "/Store:AppDataPath=/data", "recipe run blank")]
    [InlineData("recipe run blank --Store:AppDataPath=/data", "--Store:AppDataPath=/data", "recipe run blank")]
    [InlineData("recipe --Store:AppDataPath /data run blank", "--Store:AppDataPath /data", "recipe run blank")]
    [InlineData("--urls http://127.0.0.1:0 migrate --Store:Provider=Sqlite", "--urls http://127.0.0.1:0 --Store:Provider=Sqlite", "migrate")]
    [InlineData("recipe run /srv/recipes/x.recipe.json --var a=b --Store:AppDataPath=/data --var c=d=e", "--Store:AppDataPath=/data",
        "recipe run /srv/recipes/x.recipe.json --var a=b --var c=d=e")]
    [InlineData("user set-password admin -Secret-Pass-1", "", "user set-password admin -Secret-Pass-1")]
    public void Switches_go_to_the_configuration_and_the_other_words_are_the_command(string line, string configuration, string command)
    {
        var parsed = CommandLine.Parse(line.Split(' '));
        Assert.Equal(configuration, string.Join(' ', parsed.Configuration));
        Assert.Equal(command, string.Join(' ', parsed.Command));
        Assert.True(parsed.IsCommand);
    }

    [Theory]
    [InlineData("")]
    [InlineData("--urls http://127.0.0.1:5080")]
    [InlineData("--Store:AppDataPath=/data --Setup:Recipe blank")]
    public void Only_switches_start_the_web_server(string line)
    {
        var parsed = CommandLine.Parse(line.Length == 0 ? [] : line.Split(' '));
        Assert.False(parsed.IsCommand);
        Assert.Empty(parsed.Command);
    }

    [Theory]
    [InlineData("--Store:AppDataPath={0} recipe run blank")]
    [InlineData("--Store:AppDataPath {0} recipe run blank")]
    [InlineData("/Store:AppDataPath={0} recipe run blank")]
    [InlineData("recipe run blank --Store:AppDataPath={0}")]
    public async Task A_switch_anywhere_runs_the_command_and_the_store_it_names_gets_only_the_named_recipe(string line)
    {
        using var appData = AppProcess.NewAppData();
        var (exitCode, output) = await AppProcess.RunAsync(string.Format(line, appData.Path).Split(' '));

        Assert.True(exitCode == 0, output);
        Assert.Contains("配方 blank 执行完成", output);
        Assert.DoesNotContain("首次启动", output);
        // The blank matrix: the portal and its administrator, none of the demo county's departments or users.
        Assert.Equal(["portal"], appData.Query("SELECT Id FROM Tenants ORDER BY Id"));
        Assert.Equal(["admin"], appData.Query("SELECT UserName FROM AspNetUsers ORDER BY UserName"));
        Assert.Empty(appData.Query("SELECT Id FROM Accounts"));
    }

    [Fact]
    public async Task Migrate_after_a_switch_prepares_the_store_and_builds_nothing_in_it()
    {
        using var appData = AppProcess.NewAppData();
        var (exitCode, output) = await AppProcess.RunAsync(["--Store:AppDataPath=" + appData.Path, "migrate"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("数据库迁移完成", output);
        Assert.Empty(appData.Query("SELECT Id FROM Tenants"));
        Assert.Empty(appData.Query("SELECT UserName FROM AspNetUsers"));
    }

    [Fact]
    public async Task The_operators_password_reset_after_a_switch_sets_the_password_and_is_audited()
    {
        using var appData = AppProcess.NewAppData();
        var store = "--Store:AppDataPath=" + appData.Path;
        var (created, createdOutput) = await AppProcess.RunAsync([store, "recipe", "run", "blank", "--var", "adminPassword=First-Pass-1!"]);
        Assert.True(created == 0, createdOutput);
        var hashBefore = appData.Query("SELECT PasswordHash FROM AspNetUsers WHERE UserName = 'admin'").Single();

        var (exitCode, output) = await AppProcess.RunAsync([store, "user", "set-password", "admin", "Second-Pass-2!"]);

        Assert.True(exitCode == 0, output);
        Assert.Contains("用户 “admin” 的密码已修改", output);
        Assert.NotEqual(hashBefore, appData.Query("SELECT PasswordHash FROM AspNetUsers WHERE UserName = 'admin'").Single());
        Assert.Equal(["system 命令行重置密码"],
            appData.Query("SELECT Actor || ' ' || Detail FROM AuditEntries WHERE Action = 'user.password-reset' AND SubjectId = 'admin'"));
    }
}
