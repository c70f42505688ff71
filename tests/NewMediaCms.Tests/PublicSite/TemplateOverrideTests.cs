using System.Net;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Themes;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>A department overrides single templates in themes/overrides/{tenant}/templates; a broken one falls back.</summary>
public sealed class TemplateOverrideTests : IAsyncLifetime
{
    private readonly string _themes = Path.Combine(Path.GetTempPath(), "nmc-themes-" + Guid.NewGuid().ToString("N"));
    private NmcAppFactory _app = null!;

    public Task InitializeAsync()
    {
        CopyDirectory(Path.Combine(TestPaths.RepoRoot, "themes"), _themes);
        Directory.CreateDirectory(Path.Combine(_themes, "overrides", "gaj", "templates"));
        Directory.CreateDirectory(Path.Combine(_themes, "overrides", "wjw", "templates"));
        // gaj: a broken notice page (unclosed tag); wjw: a working list page of its own.
        File.WriteAllText(Path.Combine(_themes, "overrides", "gaj", "templates", "notice.liquid"), "<h1>{{ notice.title }</h1>{% if %}");
        File.WriteAllText(Path.Combine(_themes, "overrides", "wjw", "templates", "notices.liquid"),
            "<h1>卫健局自己的通知列表</h1>{% render \"_notice_list\", notices: notices %}");
        _app = NmcAppFactory.Create();
        _app.Settings["Themes:Path"] = _themes;
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        Directory.Delete(_themes, recursive: true);
    }

    [Fact]
    public async Task A_departments_override_replaces_only_that_template_for_only_that_department()
    {
        var wjw = await _app.Client().GetStringAsync("/wjw/notices");
        Assert.Contains("<h1>卫健局自己的通知列表</h1>", wjw);
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", wjw);  // partials still come from the theme
        Assert.Contains("/themes/department/assets/theme.css", wjw);   // and the layout
        Assert.DoesNotContain("卫健局自己的通知列表", await _app.Client().GetStringAsync("/gaj/notices"));
        Assert.DoesNotContain("卫健局自己的通知列表", await _app.Client().GetStringAsync("/cdc/notices"));
    }

    [Fact]
    public async Task A_broken_override_falls_back_to_the_theme_template_and_the_department_admin_sees_the_error()
    {
        var response = await _app.Client().GetAsync("/gaj/notices/gaj-n-1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<h1>公安局关于办理居民身份证的通告</h1>", html);
        Assert.Contains("发布机构", html);

        var errors = _app.Services.GetRequiredService<ThemeRenderer>().RecentErrors;
        Assert.Contains(errors, e => e.TenantId == "gaj" && e.Theme == "overrides/gaj" && e.Template == "notice");

        var gajAdmin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var page = await gajAdmin.GetStringAsync("/gaj/admin/theme");
        Assert.Contains("overrides/gaj", page);
        Assert.Contains("notice.liquid", page);
        Assert.Contains("语法错误", page);

        var wjwAdmin = await _app.SignInAsync("wjw.admin", pathBase: "/wjw");
        Assert.DoesNotContain("overrides/gaj", await wjwAdmin.GetStringAsync("/wjw/admin/theme"));
    }

    private static void CopyDirectory(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(dir.Replace(from, to, StringComparison.Ordinal));
        }
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            File.Copy(file, file.Replace(from, to, StringComparison.Ordinal));
        }
    }
}
