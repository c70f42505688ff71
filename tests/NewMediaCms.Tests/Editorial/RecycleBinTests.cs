using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Editorial;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>Soft delete from the item page, the recycle bin (回收站) with restore, and the confirmed, audited purge.</summary>
public sealed partial class RecycleBinTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string postUrl, params (string Key, string Value)[] fields)
    {
        var token = Token().Match(await client.GetStringAsync(pageUrl)).Groups[1].Value;
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));
    }

    private static async Task DrainSearchAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        await scope.ServiceProvider.GetRequiredService<SearchOutboxJob>().RunAsync(CancellationToken.None);
    }

    private static async Task<List<string>> SearchAsync(NmcAppFactory app, string q)
    {
        using var json = JsonDocument.Parse(await app.Client().GetStringAsync("/gaj/api/search?q=" + Uri.EscapeDataString(q)));
        return json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();
    }

    private static async Task<List<string>> ActionsAsync(NmcAppFactory app, string id)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.SubjectId == id).OrderBy(e => e.Sequence).Select(e => e.Action).ToListAsync();
    }

    [Fact]
    public async Task A_deleted_item_leaves_every_public_surface_sits_in_the_recycle_bin_and_comes_back_when_restored()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("回收站测试：道路封闭公告", "因施工封闭幸福路。");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        await DrainSearchAsync(app);
        var reader = app.Client();
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);
        Assert.Contains(id, await reader.GetStringAsync("/gaj/feed/rss"));
        Assert.Contains(id, await SearchAsync(app, "幸福路"));

        var editor = await app.SignInAsync("gaj.editor");
        var delete = await PostAsync(editor, $"/gaj/admin/content/{id}", $"/gaj/admin/content/{id}?handler=Delete");
        Assert.Equal(HttpStatusCode.Redirect, delete.StatusCode);
        await DrainSearchAsync(app);

        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);
        Assert.DoesNotContain(id, await reader.GetStringAsync("/gaj/feed/rss"));
        Assert.DoesNotContain(id, await reader.GetStringAsync("/gaj/feed/atom"));
        Assert.DoesNotContain(id, await reader.GetStringAsync("/gaj/notices"));
        Assert.DoesNotContain(id, await reader.GetStringAsync("/gaj/sitemap.xml"));
        Assert.DoesNotContain(id, await reader.GetStringAsync("/gaj/"));
        Assert.DoesNotContain(id, await SearchAsync(app, "幸福路"));
        Assert.DoesNotContain(id, await editor.GetStringAsync("/gaj/admin/content"));

        var bin = await editor.GetStringAsync("/gaj/admin/content/deleted");
        Assert.Contains($"data-item=\"{id}\"", bin);
        Assert.Contains("回收站测试：道路封闭公告", bin);
        Assert.DoesNotContain("彻底清除…", bin); // editors may restore, not purge

        var restore = await PostAsync(editor, "/gaj/admin/content/deleted", "/gaj/admin/content/deleted?handler=Undelete", ("id", id));
        Assert.Equal(HttpStatusCode.Redirect, restore.StatusCode);
        await DrainSearchAsync(app);
        Assert.Contains("回收站是空的", await editor.GetStringAsync("/gaj/admin/content/deleted"));
        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/gaj/notices/{id}")).StatusCode);
        Assert.Contains(id, await reader.GetStringAsync("/gaj/feed/rss"));
        Assert.Contains(id, await SearchAsync(app, "幸福路"));

        var actions = await ActionsAsync(app, id);
        Assert.Equal(["content.deleted", "content.undeleted"], actions.Where(a => a is "content.deleted" or "content.undeleted"));

        // Restoring what is not deleted changes nothing.
        var again = await desk.DoAsync(s => s.UndeleteAsync(People.Editor, id));
        Assert.Equal(EditorialOutcome.Invalid, again.Outcome);
    }

    [Fact]
    public async Task Purge_needs_a_department_admin_an_explicit_confirmation_and_a_reason_and_removes_the_item_with_its_versions()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("待清除的通知");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        Assert.True((await desk.SaveAsync(id, "待清除的通知（修订）", "修订正文")).Ok);
        Assert.True((await desk.DoAsync(s => s.DeleteAsync(People.Editor, id))).Ok);

        var editor = await app.SignInAsync("gaj.editor");
        var itemPage = await editor.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.DoesNotContain("id=\"purge-button\"", itemPage);
        var refused = await PostAsync(editor, $"/gaj/admin/content/{id}", $"/gaj/admin/content/{id}?handler=Purge", ("reason", "误发"), ("confirm", "true"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);

        var admin = await app.SignInAsync("gaj.admin");
        Assert.Contains("id=\"purge-button\"", await admin.GetStringAsync($"/gaj/admin/content/{id}"));
        Assert.Contains("彻底清除…", await admin.GetStringAsync("/gaj/admin/content/deleted"));
        var unconfirmed = await PostAsync(admin, $"/gaj/admin/content/{id}", $"/gaj/admin/content/{id}?handler=Purge", ("reason", "误发"));
        Assert.Equal(HttpStatusCode.Conflict, unconfirmed.StatusCode);
        Assert.Contains("请勾选“我确认彻底清除该内容及其全部版本”", await unconfirmed.Content.ReadAsStringAsync());
        var noReason = await PostAsync(admin, $"/gaj/admin/content/{id}", $"/gaj/admin/content/{id}?handler=Purge", ("confirm", "true"));
        Assert.Contains("请填写清除原因", await noReason.Content.ReadAsStringAsync());
        Assert.Equal(2, (await desk.VersionsAsync(id)).Count);

        var purge = await PostAsync(admin, $"/gaj/admin/content/{id}", $"/gaj/admin/content/{id}?handler=Purge", ("reason", "重复发布，经分管领导同意清除"), ("confirm", "true"));
        Assert.Equal(HttpStatusCode.Redirect, purge.StatusCode);
        Assert.EndsWith("/gaj/admin/content/deleted", purge.Headers.Location!.ToString());

        Assert.Empty(await desk.VersionsAsync(id));
        await using (var scope = app.TenantScope("gaj"))
        {
            var db = app.Db(scope);
            Assert.False(await db.Set<ContentItem>().IgnoreQueryFilters().AnyAsync(i => i.Id == id));
            Assert.False(await db.Set<VersionReview>().AnyAsync(r => r.ContentItemId == id));
            Assert.False(await db.Set<ReviewApproval>().AnyAsync(r => r.ContentItemId == id));
        }
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/gaj/admin/content/{id}")).StatusCode);
        Assert.Equal("content.purged", (await ActionsAsync(app, id))[^1]);

        await using var check = app.TenantScope(null);
        var purged = await app.Db(check).Set<AuditEntry>().AsNoTracking().SingleAsync(e => e.SubjectId == id && e.Action == "content.purged");
        Assert.Equal("gaj.admin", purged.Actor);
        Assert.Contains("重复发布，经分管领导同意清除", purged.Detail);
        Assert.Contains("2 个版本", purged.Detail);
        Assert.True((await check.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);
    }

    [Fact]
    public async Task Another_departments_user_cannot_see_restore_or_purge_the_recycle_bin()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var id = (await desk.NewAsync("公安局删除的草稿")).ItemId!;
        Assert.True((await desk.DoAsync(s => s.DeleteAsync(People.Editor, id))).Ok);

        var wjwAdmin = await app.SignInAsync("wjw.admin");
        Assert.Equal(HttpStatusCode.Redirect, (await wjwAdmin.GetAsync("/gaj/admin/content/deleted")).StatusCode);
        Assert.DoesNotContain(id, await wjwAdmin.GetStringAsync("/wjw/admin/content/deleted"));
        var restore = await PostAsync(wjwAdmin, "/wjw/admin/content/deleted", "/wjw/admin/content/deleted?handler=Undelete", ("id", id));
        Assert.Equal(HttpStatusCode.NotFound, restore.StatusCode);
        Assert.Equal(EditorialOutcome.Forbidden, (await desk.DoAsync(s => s.UndeleteAsync(People.WjwEditor, id))).Outcome);
        Assert.Equal(EditorialOutcome.Forbidden, (await desk.DoAsync(s => s.PurgeAsync(EditorialActorOf("wjw.admin", "wjw"), id, "越权"))).Outcome);
        Assert.Single(await desk.VersionsAsync(id));
    }

    private static EditorialActor EditorialActorOf(string user, string tenant) => EditorialActor.Of(user, tenant, Core.Identity.Roles.DepartmentAdmin);
}
