using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>A department's users cannot read or change another department's data, through any route.</summary>
public sealed class TenantIsolationTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [Fact]
    public async Task An_editor_reads_only_the_accounts_of_their_own_department()
    {
        var client = await app.SignInAsync("gaj.editor");
        var accounts = await client.GetFromJsonAsync<List<AccountRow>>("/gaj/api/admin/accounts");
        Assert.NotNull(accounts);
        Assert.Equal(["gaj-site", "gaj-wechat"], accounts.Select(a => a.Id).Order().ToList());
        Assert.All(accounts, a => Assert.Equal("gaj", a.TenantId));
    }

    [Fact]
    public async Task An_editor_is_refused_the_admin_api_of_another_department()
    {
        var client = await app.SignInAsync("gaj.editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/wjw/api/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/wjw/api/admin/content/wjw-n-1")).StatusCode);
    }

    [Fact]
    public async Task Another_departments_ids_are_not_found_through_ones_own_department()
    {
        var client = await app.SignInAsync("gaj.editor");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/api/admin/accounts/wjw-site")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/api/admin/content/wjw-n-1")).StatusCode);
        var content = await client.GetFromJsonAsync<List<ContentRow>>("/gaj/api/admin/content");
        Assert.NotNull(content);
        Assert.Contains(content, c => c.Id == "gaj-draft-1");
        Assert.DoesNotContain(content, c => !c.Id.StartsWith("gaj-", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_department_admin_cannot_change_another_departments_account_by_any_path()
    {
        var client = await app.SignInAsync("gaj.admin");
        var update = JsonContent.Create(new { name = "被篡改的名称" });
        Assert.Equal(HttpStatusCode.NotFound, (await client.PutAsync("/gaj/api/admin/accounts/wjw-site", update)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/wjw/api/admin/accounts/wjw-site", update)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PutAsync("/api/admin/accounts/wjw-site", update)).StatusCode);

        await using var scope = app.TenantScope(null);
        var name = await app.Db(scope).Set<Account>().AcrossTenants().Where(a => a.Id == "wjw-site").Select(a => a.Name).SingleAsync();
        Assert.Equal("测试县卫生健康局网站", name);
    }

    [Fact]
    public async Task A_department_admin_changes_their_own_account()
    {
        await using var factory = NmcAppFactory.Create();
        var client = await factory.SignInAsync("gaj.admin");
        var response = await client.PutAsync("/gaj/api/admin/accounts/gaj-wechat", JsonContent.Create(new { description = "县公安局官方微信" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("县公安局官方微信", (await client.GetFromJsonAsync<AccountRow>("/gaj/api/admin/accounts/gaj-wechat"))!.Description);
    }

    [Fact]
    public async Task Invalid_account_changes_get_a_validation_problem_in_chinese()
    {
        var client = await app.SignInAsync("gaj.admin");
        var response = await client.PutAsync("/gaj/api/admin/accounts/gaj-site", JsonContent.Create(new { name = "  " }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("账号名称不能为空", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_editor_cannot_change_even_their_own_departments_account()
    {
        var client = await app.SignInAsync("gaj.editor");
        var response = await client.PutAsync("/gaj/api/admin/accounts/gaj-site", JsonContent.Create(new { name = "编辑改的" }));
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task An_auditor_reads_every_department_but_changes_nothing()
    {
        var client = await app.SignInAsync("auditor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/wjw/api/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gaj/api/admin/content/gaj-draft-1")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await client.PutAsync("/wjw/api/admin/accounts/wjw-site", JsonContent.Create(new { name = "x" }))).StatusCode);
    }

    [Fact]
    public async Task Anonymous_callers_get_401_from_the_admin_api_and_a_sign_in_redirect_from_admin_pages()
    {
        var client = app.Client();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/gaj/api/admin/accounts")).StatusCode);
        var page = await client.GetAsync("/gaj/admin");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("http://localhost/gaj/admin/login", page.Headers.Location!.ToString());
    }

    [Fact]
    public async Task A_department_user_is_refused_another_departments_admin_pages()
    {
        var client = await app.SignInAsync("gaj.editor");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gaj/admin")).StatusCode);
        var other = await client.GetAsync("/wjw/admin");
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
        Assert.Contains("/admin/denied", other.Headers.Location!.ToString());
    }

    /// <summary>
    /// Every admin route the application maps (including those added later) is tried with another department's
    /// prefix by a department user: none may answer with success.
    /// </summary>
    [Fact]
    public async Task Every_admin_route_refuses_a_user_of_another_department()
    {
        var client = await app.SignInAsync("gaj.admin");
        var routes = app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText is { } raw && (raw.TrimStart('/').StartsWith("admin", StringComparison.Ordinal) || raw.TrimStart('/').StartsWith("api/admin", StringComparison.Ordinal)))
            .Where(e => e.RoutePattern.RawText!.TrimStart('/') is not ("admin/login" or "admin/login/two-factor" or "admin/logout" or "admin/denied"))
            .ToList();
        Assert.NotEmpty(routes);
        var tried = 0;
        foreach (var endpoint in routes)
        {
            var path = "/wjw/" + string.Join('/', endpoint.RoutePattern.PathSegments.Select(s =>
                string.Concat(s.Parts.Select(p => p switch
                {
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternLiteralPart l => l.Content,
                    Microsoft.AspNetCore.Routing.Patterns.RoutePatternParameterPart => "wjw-n-1",
                    _ => "",
                }))));
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            foreach (var method in methods)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = JsonContent.Create(new { name = "越权" });
                }
                var response = await client.SendAsync(request);
                tried++;
                Assert.True((int)response.StatusCode is 302 or 400 or 401 or 403 or 404 or 405,
                    $"{method} {path} answered {(int)response.StatusCode} to a user of another department");
                if (response.StatusCode == HttpStatusCode.Redirect)
                {
                    Assert.Contains("/admin/denied", response.Headers.Location!.ToString());
                }
            }
        }
        Assert.True(tried >= 5, $"only {tried} admin routes were tried");
    }

    [Fact]
    public async Task The_store_filters_reads_to_the_current_department_unless_asked_across()
    {
        await using var scope = app.TenantScope("gaj");
        var db = app.Db(scope);
        var ids = await db.Set<ContentItem>().Select(i => i.TenantId).Distinct().ToListAsync();
        Assert.Equal(["gaj"], ids);
        var all = await db.Set<ContentItem>().AcrossTenants().Select(i => i.TenantId).Distinct().ToListAsync();
        Assert.Contains("wjw", all);
        Assert.Contains("portal", all);
    }

    [Fact]
    public async Task A_store_without_a_department_context_reads_no_department_rows()
    {
        await using var scope = app.TenantScope(null);
        Assert.Equal(0, await app.Db(scope).Set<Account>().CountAsync());
    }

    [Fact]
    public async Task The_store_refuses_to_write_another_departments_row_outside_a_matrix_scope()
    {
        await using var factory = NmcAppFactory.Create();
        await using var scope = factory.TenantScope("gaj");
        var db = factory.Db(scope);
        var other = await db.Set<Account>().AcrossTenants().SingleAsync(a => a.Id == "wjw-site");
        other.Name = "越权修改";
        await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.SaveChangesAsync());

        db.ChangeTracker.Clear();
        db.Add(new Account { Id = "sneaky", TenantId = "wjw", Name = "冒名账号", Platform = Platform.Weibo });
        await Assert.ThrowsAsync<CrossTenantWriteException>(() => db.SaveChangesAsync());
    }

    [Fact]
    public async Task A_matrix_scope_allows_an_explicit_cross_department_write()
    {
        await using var factory = NmcAppFactory.Create();
        await using var scope = factory.TenantScope("gaj");
        var db = factory.Db(scope);
        using (db.Tenant.BeginMatrixScope())
        {
            var other = await db.Set<Account>().AcrossTenants().SingleAsync(a => a.Id == "wjw-site");
            other.Description = "矩阵管理员修改";
            await db.SaveChangesAsync();
        }
        Assert.False(db.Tenant.InMatrixScope);
    }

    private sealed record AccountRow(string Id, string TenantId, string Name, string Description);

    private sealed record ContentRow(string Id, string Title, bool Published);
}
