using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Accounts;

/// <summary>The content recipe step gives an item without "account" its department's site channel, and says so when there is none.</summary>
public sealed class ContentRecipeDefaultAccountTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private async Task RunAsync(string json)
    {
        await using var scope = app.TenantScope(null);
        await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("default-account.recipe.json", json);
    }

    [Fact]
    public async Task A_recipe_item_without_an_account_goes_to_the_departments_site_channel()
    {
        await RunAsync("""
            { "name": "x", "steps": [ { "name": "content", "items": [
              { "id": "recipe-default-1", "type": "notice", "tenant": "gaj", "title": "配方里未指定账号", "body": "正文", "published": "now" } ] } ] }
            """);
        await using var scope = app.TenantScope(null);
        var item = await app.Db(scope).Set<ContentItem>().AcrossTenants().Include(i => i.Versions).SingleAsync(i => i.Id == "recipe-default-1");
        Assert.Equal("gaj-site", item.AccountId);
        Assert.All(item.Versions, v => Assert.Equal("gaj-site", v.AccountId));
    }

    [Fact]
    public async Task A_recipe_item_without_an_account_in_a_department_without_a_site_channel_is_refused_with_the_fix()
    {
        var ex = await Assert.ThrowsAsync<RecipeException>(() => RunAsync("""
            { "name": "x", "steps": [ { "name": "content", "items": [
              { "id": "recipe-default-2", "type": "notice", "tenant": "cdc", "title": "无网站栏目", "body": "正文" } ] } ] }
            """));
        Assert.Contains("内容 “recipe-default-2” 没有指定账号（account），部门 “cdc” 也没有网站栏目账号", ex.Message);
    }
}
