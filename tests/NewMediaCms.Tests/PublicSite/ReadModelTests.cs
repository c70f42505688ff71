using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Settings;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.PublicSite;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>
/// The in-memory read model behind notice pages, with the output cache off so that every request renders from it:
/// each test reads a page first (the department's snapshot is then in memory) and checks that a change made through
/// the application shows on the very next request.
/// </summary>
public sealed class ReadModelTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private EditorialDesk _desk = null!;

    public Task InitializeAsync()
    {
        _app.Settings["PublicSite:OutputCache"] = "false";
        _ = _app.Services;
        _desk = new EditorialDesk(_app);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<string> PublishedAsync(string title)
    {
        var id = await _desk.ApprovedAsync(title, "正文：" + title);
        var published = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(published.Ok, published.Message);
        return id;
    }

    [Fact]
    public async Task A_notice_published_after_the_department_was_loaded_shows_at_once_and_its_draft_never_does()
    {
        var reader = _app.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/gaj/notices/gaj-n-1")).StatusCode);   // snapshot loaded

        var draft = (await _desk.NewAsync("尚未审核的草稿通知")).ItemId!;
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/gaj/notices/{draft}")).StatusCode);

        var id = await PublishedAsync("读模型新发布的通知");
        var page = await reader.GetStringAsync($"/gaj/notices/{id}");
        Assert.Contains("读模型新发布的通知", page);
        Assert.Contains("正文：读模型新发布的通知", page);

        // A new draft of the published notice is not what readers see; its publication is.
        Assert.True((await _desk.SaveAsync(id, "修改后的标题（草稿）", "修改后的正文")).Ok);
        Assert.DoesNotContain("修改后的标题（草稿）", await reader.GetStringAsync($"/gaj/notices/{id}"));
        await ApproveAndPublishAsync(id);
        var republished = await reader.GetStringAsync($"/gaj/notices/{id}");
        Assert.Contains("修改后的标题（草稿）", republished);
        Assert.Contains("修改后的正文", republished);
    }

    [Fact]
    public async Task An_unpublished_notice_disappears_at_once()
    {
        var reader = _app.Client();
        var id = await PublishedAsync("即将撤回的通知");
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);

        Assert.True((await _desk.DoAsync(s => s.UnpublishAsync(People.Editor, id))).Ok);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_deleted_notice_disappears_at_once_also_from_the_notices_that_link_to_it()
    {
        var reader = _app.Client();
        var policy = (await _desk.NewAsync("将被删除的政策文件", type: "policy", fields: new() { ["docNumber"] = "测公发〔2026〕9号", ["issuer"] = "测试县公安局", ["writtenOn"] = "2026-01-05" })).ItemId!;
        await ApproveAndPublishAsync(policy);
        var interpretation = (await _desk.NewAsync("《将被删除的政策文件》解读", type: "interpretation", fields: new() { ["policy"] = policy })).ItemId!;
        await ApproveAndPublishAsync(interpretation);
        Assert.Contains($"/gaj/notices/{policy}", await reader.GetStringAsync($"/gaj/notices/{interpretation}"));
        Assert.Contains($"/gaj/notices/{interpretation}", await reader.GetStringAsync($"/gaj/notices/{policy}"));

        Assert.True((await _desk.DoAsync(s => s.DeleteAsync(People.Editor, policy))).Ok);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/gaj/notices/{policy}")).StatusCode);
        Assert.DoesNotContain($"/gaj/notices/{policy}", await reader.GetStringAsync($"/gaj/notices/{interpretation}"));
    }

    private async Task ApproveAndPublishAsync(string id)
    {
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            var approved = await _desk.DoAsync(s => s.ApproveAsync(reviewer, id));
            Assert.True(approved.Ok, approved.Message);
        }
        var published = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(published.Ok, published.Message);
    }

    [Fact]
    public async Task A_settings_change_of_the_department_or_the_matrix_shows_on_the_next_notice_page()
    {
        var reader = _app.Client();
        Assert.DoesNotContain("公安局读模型页脚", await reader.GetStringAsync("/gaj/notices/gaj-n-1"));

        await SetAsync("gaj", "site.footer", "公安局读模型页脚");
        Assert.Contains("公安局读模型页脚", await reader.GetStringAsync("/gaj/notices/gaj-n-1"));
        Assert.DoesNotContain("公安局读模型页脚", await reader.GetStringAsync("/wjw/notices/wjw-n-1"));   // another department's own settings

        await SetAsync(SettingsStore.MatrixScope, "site.title", "矩阵读模型新标题");
        Assert.Contains("矩阵读模型新标题", await reader.GetStringAsync("/wjw/notices/wjw-n-1"));
    }

    private async Task SetAsync(string scope, string key, string value)
    {
        await using var s = _app.TenantScope(null);
        var db = _app.Db(s);
        var row = await db.Set<Setting>().FirstOrDefaultAsync(x => x.Scope == scope && x.Key == key);
        if (row is null)
        {
            db.Add(new Setting { Scope = scope, Key = key, ValueJson = System.Text.Json.JsonSerializer.Serialize(value), UpdatedUtc = DateTime.UtcNow });
        }
        else
        {
            row.ValueJson = System.Text.Json.JsonSerializer.Serialize(value);
        }
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Departments_are_kept_apart()
    {
        var reader = _app.Client();
        var gaj = await reader.GetStringAsync("/gaj/notices/gaj-n-1");
        Assert.Contains("公安局关于办理居民身份证的通告", gaj);
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", await reader.GetStringAsync("/wjw/notices/wjw-n-1"));
        // Both departments are in memory now; neither answers for the other's notices, nor does the portal.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/wjw/notices/gaj-n-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/gaj/notices/wjw-n-1")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync("/notices/gaj-n-1")).StatusCode);

        // A publication in one department leaves the other's snapshot as it was and does not show there.
        var model = _app.Services.GetRequiredService<PublicReadModel>();
        var wjwBefore = await model.GetAsync("wjw");
        var id = await PublishedAsync("只属于公安局的通知");
        Assert.Same(wjwBefore, await model.GetAsync("wjw"));
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/wjw/notices/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);
    }
}

/// <summary>
/// Two application nodes on one store: a node keeps serving its in-memory read model until it reads the change stamps
/// (every PublicSite:ChangePollSeconds; here called by the test so that nothing depends on timing).
/// </summary>
public sealed class ReadModelTwoNodeTests : IAsyncLifetime
{
    private readonly NmcAppFactory _a = NmcAppFactory.Create();
    private readonly NmcAppFactory _b = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        foreach (var node in new[] { _a, _b })
        {
            node.Settings["PublicSite:OutputCache"] = "false";
            node.Settings["PublicSite:ChangePollSeconds"] = "3600";   // the test polls
        }
        _ = _a.Services;
        _b.Settings["Store:AppDataPath"] = _a.AppData;   // node B runs on node A's store
        _ = _b.Services;
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _b.DisposeAsync();
        await _a.DisposeAsync();
    }

    [Fact]
    public async Task A_change_on_one_node_reaches_the_other_when_it_reads_the_change_stamps()
    {
        var onB = _b.Client();
        var id = await PublishOnAsync(_a, "节点A发布的通知");
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/gaj/notices/{id}")).StatusCode);

        var desk = new EditorialDesk(_a);
        Assert.True((await desk.DoAsync(s => s.UnpublishAsync(People.Editor, id))).Ok);
        Assert.Equal(HttpStatusCode.NotFound, (await _a.Client().GetAsync($"/gaj/notices/{id}")).StatusCode);
        // Node B has not read the stamps yet: it still serves its snapshot (this is the window the docs state).
        Assert.Equal(HttpStatusCode.OK, (await onB.GetAsync($"/gaj/notices/{id}")).StatusCode);

        await _b.Services.GetRequiredService<PublicChangeStamps>().PollAsync(CancellationToken.None);
        Assert.Equal(HttpStatusCode.NotFound, (await onB.GetAsync($"/gaj/notices/{id}")).StatusCode);
    }

    private static async Task<string> PublishOnAsync(NmcAppFactory node, string title)
    {
        var desk = new EditorialDesk(node);
        var id = await desk.ApprovedAsync(title);
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        return id;
    }
}
