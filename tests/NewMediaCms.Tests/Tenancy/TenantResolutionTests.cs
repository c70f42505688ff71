using System.Net;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Tenancy;

/// <summary>Resolution order: host + prefix, then host, then prefix, then the portal tenant.</summary>
public sealed class TenantResolutionTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private static async Task<string> H1Async(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        var start = html.IndexOf("<h1", StringComparison.Ordinal);
        return start < 0 ? "" : html[start..html.IndexOf("</h1>", start, StringComparison.Ordinal)];
    }

    [Fact]
    public async Task Root_of_an_unknown_host_is_the_portal()
    {
        var response = await app.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("测试县人民政府", html);
        Assert.Contains("部门与账号", html);
    }

    [Fact]
    public async Task A_prefix_selects_its_department()
    {
        var response = await app.Client().GetAsync("/gaj/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("测试县公安局", await H1Async(response));
    }

    [Fact]
    public async Task A_host_and_its_prefix_together_select_the_department()
    {
        var response = await app.Client("edu.test.local").GetAsync("/edu/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("测试县教育局", await H1Async(response));
    }

    [Fact]
    public async Task A_department_with_host_names_is_not_reached_by_its_prefix_on_another_host()
    {
        // edu has the host edu.test.local: on any other host "/edu/" is not a department, so the portal answers 404.
        var response = await app.Client().GetAsync("/edu/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task A_host_alone_selects_its_department()
    {
        var response = await app.Client("jyj.test.local").GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("独立域名", await H1Async(response));
    }

    [Fact]
    public async Task A_host_match_wins_over_a_prefix_match()
    {
        // On jyj.test.local the department is edu-host; "/gaj/" is then just a path of that site, which does not exist.
        var response = await app.Client("jyj.test.local").GetAsync("/gaj/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("测试县公安局", html);
    }

    [Fact]
    public async Task An_unknown_prefix_answers_the_themes_404_page()
    {
        var response = await app.Client().GetAsync("/no-such-department/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Contains("页面不存在", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_disabled_department_answers_404_on_public_pages()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/old/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/old/notices/old-n-1")).StatusCode);
        var portal = await client.GetStringAsync("/");
        Assert.DoesNotContain("已撤销办公室的旧通知", portal);
        Assert.DoesNotContain("测试县已撤销办公室", portal);
    }

    [Fact]
    public async Task The_prefix_without_a_slash_redirects_to_the_department_home()
    {
        var response = await app.Client().GetAsync("/gaj");
        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/gaj/", response.Headers.Location?.OriginalString);
    }
}
