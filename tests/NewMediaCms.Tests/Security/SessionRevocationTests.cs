using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Tests.Infrastructure;
using static NewMediaCms.Tests.Security.SignInHelpers;

namespace NewMediaCms.Tests.Security;

/// <summary>Server-side sessions: a sign-out, a disable or a password reset ends a session at once, on every node.</summary>
public sealed class SessionRevocationTests
{
    public static IEnumerable<object[]> Stores() => TestStores.Both();

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_copied_cookie_stops_working_on_the_other_node_at_once_after_sign_out(StoreKind store)
    {
        await using var first = NmcAppFactory.Create(store);
        _ = first.Services;
        // The second node of the same installation: same store, same data-protection keys (App_Data).
        await using var second = NmcAppFactory.Create(store);
        second.Settings["Store:AppDataPath"] = first.AppData;
        if (store == StoreKind.PostgreSql)
        {
            second.SharePostgresWith = first;
        }

        var browser = first.Client();
        var signedIn = await NmcAppFactory.SubmitLoginAsync(browser, "gaj.editor", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var copied = AuthCookie(signedIn);
        Assert.Equal(HttpStatusCode.OK, await GetWithCookieAsync(second, "/gaj/admin/content", copied));

        await SignOutAsync(browser, "/gaj");

        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(second, "/gaj/admin/content", copied));
        Assert.Equal(HttpStatusCode.Redirect, await GetWithCookieAsync(first, "/gaj/admin/content", copied));
    }

    [Fact]
    public async Task Disabling_a_user_ends_their_open_session_on_the_next_request()
    {
        await using var app = NmcAppFactory.Create();
        var editor = await app.SignInAsync("gaj.editor2");
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/gaj/admin/content")).StatusCode);
        var admin = await app.SignInAsync("gaj.admin");
        var id = await IdOfAsync(app, "gaj.editor2");

        var disable = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);

        var after = await editor.GetAsync("/gaj/admin/content");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/gaj/admin/login", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_password_reset_ends_open_sessions_and_the_new_password_must_be_changed_at_sign_in()
    {
        await using var app = NmcAppFactory.Create();
        var reviewer = await app.SignInAsync("gaj.reviewer1");
        var admin = await app.SignInAsync("gaj.admin");
        var id = await IdOfAsync(app, "gaj.reviewer1");

        var reset = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=ResetPassword", ("password", "Chosen-Pass-2026!"));
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await reviewer.GetAsync("/gaj/admin/review")).StatusCode);

        var again = app.Client();
        var login = await NmcAppFactory.SubmitLoginAsync(again, "gaj.reviewer1", "Chosen-Pass-2026!");
        Assert.Equal("/gaj/admin/account/password", login.Headers.Location!.OriginalString);
        // Until the password is changed, nothing else opens.
        var content = await again.GetAsync("/gaj/admin/content");
        Assert.Equal("/gaj/admin/account/password", content.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Forbidden, (await again.GetAsync("/gaj/api/admin/content")).StatusCode);
        Assert.Contains("您的密码由管理员设置", await again.GetStringAsync("/gaj/admin/account/password"));

        var changed = await PostFormAsync(again, "/gaj/admin/account/password", "/gaj/admin/account/password",
            ("CurrentPassword", "Chosen-Pass-2026!"), ("NewPassword", "Mine-Only-Secret-77"), ("ConfirmPassword", "Mine-Only-Secret-77"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/gaj/admin/content")).StatusCode);
    }

    [Fact]
    public async Task A_session_ends_after_the_idle_timeout_and_after_its_absolute_lifetime()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = NmcAppFactory.Create();
        app.Clock = clock;

        var idle = await app.SignInAsync("gaj.editor");
        clock.Advance(TimeSpan.FromMinutes(29));
        Assert.Equal(HttpStatusCode.OK, (await idle.GetAsync("/gaj/admin/content")).StatusCode);
        clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, (await idle.GetAsync("/gaj/admin/content")).StatusCode);

        var busy = await app.SignInAsync("gaj.editor");
        for (var i = 0; i < 31; i++)
        {
            clock.Advance(TimeSpan.FromMinutes(15));
            Assert.Equal(HttpStatusCode.OK, (await busy.GetAsync("/gaj/admin/content")).StatusCode);
        }
        // 7 h 45 min of activity; the default absolute lifetime is 8 h.
        clock.Advance(TimeSpan.FromMinutes(16));
        Assert.Equal(HttpStatusCode.Redirect, (await busy.GetAsync("/gaj/admin/content")).StatusCode);
    }

    [Fact]
    public async Task A_user_changes_their_own_password_their_other_sessions_end_and_the_change_is_audited()
    {
        await using var app = NmcAppFactory.Create();
        var laptop = await app.SignInAsync("wjw.editor");
        var phone = await app.SignInAsync("wjw.editor");
        Assert.Contains("修改密码", await laptop.GetStringAsync("/wjw/admin/account"));

        var weak = await PostFormAsync(laptop, "/wjw/admin/account/password", "/wjw/admin/account/password",
            ("CurrentPassword", NmcAppFactory.DemoPassword), ("NewPassword", "Password1!"), ("ConfirmPassword", "Password1!"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        var weakHtml = WebUtility.HtmlDecode(await weak.Content.ReadAsStringAsync());
        Assert.Contains("密码至少需要 12 个字符", weakHtml);
        Assert.Contains("常用密码表", weakHtml);

        var wrongCurrent = await PostFormAsync(laptop, "/wjw/admin/account/password", "/wjw/admin/account/password",
            ("CurrentPassword", "not-my-password"), ("NewPassword", "Long-Enough-Pass-9"), ("ConfirmPassword", "Long-Enough-Pass-9"));
        Assert.Contains("当前密码不正确", WebUtility.HtmlDecode(await wrongCurrent.Content.ReadAsStringAsync()));

        var changed = await PostFormAsync(laptop, "/wjw/admin/account/password", "/wjw/admin/account/password",
            ("CurrentPassword", NmcAppFactory.DemoPassword), ("NewPassword", "Long-Enough-Pass-9"), ("ConfirmPassword", "Long-Enough-Pass-9"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/wjw/admin/content")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await phone.GetAsync("/wjw/admin/content")).StatusCode);
        await app.SignInAsync("wjw.editor", "Long-Enough-Pass-9");

        await using var scope = app.TenantScope(null);
        var entry = await app.Db(scope).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "user.password-changed" && e.SubjectId == "wjw.editor");
        Assert.Equal("wjw.editor", entry.Actor);
        Assert.Contains("结束其他会话 1 个", entry.Detail);
    }

    [Fact]
    public async Task Every_signed_in_user_reaches_their_own_account_page_matrix_and_department_users_alike()
    {
        await using var app = NmcAppFactory.Create();
        foreach (var (user, pathBase) in new[] { ("admin", ""), ("auditor", ""), ("security.admin", ""), ("audit.admin", ""), ("matrix.admin", ""), ("gaj.editor", "/gaj"), ("gaj.reviewer1", "/gaj"), ("wjw.admin", "/wjw") })
        {
            var client = await app.SignInAsync(user);
            var page = await client.GetAsync(pathBase + "/admin/account");
            Assert.True(page.StatusCode == HttpStatusCode.OK, $"{user}: {page.StatusCode}");
            Assert.Contains($"账号安全 <small>（{user}）</small>", await page.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(pathBase + "/admin/account/password")).StatusCode);
        }
    }

    private static async Task<string> IdOfAsync(NmcAppFactory app, string userName)
    {
        await using var scope = app.TenantScope(null);
        return (await scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>().FindByNameAsync(userName))!.Id;
    }
}
