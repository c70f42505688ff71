using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Identity;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>The security administrator's GB/T 22239-2019 self-assessment shows each item's state read from the running system.</summary>
public sealed partial class SecurityAssessmentTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> SecurityAdminAsync(bool https = false)
    {
        var client = _app.Client();
        if (https)
        {
            client.BaseAddress = new Uri("https://localhost/");
        }
        Assert.Equal(HttpStatusCode.Redirect, (await NmcAppFactory.SubmitLoginAsync(client, "security.admin", NmcAppFactory.DemoPassword)).StatusCode);
        return client;
    }

    /// <summary>The row of one clause: its "current state" and "conclusion" cells.</summary>
    private static (string Current, string State) Row(string html, string clause)
    {
        var row = Regex.Match(html, $"<tr data-clause=\"{Regex.Escape(clause)}\">(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"没有条款 {clause}");
        var cells = Regex.Matches(row.Groups[1].Value, "<td>(.*?)</td>", RegexOptions.Singleline).Select(m => WebUtility.HtmlDecode(Regex.Replace(m.Groups[1].Value, "<[^>]+>", ""))).ToList();
        return (cells[4], cells[5]);
    }

    [Fact]
    public async Task The_security_administrator_sees_every_control_point_with_its_current_state()
    {
        var client = await SecurityAdminAsync();
        var response = await client.GetAsync("/admin/security/assessment");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        foreach (var point in new[] { "身份鉴别", "访问控制", "安全审计", "入侵防范", "数据完整性", "数据保密性", "个人信息保护", "安全管理中心" })
        {
            Assert.Contains($"<td>{point}</td>", html);
        }
        // Read from the running system: no HTTPS configured here.
        Assert.Equal("未配置", Row(html, "8.1.4.1 c)").State);
        Assert.Contains("口令最短 12 位", Row(html, "8.1.4.1 a)").Current);
        Assert.Contains("连续失败 5 次锁定 15 分钟", Row(html, "8.1.4.1 b)").Current);
        // Keys and contacts encrypted, from the files and the store.
        var confidentiality = Row(html, "8.1.4.8 b)");
        Assert.Contains("均已加密", confidentiality.Current);
        Assert.Contains("明文 0 条", confidentiality.Current);
        // The sign-in page and API carry their rate-limit policies (read from the routing table).
        Assert.DoesNotContain("sign-in：未应用", Row(html, "8.1.4.4 d)").Current);
        // One person holding two separated duties is reported.
        Assert.Contains("安全管理员 1 人", Row(html, "8.1.5").Current);
    }

    [Fact]
    public async Task With_https_configured_the_transport_items_are_met()
    {
        _app.Settings["Https:Enabled"] = "true";
        var client = await SecurityAdminAsync(https: true);
        var html = await client.GetStringAsync("/admin/security/assessment");
        Assert.Equal("符合", Row(html, "8.1.4.1 c)").State);
        Assert.Equal("符合", Row(html, "8.1.4.8 a)").State);
    }

    [Theory]
    [InlineData("admin")]
    [InlineData("matrix.admin")]
    [InlineData("gaj.admin")]
    public async Task Only_the_security_administrator_opens_it(string user)
    {
        var client = await _app.SignInAsync(user);
        var response = await client.GetAsync("/admin/security/assessment");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
