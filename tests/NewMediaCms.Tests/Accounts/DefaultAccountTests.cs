using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Accounts;

/// <summary>Every content item belongs to an account: the default is the department's site channel, never "none".</summary>
public sealed class DefaultAccountTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private async Task<string?> AccountOfAsync(string tenant, string itemId)
    {
        await using var scope = app.TenantScope(tenant);
        return await app.Db(scope).Set<ContentItem>().Where(i => i.Id == itemId).Select(i => i.AccountId).SingleAsync();
    }

    [Fact]
    public async Task A_draft_saved_through_the_api_without_an_account_belongs_to_the_departments_site_channel()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", title = "未选账号的通知", markdown = "正文" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;
        Assert.Equal("gaj-site", await AccountOfAsync("gaj", id));
        var versions = await new Editorial.EditorialDesk(app).VersionsAsync(id);
        Assert.All(versions, v => Assert.Equal("gaj-site", v.AccountId));   // the inspection counts it for the site channel
    }

    [Fact]
    public async Task The_editor_offers_every_open_account_with_its_platform_preselects_the_site_channel_and_has_no_none_choice()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var html = WebUtility.HtmlDecode(await editor.GetStringAsync("/gaj/admin/content/edit?type=notice"));
        Assert.DoesNotContain("（不指定）", html);
        Assert.Matches("<option value=\"gaj-site\" selected=\"selected\">[^<]*（网站栏目）</option>", html);
        Assert.Matches("<option value=\"gaj-wechat\">[^<]*（微信公众号）</option>", html);
    }

    [Fact]
    public async Task A_department_without_a_site_channel_gets_one_opened_for_its_first_item()
    {
        await using var scope = app.TenantScope("cdc");
        var drafts = scope.ServiceProvider.GetRequiredService<DraftService>();
        var result = await drafts.CreateDraftAsync(EditorialActor.Of("cdc.editor", "cdc", Roles.Editor), new DraftInput("notice", null, "疾控中心的第一条通知", "正文", null));
        Assert.True(result.Ok, result.Message);
        var accounts = await scope.ServiceProvider.GetRequiredService<AccountDirectory>().InDepartmentAsync(default);
        var site = Assert.Single(accounts, a => a.Platform == Platform.SiteChannel);
        Assert.Equal("cdc-site", site.Id);
        Assert.Equal("cdc-site", await AccountOfAsync("cdc", result.ItemId!));
        Assert.Contains(await scope.ServiceProvider.GetRequiredService<AccountLifecycleService>().HistoryAsync("cdc-site", default), e => e.Kind == FilingEventKind.Opened);
    }
}
