using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Themes;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>Output cache for anonymous readers, evicted when content is published; fields and template overrides.</summary>
public sealed class ReaderCacheTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Changes a published title behind the application's back: no domain event, so no eviction.</summary>
    private async Task RetitleSilentlyAsync(string itemId, string title)
    {
        await using var scope = _app.TenantScope(null);
        var db = _app.Db(scope);
        var version = await db.Set<ContentVersion>().AcrossTenants().SingleAsync(v => v.ContentItemId == itemId && v.Published);
        using (scope.ServiceProvider.GetRequiredService<NewMediaCms.Core.Tenancy.ITenantContext>().BeginMatrixScope())
        {
            version.Title = title;
            await db.SaveChangesAsync();
        }
    }

    [Fact]
    public async Task Anonymous_pages_are_cached_and_publishing_through_a_recipe_evicts_the_department_and_the_portal()
    {
        var client = _app.Client();
        Assert.Contains("公安局关于办理居民身份证的通告", await client.GetStringAsync("/gaj/"));
        Assert.Contains("公安局关于办理居民身份证的通告", await client.GetStringAsync("/"));
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", await client.GetStringAsync("/wjw/"));

        await RetitleSilentlyAsync("gaj-n-1", "静默修改的标题");
        // Cached: the silent change is not visible yet (this is what proves the pages come from the cache).
        Assert.DoesNotContain("静默修改的标题", await client.GetStringAsync("/gaj/"));

        await using (var scope = _app.TenantScope(null))
        {
            var recipe = """
                { "name": "publish-one", "steps": [ { "name": "content", "items": [
                  { "id": "gaj-n-new", "type": "notice", "tenant": "gaj", "account": "gaj-site", "title": "公安局新发布的通告",
                    "body": "新通告正文。", "published": "today-1h" } ] } ] }
                """;
            var result = await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("publish-one.recipe.json", recipe);
            Assert.Equal(1, result.Changed);
        }

        var gaj = await client.GetStringAsync("/gaj/");
        Assert.Contains("公安局新发布的通告", gaj);
        Assert.Contains("静默修改的标题", gaj);                                 // the whole department was evicted
        Assert.Contains("公安局新发布的通告", await client.GetStringAsync("/"));   // and the portal
        Assert.Contains("公安局新发布的通告", await client.GetStringAsync("/gaj/feed/rss"));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gaj/notices/gaj-n-new")).StatusCode);
    }

    [Fact]
    public async Task A_domain_event_evicts_only_after_the_save_and_not_when_the_transaction_rolls_back()
    {
        var client = _app.Client();
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", await client.GetStringAsync("/wjw/notices"));
        await RetitleSilentlyAsync("wjw-n-1", "卫健局静默修改");

        await using (var scope = _app.TenantScope("wjw"))
        {
            var db = _app.Db(scope);
            await using var tx = await db.Database.BeginTransactionAsync();
            db.Raise(new ContentUnpublished("wjw", "wjw-n-1"));
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        Assert.DoesNotContain("卫健局静默修改", await client.GetStringAsync("/wjw/notices"));

        await using (var scope = _app.TenantScope("wjw"))
        {
            var db = _app.Db(scope);
            db.Raise(new ContentPublished("wjw", "wjw-n-1", 0, "notice"));
            await db.SaveChangesAsync();
        }
        Assert.Contains("卫健局静默修改", await client.GetStringAsync("/wjw/notices"));
    }

    [Fact]
    public async Task Signed_in_users_are_never_served_cached_pages()
    {
        var anonymous = _app.Client();
        Assert.Contains("公安局关于办理居民身份证的通告", await anonymous.GetStringAsync("/gaj/"));
        await RetitleSilentlyAsync("gaj-n-1", "公安局静默修改");
        Assert.DoesNotContain("公安局静默修改", await anonymous.GetStringAsync("/gaj/"));
        var admin = await _app.SignInAsync("admin");
        Assert.Contains("公安局静默修改", await admin.GetStringAsync("/gaj/"));
        Assert.DoesNotContain("公安局静默修改", await anonymous.GetStringAsync("/gaj/"));   // and what they saw was not cached for others
    }

    [Fact]
    public async Task A_notice_shows_document_number_issuer_written_date_attachments_and_its_interpretation()
    {
        await using (var scope = _app.TenantScope(null))
        {
            var recipe = """
                { "name": "policy", "steps": [ { "name": "content", "items": [
                  { "id": "gaj-policy-1", "type": "policy", "tenant": "gaj", "account": "gaj-site", "title": "关于加强道路交通安全管理的规定",
                    "body": "规定正文。", "published": "today-2h",
                    "fields": { "docNumber": "测公发〔2026〕3号", "issuer": "测试县公安局办公室", "writtenOn": "2026-11-20",
                                "attachments": [ { "name": "实施细则.pdf", "url": "/files/gaj/rules.pdf" }, { "name": "坏链接", "url": "javascript:alert(1)" } ] } },
                  { "id": "gaj-interp-1", "type": "interpretation", "tenant": "gaj", "account": "gaj-site", "title": "《关于加强道路交通安全管理的规定》解读",
                    "body": "解读正文。", "published": "today-1h", "fields": { "policy": "gaj-policy-1" } } ] } ] }
                """;
            await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("policy.recipe.json", recipe);
        }
        var html = await _app.Client().GetStringAsync("/gaj/notices/gaj-policy-1");
        Assert.Contains("<li>文号：测公发〔2026〕3号</li>", html);
        Assert.Contains("<li>发布机构：测试县公安局办公室</li>", html);
        Assert.Contains("<li>成文日期：2026-11-20</li>", html);
        Assert.Contains("<a href=\"/files/gaj/rules.pdf\">实施细则.pdf</a>", html);
        Assert.DoesNotContain("javascript:", html);
        Assert.Contains("<a href=\"/gaj/notices/gaj-interp-1\">《关于加强道路交通安全管理的规定》解读</a>", html);   // linked back
        var interpretation = await _app.Client().GetStringAsync("/gaj/notices/gaj-interp-1");
        Assert.Contains("<a href=\"/gaj/notices/gaj-policy-1\">关于加强道路交通安全管理的规定</a>", interpretation);
        Assert.DoesNotContain("文号：", interpretation);
        Assert.Contains("关于加强道路交通安全管理的规定", await _app.Client().GetStringAsync("/gaj/category/policy"));
    }
}
