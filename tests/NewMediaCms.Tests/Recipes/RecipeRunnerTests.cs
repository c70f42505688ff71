using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes;
using NewMediaCms.Tenancy;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Recipes;

/// <summary>Recipes: validated before anything is written, all-or-nothing, idempotent when re-run.</summary>
public sealed class RecipeRunnerTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _ = _app.Services; // builds the test county
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<RecipeResult> RunAsync(string json, string file = "test.recipe.json")
    {
        await using var scope = _app.TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync(file, json, Passwords);
    }

    private static readonly Dictionary<string, string> Passwords = new()
    {
        ["adminPassword"] = NmcAppFactory.AdminPassword,
        ["demoPassword"] = NmcAppFactory.DemoPassword,
    };

    private async Task<(int Tenants, int Accounts, int Items, int Versions, int Users)> CountsAsync()
    {
        await using var scope = _app.TenantScope(null);
        var db = _app.Db(scope);
        return (await db.Set<Tenant>().CountAsync(),
            await db.Set<Account>().AcrossTenants().CountAsync(),
            await db.Set<ContentItem>().AcrossTenants().CountAsync(),
            await db.Set<ContentVersion>().AcrossTenants().CountAsync(),
            await db.Users.CountAsync());
    }

    [Fact]
    public async Task Running_the_same_recipe_again_changes_nothing()
    {
        var before = await CountsAsync();
        var result = await RunAsync(await File.ReadAllTextAsync(TestPaths.Recipe("test-county")), "test-county.recipe.json");
        Assert.Equal(0, result.Changed);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task A_changed_item_gets_a_new_published_version_and_keeps_its_history()
    {
        var json = (await File.ReadAllTextAsync(TestPaths.Recipe("test-county"))).Replace("公安局关于办理居民身份证的通告", "公安局关于办理居民身份证的通告（修订）");
        var result = await RunAsync(json);
        Assert.Equal(1, result.Changed);
        await using var scope = _app.TenantScope("gaj");
        var versions = await _app.Db(scope).Set<ContentVersion>().Where(v => v.ContentItemId == "gaj-n-1").OrderBy(v => v.Number).ToListAsync();
        Assert.Equal(2, versions.Count);
        Assert.False(versions[0].Latest);
        Assert.False(versions[0].Published);
        Assert.True(versions[1].Latest);
        Assert.True(versions[1].Published);
        Assert.EndsWith("（修订）", versions[1].Title);
    }

    [Fact]
    public async Task Malformed_json_stops_with_the_file_and_position_and_changes_nothing()
    {
        var before = await CountsAsync();
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("{ \"name\": \"x\", \"steps\": [ { \"name\": ", "broken.recipe.json"));
        Assert.Contains("broken.recipe.json", ex.Message);
        Assert.Contains("不是有效的 JSON", ex.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task An_unknown_step_is_named_with_its_position_and_nothing_runs()
    {
        var before = await CountsAsync();
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
            { "name": "x", "steps": [
              { "name": "tenants", "tenants": [ { "id": "newdept", "displayName": "新部门", "prefix": "newdept" } ] },
              { "name": "frobnicate" }
            ] }
            """, "unknown.recipe.json"));
        Assert.Contains("unknown.recipe.json 第 2 步", ex.Message);
        Assert.Contains("未知步骤 “frobnicate”", ex.Message);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Validation_names_the_step_and_the_offending_item()
    {
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
            { "name": "x", "steps": [
              { "name": "accounts", "accounts": [ { "id": "ok-acc", "tenant": "gaj", "name": "好", "platform": "WeChat" },
                                                  { "id": "bad-acc", "tenant": "gaj", "name": "坏", "platform": "MySpace" } ] },
              { "name": "tenants", "tenants": [ { "id": "x1", "displayName": "保留字", "prefix": "admin" } ] }
            ] }
            """));
        Assert.Contains("第 1 步 “accounts” 条目 “bad-acc”：未知平台 “MySpace”", ex.Message);
        Assert.Contains("第 2 步 “tenants” 条目 “x1”：路径前缀 “admin” 是系统保留字", ex.Message);
    }

    [Fact]
    public async Task A_failure_in_a_later_step_rolls_back_the_earlier_steps()
    {
        var before = await CountsAsync();
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
            { "name": "x", "steps": [
              { "name": "tenants", "tenants": [ { "id": "rollback", "displayName": "回滚部门", "prefix": "rollback" } ] },
              { "name": "accounts", "accounts": [ { "id": "rollback-site", "tenant": "rollback", "name": "回滚网站", "platform": "SiteChannel" } ] },
              { "name": "content", "items": [ { "id": "rb-1", "type": "notice", "tenant": "rollback", "account": "gaj-site", "title": "错账号", "body": "x", "published": "now" } ] }
            ] }
            """, "rollback.recipe.json"));
        Assert.Contains("第 3 步 “content”", ex.Message);
        Assert.Contains("已回滚", ex.Message);
        Assert.Contains("“gaj-site” 不存在或不属于部门 “rollback”", ex.Message);
        Assert.Equal(before, await CountsAsync());
        Assert.Null(_app.Services.GetRequiredService<TenantRegistry>().Find("rollback"));
    }

    [Fact]
    public async Task An_undefined_variable_is_refused_by_name()
    {
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
            { "name": "x", "steps": [ { "name": "settings", "values": { "site.title": "{{ countyName }}" } } ] }
            """));
        Assert.Contains("未定义的变量 “countyName”", ex.Message);
    }

    [Fact]
    public async Task Recipe_variables_are_substituted_and_caller_values_win()
    {
        await RunAsync("""
            { "name": "x", "variables": { "county": "示例县", "title": "{{county}}政务新媒体矩阵" },
              "steps": [ { "name": "settings", "values": { "site.slogan": "{{title}}" } } ] }
            """);
        await using var scope = _app.TenantScope(null);
        var store = scope.ServiceProvider.GetRequiredService<NewMediaCms.Core.Settings.SettingsStore>();
        Assert.Equal("示例县政务新媒体矩阵", await store.GetStringAsync("site.slogan"));
    }

    [Fact]
    public async Task A_rerun_does_not_reset_a_password_somebody_changed()
    {
        await using (var scope = _app.TenantScope(null))
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<NmcUser>>();
            var user = (await users.FindByNameAsync("gaj.editor"))!;
            var token = await users.GeneratePasswordResetTokenAsync(user);
            Assert.True((await users.ResetPasswordAsync(user, token, "Changed-Pass-99!")).Succeeded);
        }
        await RunAsync(await File.ReadAllTextAsync(TestPaths.Recipe("test-county")));
        var response = await NmcAppFactory.SubmitLoginAsync(_app.Client(), "gaj.editor", "Changed-Pass-99!");
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
    }

    [Fact]
    public async Task Relative_dates_follow_the_day_the_recipe_runs_in_its_time_zone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
        var now = new DateTimeOffset(2026, 3, 10, 1, 30, 0, TimeSpan.Zero); // 09:30 in Beijing
        Assert.Equal(new DateTime(2026, 3, 7, 1, 0, 0, DateTimeKind.Utc), RecipeDates.ParseUtc("today-3d 09:00", now, zone));
        Assert.Equal(new DateTime(2026, 3, 9, 23, 30, 0, DateTimeKind.Utc), RecipeDates.ParseUtc("now-2h", now, zone));
        Assert.Equal(new DateTime(2026, 3, 9, 16, 0, 0, DateTimeKind.Utc), RecipeDates.ParseUtc("today", now, zone));
        Assert.Equal(new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc), RecipeDates.ParseUtc("2025-01-01T08:00:00", now, zone));
        Assert.Equal(new DateTime(2025, 1, 1, 8, 0, 0, DateTimeKind.Utc), RecipeDates.ParseUtc("2025-01-01T08:00:00Z", now, zone));
        Assert.False(RecipeDates.TryParseUtc("yesterday", now, zone, out _));
        Assert.False(RecipeDates.TryParseUtc("today-3d 25:00", now, zone, out _));
    }
}
