using System.Net;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>What a reader sees: the portal, department sites and notice pages, rendered from Liquid themes.</summary>
public sealed class PublicPagesTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [Fact]
    public async Task The_portal_shows_departments_their_accounts_and_the_latest_notices_of_every_department()
    {
        var html = await app.Client().GetStringAsync("/");
        Assert.Contains("测试县公安局", html);
        Assert.Contains("测试公安", html);                              // an account of a department
        Assert.Contains("微信公众号", html);
        Assert.Contains("公安局关于办理居民身份证的通告", html);         // gaj
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", html);   // wjw
        Assert.Contains("href=\"/gaj/notices/gaj-n-1\"", html);
        Assert.DoesNotContain("公安局未发布的草稿", html);
        Assert.Contains("测试数据，均为虚构。", html);
    }

    [Fact]
    public async Task A_department_site_lists_only_its_own_notices()
    {
        var html = await app.Client().GetStringAsync("/gaj/");
        Assert.Contains("公安局关于办理居民身份证的通告", html);
        Assert.Contains("公安局冬季交通安全提示", html);
        Assert.DoesNotContain("卫生健康局关于开展流感疫苗接种的通知", html);
        Assert.DoesNotContain("公安局未发布的草稿", html);
        Assert.Contains("/themes/department/assets/theme.css", html);
    }

    [Fact]
    public async Task A_notice_page_shows_the_rendered_markdown()
    {
        var html = await app.Client().GetStringAsync("/");
        var notice = await app.Client().GetStringAsync("/notices/portal-n-1");
        Assert.Contains("<h1>测试县人民政府关于做好冬季安全生产工作的通知</h1>", notice);
        Assert.Contains("<h2 id=\"user-content-一总体要求\">一、总体要求</h2>", notice);
        Assert.Contains("<strong>高度重视</strong>", notice);
        Assert.Contains("<table>", notice);
        Assert.Contains("发布机构：测试县人民政府", notice);
        Assert.NotNull(html);
    }

    [Fact]
    public async Task Markup_in_a_notice_renders_harmless()
    {
        var html = await app.Client().GetStringAsync("/wjw/notices/wjw-n-1");
        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;", html);
        Assert.DoesNotContain("javascript:", html);
    }

    [Fact]
    public async Task Drafts_and_other_departments_notices_are_not_found_under_a_department()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/notices/gaj-draft-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/notices/wjw-n-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/notices/no-such-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/accounts/wjw-site")).StatusCode);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("0")]
    [InlineData("abc")]
    [InlineData("1e3")]
    public async Task Bad_page_numbers_answer_404(string page)
        => Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/gaj/notices?page={page}")).StatusCode);

    [Fact]
    public async Task A_huge_page_number_shows_the_last_page()
    {
        var response = await app.Client().GetAsync("/gaj/notices?page=99999999999");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("公安局冬季交通安全提示", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Markup_in_the_query_string_is_not_reflected()
    {
        var html = await app.Client().GetStringAsync("/gaj/notices?x=%3Cscript%3Ealert(1)%3C/script%3E");
        Assert.DoesNotContain("<script>alert(1)", html);
    }

    [Fact]
    public async Task An_account_page_lists_that_accounts_notices_with_its_liveness()
    {
        var html = await app.Client().GetStringAsync("/gaj/accounts/gaj-wechat");
        Assert.Contains("<h1>测试公安</h1>", html);
        Assert.Contains("公安局冬季交通安全提示", html);
        Assert.DoesNotContain("公安局关于办理居民身份证的通告", html);
        Assert.Contains("超过两周未更新", html); // its only post is 20 days old
    }

    [Fact]
    public async Task Theme_assets_are_served_but_templates_are_not()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/themes/matrix/assets/site.css")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/themes/matrix/templates/layout.liquid")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/themes/matrix/theme.json")).StatusCode);
    }
}
