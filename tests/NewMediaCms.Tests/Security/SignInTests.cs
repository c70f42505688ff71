using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

public sealed class SignInTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<NmcUser> UserAsync(string name)
    {
        await using var scope = _app.TenantScope(null);
        return (await scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>().FindByNameAsync(name))!;
    }

    [Fact]
    public async Task The_sign_in_page_is_in_chinese_and_carries_an_antiforgery_token()
    {
        var html = await _app.Client().GetStringAsync("/admin/login");
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("登录管理后台", html);
        Assert.Contains("__RequestVerificationToken", html);
    }

    [Fact]
    public async Task Signing_in_records_the_last_login_time()
    {
        Assert.Null((await UserAsync("wjw.editor")).LastLoginUtc);
        var before = DateTime.UtcNow.AddSeconds(-1);
        await _app.SignInAsync("wjw.editor");
        var user = await UserAsync("wjw.editor");
        Assert.NotNull(user.LastLoginUtc);
        Assert.True(user.LastLoginUtc >= before);
        Assert.True(user.CreatedUtc > DateTime.MinValue);
    }

    [Fact]
    public async Task A_wrong_password_gets_a_chinese_message()
    {
        var response = await NmcAppFactory.SubmitLoginAsync(_app.Client(), "gaj.editor", "wrong-password");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("用户名或密码不正确", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Repeated_failures_ask_for_the_arithmetic_challenge_even_against_the_right_password()
    {
        var client = _app.Client();
        for (var i = 0; i < 5; i++)
        {
            await NmcAppFactory.SubmitLoginAsync(client, "wjw.admin", "wrong-password");
        }
        var response = await NmcAppFactory.SubmitLoginAsync(client, "wjw.admin", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("请完成下面的算术验证后再登录", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_sign_in_post_without_the_antiforgery_token_is_refused()
    {
        var response = await _app.Client().PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = NmcAppFactory.AdminPassword,
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_department_user_signing_in_on_the_portal_lands_in_their_departments_admin()
    {
        var response = await NmcAppFactory.SubmitLoginAsync(_app.Client(), "gaj.editor", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gaj/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_matrix_administrator_sees_every_department_on_the_portal_dashboard()
    {
        var client = await _app.SignInAsync("admin");
        var html = await client.GetStringAsync("/admin");
        Assert.Contains("矩阵部门", html);
        Assert.Contains("测试县公安局", html);
        Assert.Contains("测试县已撤销办公室", html);
    }

    [Fact]
    public async Task A_return_url_outside_the_site_is_ignored()
    {
        var client = _app.Client();
        var form = await client.GetStringAsync("/admin/login");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/admin/login?ReturnUrl=https://evil.example/", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = NmcAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_refused_sign_in_a_sign_in_and_a_sign_out_each_leave_an_audit_entry_of_the_users_department()
    {
        var client = _app.Client();
        await NmcAppFactory.SubmitLoginAsync(client, "wjw.reviewer1", "wrong-password");
        Assert.Equal(HttpStatusCode.Redirect, (await NmcAppFactory.SubmitLoginAsync(client, "wjw.reviewer1", NmcAppFactory.DemoPassword)).StatusCode);
        var form = await client.GetStringAsync("/wjw/admin/logout");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var logout = await client.PostAsync("/wjw/admin/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        await using var scope = _app.TenantScope(null);
        var entries = await _app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == "wjw.reviewer1").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["user.sign-in-failed", "user.signed-in", "user.signed-out"], entries.Select(e => e.Action));
        Assert.All(entries, e => Assert.Equal("wjw.reviewer1", e.Actor));
        Assert.Equal("wjw", entries[1].TenantId);
    }
}
