using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Search;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Search;

/// <summary>Search as readers see it, through HTTP, on the embedded Lucene provider (the default).</summary>
public sealed class ReaderSearchTests : IDisposable
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    private async Task DrainAsync()
    {
        await using var scope = _app.TenantScope(null);
        await scope.ServiceProvider.GetRequiredService<SearchOutboxJob>().RunAsync(CancellationToken.None);
    }

    private async Task<(long Total, List<string> Ids)> ApiAsync(string url)
    {
        var response = await _app.Client().GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("total").GetInt64(),
            json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList());
    }

    [Fact]
    public async Task The_portal_finds_published_content_of_running_departments_and_never_drafts_or_disabled_departments()
    {
        await DrainAsync();

        var (_, all) = await ApiAsync("/api/search?q=" + Uri.EscapeDataString("通知"));
        Assert.Contains("portal-n-1", all);
        Assert.Contains("wjw-n-1", all);
        Assert.DoesNotContain("old-n-1", all); // 已撤销办公室: a disabled department
        Assert.Empty((await ApiAsync("/api/search?q=" + Uri.EscapeDataString("旧通知"))).Ids);
        Assert.Empty((await ApiAsync("/api/search?q=" + Uri.EscapeDataString("草稿"))).Ids);
    }

    [Fact]
    public async Task A_sub_word_finds_the_longer_word_and_the_page_highlights_it()
    {
        await DrainAsync();

        // 人民 sits inside 测试县人民政府.
        Assert.Contains("portal-n-1", (await ApiAsync("/api/search?q=" + Uri.EscapeDataString("人民"))).Ids);
        var html = await _app.Client().GetStringAsync("/search?q=" + Uri.EscapeDataString("人民"));
        Assert.Contains("<mark>人民</mark>", html);
        Assert.Contains("href=\"/notices/portal-n-1\"", html);
    }

    [Fact]
    public async Task A_department_site_searches_only_its_own_content()
    {
        await DrainAsync();

        var (_, ids) = await ApiAsync("/gaj/api/search?q=" + Uri.EscapeDataString("公安局"));
        Assert.Equal(["gaj-n-1", "gaj-n-2"], ids.Order());
        Assert.Empty((await ApiAsync("/gaj/api/search?q=" + Uri.EscapeDataString("疫苗"))).Ids);
        var page = await _app.Client().GetStringAsync("/gaj/search?q=" + Uri.EscapeDataString("公安局"));
        Assert.Contains("本部门搜索", page);
        Assert.Contains("href=\"/gaj/notices/gaj-n-1\"", page);
        // The portal may narrow to one department.
        Assert.Equal(["wjw-n-1"], (await ApiAsync("/api/search?dept=wjw&q=" + Uri.EscapeDataString("通知"))).Ids);
    }

    [Fact]
    public async Task Unpublished_and_deleted_items_disappear_from_search_once_the_outbox_is_drained()
    {
        await DrainAsync();
        Assert.Contains("gaj-n-1", (await ApiAsync("/api/search?q=" + Uri.EscapeDataString("身份证"))).Ids);
        Assert.Contains("gaj-n-2", (await ApiAsync("/api/search?q=" + Uri.EscapeDataString("交通安全"))).Ids);

        await using (var scope = _app.TenantScope("gaj"))
        {
            var db = _app.Db(scope);
            var version = await db.Set<ContentVersion>().SingleAsync(v => v.ContentItemId == "gaj-n-1" && v.Published);
            version.Published = false;
            db.Raise(new ContentUnpublished("gaj", "gaj-n-1"));
            var item = await db.Set<ContentItem>().SingleAsync(i => i.Id == "gaj-n-2");
            item.Deleted = true;
            db.Raise(new ContentDeleted("gaj", "gaj-n-2"));
            await db.SaveChangesAsync();
        }
        await DrainAsync();

        Assert.Empty((await ApiAsync("/api/search?q=" + Uri.EscapeDataString("身份证"))).Ids);
        Assert.Empty((await ApiAsync("/api/search?q=" + Uri.EscapeDataString("交通安全"))).Ids);
        Assert.Empty((await ApiAsync("/gaj/api/search?q=" + Uri.EscapeDataString("公安局"))).Ids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("%22")]
    [InlineData("*")]
    [InlineData("AND")]
    [InlineData("title%3A%E9%80%9A%E7%9F%A5")]
    [InlineData("(%E9%80%9A%E7%9F%A5")]
    [InlineData("%5B%7B%22*%3F~%5E%3A%5C%2F)")]
    [InlineData("%E9%80%9A%E7%9F%A5&from=2099-99-99&to=abc&page=abc&sort=%27;drop&type=x&dept=nope")]
    [InlineData("%E9%80%9A%E7%9F%A5&page=99999999999")]
    public async Task Empty_and_operator_laden_queries_answer_200_on_the_page_and_the_api(string q)
    {
        await DrainAsync();

        foreach (var path in new[] { "/search?q=", "/api/search?q=", "/gaj/search?q=", "/gaj/api/search?q=" })
        {
            var response = await _app.Client().GetAsync(path + q);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task A_ten_thousand_character_query_answers_200()
    {
        await DrainAsync();
        var q = Uri.EscapeDataString(string.Concat(Enumerable.Repeat("通知(\"*:", 1250)));

        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/search?q=" + q)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/api/search?q=" + q)).StatusCode);
    }

    [Fact]
    public async Task Filters_and_date_sort_work_through_the_api()
    {
        await DrainAsync();

        var (_, newest) = await ApiAsync("/api/search?sort=date&q=" + Uri.EscapeDataString("通知"));
        var (_, oldest) = await ApiAsync("/api/search?sort=oldest&q=" + Uri.EscapeDataString("通知"));
        Assert.Equal(newest, Enumerable.Reverse(oldest));
        Assert.Empty((await ApiAsync("/api/search?type=policy&q=" + Uri.EscapeDataString("通知"))).Ids);
        Assert.Empty((await ApiAsync("/api/search?from=2000-01-01&to=2000-12-31&q=" + Uri.EscapeDataString("通知"))).Ids);
    }

    [Fact]
    public async Task Every_public_page_has_a_search_box_in_the_header()
    {
        Assert.Contains("action=\"/search\"", await _app.Client().GetStringAsync("/"));
        Assert.Contains("action=\"/gaj/search\"", await _app.Client().GetStringAsync("/gaj/"));
    }

    [Fact]
    public async Task The_search_admin_page_is_for_matrix_administrators_and_shows_the_queue()
    {
        var admin = await _app.SignInAsync("admin");
        var page = await admin.GetStringAsync("/admin/search");
        Assert.Contains("待处理", page);
        Assert.Contains("id=\"queue-depth\">6 条", page);
        Assert.Contains("重建索引", page);

        var editor = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var denied = await editor.GetAsync("/gaj/admin/search");
        Assert.NotEqual(HttpStatusCode.OK, denied.StatusCode);
    }

    [Fact]
    public async Task A_rebuild_replaces_the_index_from_the_store_and_reports_progress()
    {
        await DrainAsync();
        var rebuild = _app.Services.GetRequiredService<SearchRebuild>();

        Assert.True(rebuild.TryStart(out var task));
        await task;

        var status = rebuild.Status;
        Assert.Null(status.Error);
        Assert.False(status.Running);
        Assert.Equal(status.Total, status.Done);
        Assert.Equal(6, status.Total);
        Assert.Contains("gaj-n-1", (await ApiAsync("/api/search?q=" + Uri.EscapeDataString("身份证"))).Ids);
    }

    public void Dispose() => _app.Dispose();
}
