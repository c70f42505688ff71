using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>Saving the site settings and choosing a theme are audited: each leaves an entry on the hash chain.</summary>
public sealed class SiteAuditTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _ = _app.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<HttpResponseMessage> SubmitAsync(HttpClient client, string url, Dictionary<string, string> fields)
    {
        var form = await client.GetStringAsync(url);
        fields["__RequestVerificationToken"] = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(fields));
    }

    private async Task<List<AuditEntry>> ChainAsync()
    {
        await using var scope = _app.TenantScope(null);
        return await _app.Db(scope).Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    /// <summary>The entry is on the chain: it links to the entry before it and the whole chain verifies.</summary>
    private async Task AssertChainedAsync(AuditEntry entry)
    {
        var chain = await ChainAsync();
        var index = chain.FindIndex(e => e.Id == entry.Id);
        Assert.True(index > 0, "the entry follows the recipe's entries");
        Assert.Equal(chain[index - 1].Hash, entry.PreviousHash);
        await using var scope = _app.TenantScope(null);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);
    }

    [Fact]
    public async Task Saving_the_site_settings_leaves_a_chained_audit_entry_with_the_old_and_new_texts()
    {
        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var saved = await SubmitAsync(admin, "/gaj/admin/site-settings", new() { ["SiteTitle"] = "测试县公安局网站", ["Footer"] = "公安局网站页脚" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var entry = Assert.Single(await ChainAsync(), e => e.Action == "site.settings-changed");
        Assert.Equal("SiteSettings", entry.SubjectType);
        Assert.Equal("gaj", entry.SubjectId);
        Assert.Equal("gaj", entry.TenantId);
        Assert.Equal("gaj.admin", entry.Actor);
        Assert.Contains("site.title=测试县公安局网站", entry.After);
        Assert.Contains("site.footer=公安局网站页脚", entry.After);
        Assert.Contains("site.title=（未设置）", entry.Before);
        await AssertChainedAsync(entry);

        // Saving the same texts again changes nothing and records nothing.
        Assert.Equal(HttpStatusCode.Redirect, (await SubmitAsync(admin, "/gaj/admin/site-settings", new() { ["SiteTitle"] = "测试县公安局网站", ["Footer"] = "公安局网站页脚" })).StatusCode);
        Assert.Single(await ChainAsync(), e => e.Action == "site.settings-changed");
    }

    [Fact]
    public async Task Choosing_another_theme_leaves_a_chained_audit_entry_and_a_refused_choice_none()
    {
        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var refused = await SubmitAsync(admin, "/gaj/admin/theme", new() { ["Theme"] = "no-such-theme" });
        Assert.Equal(HttpStatusCode.OK, refused.StatusCode);
        Assert.Contains("请选择一个已安装的主题。", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await ChainAsync(), e => e.Action == "site.theme-changed");

        var saved = await SubmitAsync(admin, "/gaj/admin/theme", new() { ["Theme"] = "matrix" });
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);

        var entry = Assert.Single(await ChainAsync(), e => e.Action == "site.theme-changed");
        Assert.Equal("gaj", entry.SubjectId);
        Assert.Equal("gaj", entry.TenantId);
        Assert.Equal("gaj.admin", entry.Actor);
        Assert.Equal("department", entry.Before);
        Assert.Equal("matrix", entry.After);
        await AssertChainedAsync(entry);
    }
}
