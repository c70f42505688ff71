using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>
/// Settings and theme changes evict the cached pages that show them (tags, after the commit), and only those.
/// Each test first changes a title silently (no event, no eviction) so that seeing or not seeing it tells whether a
/// page came from the cache.
/// </summary>
public sealed class SiteChangeEvictionTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

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

    /// <summary>Submits an admin form the way a browser does: GET it, then POST it with its antiforgery token.</summary>
    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task A_department_admin_changing_the_site_settings_is_seen_by_the_next_anonymous_reader_of_that_department_only()
    {
        var reader = _app.Client();
        var before = await reader.GetStringAsync("/gaj/");
        Assert.Contains("测试县人民政府办公室主办", before);   // the matrix footer, inherited
        Assert.Contains("公安局关于办理居民身份证的通告", await reader.GetStringAsync("/"));
        await RetitleSilentlyAsync("gaj-n-1", "公安局静默修改的标题");
        Assert.DoesNotContain("公安局静默修改的标题", await reader.GetStringAsync("/gaj/"));   // served from the cache

        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var saved = await SubmitAsync(admin, "/gaj/admin/site-settings", new() { ["SiteTitle"] = "测试县公安局网站", ["Footer"] = "公安局网站页脚：报警请拨110" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("网站设置已保存", await admin.GetStringAsync(saved.Headers.Location!.ToString()));

        var after = await reader.GetStringAsync("/gaj/");
        Assert.Contains("公安局网站页脚：报警请拨110", after);
        Assert.Contains("<meta property=\"og:site_name\" content=\"测试县公安局网站\">", after);
        Assert.DoesNotContain("测试县人民政府办公室主办", after);
        Assert.Contains("公安局静默修改的标题", after);                                              // the whole page was rendered again
        Assert.Contains("公安局网站页脚：报警请拨110", await reader.GetStringAsync("/gaj/notices/gaj-n-1"));   // every page of the department
        // The portal does not show the department's settings: its cached pages stay.
        var portal = await reader.GetStringAsync("/");
        Assert.DoesNotContain("公安局静默修改的标题", portal);
        Assert.DoesNotContain("公安局网站页脚", portal);
        Assert.DoesNotContain("公安局网站页脚", await reader.GetStringAsync("/wjw/"));
    }

    [Fact]
    public async Task An_editor_may_read_but_not_change_the_site_settings()
    {
        var editor = await _app.SignInAsync("gaj.editor", pathBase: "/gaj");
        Assert.Contains("网站名称：测试县政务新媒体矩阵", await editor.GetStringAsync("/gaj/admin/site-settings"));
        var response = await SubmitAsync(editor, "/gaj/admin/site-settings", new() { ["SiteTitle"] = "编辑改的名称", ["Footer"] = "编辑改的页脚" });
        Assert.DoesNotContain("saved", response.Headers.Location?.ToString() ?? "", StringComparison.Ordinal);
        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, response.StatusCode.ToString());
        Assert.DoesNotContain("编辑改的页脚", await _app.Client().GetStringAsync("/gaj/"));
    }

    [Fact]
    public async Task Changing_the_department_theme_in_the_admin_is_seen_by_the_next_anonymous_reader()
    {
        var reader = _app.Client();
        Assert.Contains("/themes/department/assets/theme.css", await reader.GetStringAsync("/gaj/notices"));
        Assert.Contains("公安局关于办理居民身份证的通告", await reader.GetStringAsync("/"));
        await RetitleSilentlyAsync("gaj-n-1", "换主题前静默修改");
        Assert.DoesNotContain("换主题前静默修改", await reader.GetStringAsync("/gaj/notices"));

        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var saved = await SubmitAsync(admin, "/gaj/admin/theme", new() { ["Theme"] = "matrix" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var after = await reader.GetStringAsync("/gaj/notices");
        Assert.DoesNotContain("/themes/department/assets/theme.css", after);
        Assert.Contains("换主题前静默修改", after);
        Assert.DoesNotContain("换主题前静默修改", await reader.GetStringAsync("/"));   // the portal was not evicted
    }

    [Fact]
    public async Task Changing_a_matrix_setting_evicts_every_public_page_and_a_rolled_back_change_evicts_nothing()
    {
        var reader = _app.Client();
        Assert.Contains("测试县人民政府办公室主办", await reader.GetStringAsync("/"));
        Assert.Contains("测试县人民政府办公室主办", await reader.GetStringAsync("/wjw/notices"));

        // A settings change that is rolled back leaves the cached pages alone.
        await using (var scope = _app.TenantScope(null))
        {
            var db = _app.Db(scope);
            await using var tx = await db.Database.BeginTransactionAsync();
            var footer = await db.Set<NewMediaCms.Core.Settings.Setting>().SingleAsync(s => s.Scope == "" && s.Key == "site.footer");
            footer.ValueJson = "\"回滚的页脚\"";
            await db.SaveChangesAsync();
            await tx.RollbackAsync();
        }
        await RetitleSilentlyAsync("wjw-n-1", "卫健局静默修改");
        Assert.DoesNotContain("卫健局静默修改", await reader.GetStringAsync("/wjw/notices"));

        await using (var scope = _app.TenantScope(null))
        {
            var recipe = """{ "name": "footer", "steps": [ { "name": "settings", "values": { "site.footer": "矩阵统一的新页脚" } } ] }""";
            var result = await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("footer.recipe.json", recipe);
            Assert.Equal(1, result.Changed);
        }
        Assert.Contains("矩阵统一的新页脚", await reader.GetStringAsync("/"));
        var wjw = await reader.GetStringAsync("/wjw/notices");
        Assert.Contains("矩阵统一的新页脚", wjw);
        Assert.Contains("卫健局静默修改", wjw);
        Assert.DoesNotContain("回滚的页脚", wjw);
    }

    [Fact]
    public async Task A_setting_of_the_portal_tenant_evicts_the_portal_pages_and_not_the_departments()
    {
        var reader = _app.Client();
        Assert.Contains("公安局关于办理居民身份证的通告", await reader.GetStringAsync("/"));
        Assert.Contains("公安局关于办理居民身份证的通告", await reader.GetStringAsync("/gaj/"));
        await RetitleSilentlyAsync("gaj-n-1", "门户设置前静默修改");

        await using (var scope = _app.TenantScope(null))
        {
            var recipe = """{ "name": "portal-footer", "steps": [ { "name": "settings", "tenant": "portal", "values": { "site.footer": "门户自己的页脚" } } ] }""";
            await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("portal-footer.recipe.json", recipe);
        }
        var portal = await reader.GetStringAsync("/");
        Assert.Contains("门户自己的页脚", portal);
        Assert.Contains("门户设置前静默修改", portal);
        var gaj = await reader.GetStringAsync("/gaj/");
        Assert.DoesNotContain("门户自己的页脚", gaj);
        Assert.DoesNotContain("门户设置前静默修改", gaj);   // still the cached page
    }
}
