using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tests.Infrastructure;
using static NewMediaCms.Tests.Security.SignInHelpers;

namespace NewMediaCms.Tests.Security;

/// <summary>三权分立 for users: the security administrator manages users, roles and policies; one person holds one duty.</summary>
public sealed class SeparationOfDutiesTests
{
    private const string Refusal = "同一人不能同时担任";

    [Fact]
    public async Task The_security_administrator_cannot_give_one_person_two_duties_on_the_page_or_through_the_api()
    {
        await using var app = NmcAppFactory.Create();
        var security = await app.SignInAsync("security.admin");

        var page = await PostFormAsync(security, "/admin/security/users/admin", "/admin/security/users/admin?handler=Roles",
            ("roles", Roles.SystemAdmin), ("roles", Roles.AuditAdmin));
        Assert.Equal(HttpStatusCode.BadRequest, page.StatusCode);
        Assert.Contains(Refusal + "系统管理员和审计管理员", WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync()));

        var api = await security.PutAsync("/api/admin/security/users/audit.admin/roles", JsonContent.Create(new { roles = new[] { Roles.AuditAdmin, Roles.SecurityAdmin } }));
        Assert.Equal(HttpStatusCode.BadRequest, api.StatusCode);
        Assert.Contains(Refusal, await api.Content.ReadAsStringAsync());

        await using (var scope = app.TenantScope(null))
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<NmcUser>>();
            Assert.Equal([Roles.SystemAdmin], await users.GetRolesAsync((await users.FindByNameAsync("admin"))!));
            Assert.Equal([Roles.AuditAdmin], await users.GetRolesAsync((await users.FindByNameAsync("audit.admin"))!));
        }

        // A permitted change goes through, ends the user's sessions and is audited with the security administrator as actor.
        var auditor = await app.SignInAsync("auditor");
        var ok = await security.PutAsync("/api/admin/security/users/auditor/roles", JsonContent.Create(new { roles = new[] { Roles.Auditor, Roles.MatrixAdmin } }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await auditor.GetAsync("/admin/inspection")).StatusCode);
        await using (var scope = app.TenantScope(null))
        {
            var entry = await app.Db(scope).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.Action == "user.roles-changed" && e.SubjectId == "auditor");
            Assert.Equal("security.admin", entry.Actor);
        }
    }

    [Fact]
    public async Task A_recipe_giving_one_person_two_duties_is_refused_with_a_chinese_message()
    {
        await using var app = NmcAppFactory.Create();
        await using var scope = app.TenantScope(null);
        var runner = scope.ServiceProvider.GetRequiredService<NewMediaCms.Recipes.RecipeRunner>();
        var recipe = """
            { "name": "two-duties", "steps": [ { "name": "users", "users": [
              { "userName": "everything", "displayName": "万能管理员", "roles": ["SystemAdmin", "SecurityAdmin"], "password": "Long-Enough-Pass-9" } ] } ] }
            """;
        var ex = await Assert.ThrowsAsync<RecipeException>(() => runner.RunAsync("two-duties.recipe.json", recipe));
        Assert.Contains(Refusal + "系统管理员和安全管理员", ex.Message);
    }

    [Fact]
    public async Task Only_the_security_administrator_reaches_the_policy_and_the_matrix_user_pages()
    {
        await using var app = NmcAppFactory.Create();
        foreach (var name in new[] { "admin", "audit.admin", "matrix.admin", "auditor", "gaj.admin" })
        {
            var client = await app.SignInAsync(name);
            foreach (var url in new[] { "/admin/security", "/admin/security/users", "/admin/security/users/gaj.editor" })
            {
                var response = await client.GetAsync(url);
                Assert.True(response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/admin/denied", StringComparison.Ordinal),
                    $"{name} {url}: {response.StatusCode}");
            }
            Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/admin/security/users/gaj.editor/roles", JsonContent.Create(new { roles = new[] { Roles.Reviewer } }))).StatusCode);
        }
        // The audit administrator changes no users of a department either.
        var audit = await app.SignInAsync("audit.admin");
        Assert.Contains("/admin/denied", (await audit.GetAsync("/gaj/admin/users")).Headers.Location!.OriginalString);

        var security = await app.SignInAsync("security.admin");
        Assert.Equal(HttpStatusCode.OK, (await security.GetAsync("/admin/security")).StatusCode);
        var list = await security.GetStringAsync("/admin/security/users");
        Assert.Contains("data-user=\"gaj.editor\"", list);
        Assert.Contains("data-user=\"admin\"", list);
    }

    [Fact]
    public async Task The_security_administrator_disables_resets_and_ends_sessions_of_any_user_each_audited()
    {
        await using var app = NmcAppFactory.Create();
        var security = await app.SignInAsync("security.admin");
        var matrix = await app.SignInAsync("matrix.admin");

        var ended = await PostFormAsync(security, "/admin/security/users/matrix.admin", "/admin/security/users/matrix.admin?handler=EndSessions");
        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await matrix.GetAsync("/admin")).StatusCode);

        var reset = await PostFormAsync(security, "/admin/security/users/matrix.admin", "/admin/security/users/matrix.admin?handler=ResetPassword");
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        var password = System.Text.RegularExpressions.Regex.Match(await reset.Content.ReadAsStringAsync(), "id=\"new-password\">([^<]+)<").Groups[1].Value;
        var again = app.Client();
        var login = await NmcAppFactory.SubmitLoginAsync(again, "matrix.admin", WebUtility.HtmlDecode(password));
        Assert.Equal("/admin/account/password", login.Headers.Location!.OriginalString);

        var disabled = await PostFormAsync(security, "/admin/security/users/matrix.admin", "/admin/security/users/matrix.admin?handler=Disable");
        Assert.Equal(HttpStatusCode.Redirect, disabled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await again.GetAsync("/admin/account")).StatusCode);

        await using var scope = app.TenantScope(null);
        var entries = await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == "matrix.admin" && e.Actor == "security.admin").Select(e => e.Action).ToListAsync();
        Assert.Equal(["user.sessions-revoked", "user.password-reset", "user.disabled"], entries);
    }
}
