using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Users;

/// <summary>Department admins manage their department's users through the admin pages; nobody manages another department's.</summary>
public sealed partial class DepartmentUserPagesTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"(?:initial|new)-password\">([^<]+)<")]
    private static partial Regex ShownPassword();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] fields)
    {
        var token = Token().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value;
        Assert.NotEmpty(token);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(form));
    }

    private static Task<HttpResponseMessage> CreateAsync(HttpClient admin, string tenant, string userName, params string[] roles)
        => PostFormAsync(admin, $"/{tenant}/admin/users/new", $"/{tenant}/admin/users/new",
            [("UserName", userName), ("DisplayName", "新同事"), .. roles.Select(r => ("Roles", r))]);

    private static async Task<string> IdOfAsync(NmcAppFactory app, string userName)
    {
        await using var scope = app.TenantScope(null);
        return (await scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>().FindByNameAsync(userName))!.Id;
    }

    private static async Task<List<AuditEntry>> AuditAsync(NmcAppFactory app, string subject)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == subject).OrderBy(e => e.Sequence).ToListAsync();
    }

    private static async Task<string> PasswordShownInAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Headers.CacheControl?.NoStore, "the page with the password is not cached");
        var password = ShownPassword().Match(await response.Content.ReadAsStringAsync()).Groups[1].Value;
        Assert.True(password.Length >= 16, "a generated password is shown");
        return WebUtility.HtmlDecode(password);
    }

    [Fact]
    public async Task A_department_admin_creates_a_user_whose_one_time_password_signs_them_in_and_the_creation_is_audited()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");

        var password = await PasswordShownInAsync(await CreateAsync(admin, "gaj", "gaj.newcomer", Roles.Editor, Roles.Reviewer));

        var list = await admin.GetStringAsync("/gaj/admin/users");
        Assert.Contains("data-user=\"gaj.newcomer\"", list);
        Assert.Contains("编辑、审核人", list);
        Assert.DoesNotContain("wjw.editor", list);
        Assert.DoesNotContain("data-user=\"admin\"", list);
        // The password is not shown again anywhere.
        Assert.DoesNotContain(password, list);
        Assert.DoesNotContain(password, await admin.GetStringAsync($"/gaj/admin/users/{await IdOfAsync(app, "gaj.newcomer")}"));

        var newcomer = await app.SignInAsync("gaj.newcomer", password);
        // The administrator knows this password: the newcomer replaces it before anything else opens.
        Assert.Equal("/gaj/admin/account/password", (await newcomer.GetAsync("/gaj/admin/content")).Headers.Location!.OriginalString);

        var created = Assert.Single(await AuditAsync(app, "gaj.newcomer"), e => e.Action == "user.created");
        Assert.Equal("gaj.admin", created.Actor);
        Assert.Equal("gaj", created.TenantId);
        Assert.Equal("Editor,Reviewer", created.After);
        Assert.DoesNotContain(password, created.Detail);
    }

    [Fact]
    public async Task Bad_input_gets_a_chinese_message_next_to_the_field_and_creates_nothing()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");

        var duplicate = await CreateAsync(admin, "gaj", "gaj.editor", Roles.Editor);
        Assert.Equal(HttpStatusCode.BadRequest, duplicate.StatusCode);
        Assert.Contains("<span class=\"error field-error\" id=\"err-UserName\">用户名 “gaj.editor” 已被使用。</span>", await duplicate.Content.ReadAsStringAsync());

        var unknownRole = await CreateAsync(admin, "gaj", "gaj.someone", "ChiefOfEverything");
        Assert.Equal(HttpStatusCode.BadRequest, unknownRole.StatusCode);
        Assert.Contains("id=\"err-Roles\">角色“ChiefOfEverything”不存在或不是部门角色", await unknownRole.Content.ReadAsStringAsync());

        var matrixRole = await CreateAsync(admin, "gaj", "gaj.someone", Roles.SystemAdmin);
        Assert.Contains("id=\"err-Roles\">角色“SystemAdmin”不存在或不是部门角色", await matrixRole.Content.ReadAsStringAsync());

        var noRole = await CreateAsync(admin, "gaj", "gaj.someone");
        Assert.Contains("id=\"err-Roles\">请至少选择一个角色。", await noRole.Content.ReadAsStringAsync());

        var badName = await CreateAsync(admin, "gaj", "张 三", Roles.Editor);
        Assert.Contains("id=\"err-UserName\">用户名 “张 三” 无效", await badName.Content.ReadAsStringAsync());

        var id = await IdOfAsync(app, "gaj.editor");
        var weak = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=ResetPassword", ("password", "abc"));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Contains("id=\"err-Password\">密码至少需要 12 个字符（现在 3 个）。", await weak.Content.ReadAsStringAsync());
        await app.SignInAsync("gaj.editor"); // the old password still works: nothing changed

        await using var scope = app.TenantScope(null);
        var userManager = scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>();
        Assert.Null(await userManager.FindByNameAsync("gaj.someone"));
        Assert.Empty((await AuditAsync(app, "gaj.someone")));
    }

    [Fact]
    public async Task A_disabled_user_cannot_sign_in_until_enabled_again_and_both_are_audited()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");
        var editorSession = await app.SignInAsync("gaj.editor2");
        var id = await IdOfAsync(app, "gaj.editor2");

        var disable = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disable.StatusCode);
        Assert.Contains("已停用（不能登录）", await admin.GetStringAsync($"/gaj/admin/users/{id}"));

        var refused = await NmcAppFactory.SubmitLoginAsync(app.Client(), "gaj.editor2", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("该账户已被停用，请联系本部门管理员。", await refused.Content.ReadAsStringAsync());

        var enable = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Enable");
        Assert.Equal(HttpStatusCode.Redirect, enable.StatusCode);
        await app.SignInAsync("gaj.editor2");

        Assert.Equal(["user.disabled", "user.enabled"], (await AuditAsync(app, "gaj.editor2")).Select(e => e.Action).Where(a => a.StartsWith("user.", StringComparison.Ordinal) && a != "user.signed-in" && a != "user.locked-out"));

        // An admin cannot lock themselves out.
        var self = await PostFormAsync(admin, $"/gaj/admin/users/{await IdOfAsync(app, "gaj.admin")}", $"/gaj/admin/users/{await IdOfAsync(app, "gaj.admin")}?handler=Disable");
        Assert.Equal(HttpStatusCode.BadRequest, self.StatusCode);
        Assert.Contains("不能停用自己的账户。", await self.Content.ReadAsStringAsync());
        GC.KeepAlive(editorSession);
    }

    [Fact]
    public async Task A_password_reset_shows_a_new_password_once_and_the_old_one_stops_working()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");
        var id = await IdOfAsync(app, "gaj.reviewer1");

        var reset = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=ResetPassword", ("password", ""));
        var password = await PasswordShownInAsync(reset);

        var old = await NmcAppFactory.SubmitLoginAsync(app.Client(), "gaj.reviewer1", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.OK, old.StatusCode);
        await app.SignInAsync("gaj.reviewer1", password);

        var chosen = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=ResetPassword", ("password", "Chosen-Pass-2026!"));
        Assert.Equal(HttpStatusCode.Redirect, chosen.StatusCode);
        await app.SignInAsync("gaj.reviewer1", "Chosen-Pass-2026!");

        Assert.Equal(2, (await AuditAsync(app, "gaj.reviewer1")).Count(e => e.Action == "user.password-reset"));
    }

    [Fact]
    public async Task Roles_and_review_levels_are_assigned_and_removed_and_take_effect()
    {
        await using var app = NmcAppFactory.Create();
        var admin = await app.SignInAsync("gaj.admin");
        var id = await IdOfAsync(app, "gaj.editor2");

        var save = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Roles",
            ("roles", Roles.Reviewer), ("levels", "2"));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);

        await using (var scope = app.TenantScope("gaj"))
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>().FindByNameAsync("gaj.editor2"))!;
            Assert.Equal([Roles.Reviewer], await scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>().GetRolesAsync(user));
            var levels = await scope.ServiceProvider.GetRequiredService<ReviewChainService>().LevelsAsync();
            Assert.Equal(["gaj.editor2"], levels[1].Users);
            Assert.Empty(levels[0].Users);
        }
        var page = await admin.GetStringAsync($"/gaj/admin/users/{id}");
        Assert.Matches("value=\"2\" checked=\"checked\"", page);

        // The editor role is gone: the user may no longer write.
        var client = await app.SignInAsync("gaj.editor2");
        var create = await client.PostAsync("/gaj/api/admin/content", new StringContent(JsonSerializer.Serialize(new { type = "notice", title = "x", markdown = "x" }), System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Forbidden, create.StatusCode);

        var remove = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Roles", ("roles", Roles.Editor));
        Assert.Equal(HttpStatusCode.Redirect, remove.StatusCode);
        await using (var scope = app.TenantScope("gaj"))
        {
            Assert.Empty((await scope.ServiceProvider.GetRequiredService<ReviewChainService>().LevelsAsync())[1].Users);
        }

        var entries = await AuditAsync(app, "gaj.editor2");
        Assert.Equal(["Editor", "Reviewer"], entries.Where(e => e.Action == "user.roles-changed").Select(e => e.Before));
        Assert.Equal(["Reviewer", "Editor"], entries.Where(e => e.Action == "user.roles-changed").Select(e => e.After));

        var unknownLevel = await PostFormAsync(admin, $"/gaj/admin/users/{id}", $"/gaj/admin/users/{id}?handler=Roles", ("roles", Roles.Editor), ("levels", "7"));
        Assert.Equal(HttpStatusCode.BadRequest, unknownLevel.StatusCode);
        Assert.Contains("id=\"err-Levels\">审核流程没有第 7 级。", await unknownLevel.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Users_of_another_department_are_out_of_reach_of_a_department_admin_and_of_editors()
    {
        await using var app = NmcAppFactory.Create();
        var gajAdmin = await app.SignInAsync("gaj.admin");
        var wjwEditor = await IdOfAsync(app, "wjw.editor");

        var otherList = await gajAdmin.GetAsync("/wjw/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, otherList.StatusCode);
        Assert.Contains("/admin/denied", otherList.Headers.Location!.ToString());
        Assert.Equal(HttpStatusCode.Redirect, (await gajAdmin.GetAsync("/wjw/admin/users/new")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await gajAdmin.GetAsync($"/wjw/admin/users/{wjwEditor}")).StatusCode);

        // Through one's own department the other department's user does not exist, for reading and for changing.
        Assert.Equal(HttpStatusCode.NotFound, (await gajAdmin.GetAsync($"/gaj/admin/users/{wjwEditor}")).StatusCode);
        var token = Token().Match(await gajAdmin.GetStringAsync("/gaj/admin/users/new")).Groups[1].Value;
        foreach (var handler in new[] { "Disable", "ResetPassword", "Roles" })
        {
            var response = await gajAdmin.PostAsync($"/gaj/admin/users/{wjwEditor}?handler={handler}",
                new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["roles"] = Roles.DepartmentAdmin }));
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        await app.SignInAsync("wjw.editor");

        var editor = await app.SignInAsync("gaj.editor");
        var refused = await editor.GetAsync("/gaj/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Contains("/admin/denied", refused.Headers.Location!.ToString());

        // An auditor reads across departments but manages no users.
        var auditor = await app.SignInAsync("auditor");
        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/wjw/admin/users")).StatusCode);
    }

    [Fact]
    public async Task The_security_administrator_manages_the_users_of_any_department_the_system_and_matrix_administrators_do_not()
    {
        await using var app = NmcAppFactory.Create();
        foreach (var name in new[] { "admin", "matrix.admin" })
        {
            var other = await app.SignInAsync(name);
            var refused = await other.GetAsync("/wjw/admin/users");
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("/admin/denied", refused.Headers.Location!.OriginalString);
        }
        var matrix = await app.SignInAsync("security.admin");
        var list = await matrix.GetStringAsync("/wjw/admin/users");
        Assert.Contains("data-user=\"wjw.editor\"", list);
        Assert.DoesNotContain("data-user=\"gaj.editor\"", list);

        var password = await PasswordShownInAsync(await CreateAsync(matrix, "wjw", "wjw.newadmin", Roles.DepartmentAdmin));
        var created = await app.SignInAsync("wjw.newadmin", password);
        var changed = await PostFormAsync(created, "/wjw/admin/account/password", "/wjw/admin/account/password",
            ("CurrentPassword", password), ("NewPassword", "Wjw-New-Admin-Pass-8"), ("ConfirmPassword", "Wjw-New-Admin-Pass-8"));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await created.GetAsync("/wjw/admin/users")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await created.GetAsync("/gaj/admin/users")).StatusCode);

        var entry = Assert.Single(await AuditAsync(app, "wjw.newadmin"), e => e.Action == "user.created");
        Assert.Equal(("security.admin", "wjw"), (entry.Actor, entry.TenantId));
    }
}
