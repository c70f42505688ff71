using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// 三权分立 on the audit side: the audit log, its check and its export belong to the audit administrator alone. The
/// system administrator and department administrators are refused (page and API); the audit administrator reads the
/// whole matrix's log but changes no user, setting or content; what the audit administrator does is itself audited.
/// </summary>
public sealed class AuditSeparationOfDutiesTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [Theory]
    [InlineData("admin", "")]
    [InlineData("matrix.admin", "")]
    [InlineData("auditor", "")]
    [InlineData("gaj.admin", "/gaj")]
    public async Task Nobody_but_the_audit_administrator_reads_verifies_or_exports_the_audit_log(string userName, string pathBase)
    {
        var client = await app.SignInAsync(userName, pathBase: pathBase);

        var page = await client.GetAsync(pathBase + "/admin/audit");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Contains("/admin/denied", page.Headers.Location!.OriginalString);
        var denied = await client.GetAsync(page.Headers.Location);
        Assert.Equal(HttpStatusCode.Forbidden, denied.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(pathBase + "/api/admin/audit/verify", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(pathBase + "/api/admin/audit/export", new { })).StatusCode);
    }

    [Fact]
    public async Task The_audit_administrator_reads_the_whole_matrix_log_and_every_look_is_itself_in_the_chain()
    {
        var auditor = await app.SignInAsync("audit.admin");

        var page = await auditor.GetAsync("/admin/audit?department=gaj");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("审计日志（全矩阵）", html);
        Assert.DoesNotContain("href=\"/admin/users\"", html); // the menu offers nothing but the log

        var verify = await auditor.PostAsJsonAsync("/api/admin/audit/verify", new { });
        Assert.Equal(HttpStatusCode.OK, verify.StatusCode);
        var export = await auditor.PostAsJsonAsync("/api/admin/audit/export", new { });
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.True(AuditArchive.Verify(app.Services.GetRequiredService<AuditKeyRing>(), await export.Content.ReadAsByteArrayAsync()).Valid);

        await using var scope = app.TenantScope(null);
        var mine = await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.Actor == "audit.admin").Select(e => e.Action).ToListAsync();
        Assert.Contains("user.signed-in", mine);
        Assert.Contains("audit.viewed", mine);
        Assert.Contains("audit.verified", mine);
        Assert.Contains("audit.exported", mine);
    }

    [Theory]
    [InlineData("/admin/users")]
    [InlineData("/gaj/admin/users")]
    [InlineData("/admin/site-settings")]
    [InlineData("/gaj/admin/review-chain")]
    [InlineData("/admin/inspection/settings")]
    [InlineData("/gaj/admin/content")]
    public async Task The_audit_administrator_cannot_open_user_setting_or_content_administration(string path)
    {
        var auditor = await app.SignInAsync("audit.admin");

        var response = await auditor.GetAsync(path);

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("/admin/denied", response.Headers.Location?.OriginalString ?? "/admin/denied");
    }

    [Fact]
    public async Task The_audit_administrator_cannot_change_a_department_through_the_API()
    {
        var auditor = await app.SignInAsync("audit.admin");

        var chain = await auditor.PutAsJsonAsync("/gaj/api/admin/review-chain", new[] { new { level = 1, name = "初审", userNames = new[] { "gaj.reviewer1" } } });
        var content = await auditor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", title = "审计管理员不能发文", markdown = "正文" });

        Assert.Equal(HttpStatusCode.Forbidden, chain.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, content.StatusCode);
    }
}
