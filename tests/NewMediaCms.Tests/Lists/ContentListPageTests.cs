using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Lists;

/// <summary>The content list page, the bulk actions, the CSV, the item page's actions, fields and reviewer diff, through the real HTTP pipeline.</summary>
public sealed partial class ContentListPageTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static string Unique() => "页" + Guid.NewGuid().ToString("N")[..8];

    private static string Rows(string html) => html.Contains("id=\"content-list\"") ? html[html.IndexOf("id=\"content-list\"", StringComparison.Ordinal)..] : "";

    [Fact]
    public async Task Filters_come_from_the_query_string_so_a_filtered_view_can_be_bookmarked()
    {
        var token = Unique();
        var draft = (await _desk.NewAsync($"{token} 草稿甲")).ItemId!;
        var inReview = await _desk.SubmittedAsync($"{token} 审核乙");
        var editor = await app.SignInAsync("gaj.editor");

        var html = await editor.GetStringAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}&state=inreview");
        Assert.Contains(inReview, Rows(html));
        Assert.DoesNotContain(draft, Rows(html));
        Assert.Contains("<option value=\"inreview\" selected=\"selected\">审核中</option>", html);
        Assert.Contains("已过 0/3 级，待初审", html);

        var bad = await editor.GetStringAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}&from=昨天&to=2026-02-30");
        Assert.Contains("<span class=\"error field-error\" id=\"err-from\">日期格式应为 年-月-日，例如 2026-05-01。</span>", bad);
        Assert.Contains("<span class=\"error field-error\" id=\"err-to\">日期格式应为 年-月-日，例如 2026-05-01。</span>", bad);
        // The bad date is ignored, the other filters still apply.
        Assert.Contains(draft, Rows(bad));
    }

    [Fact]
    public async Task The_next_and_previous_links_carry_the_filters_and_a_cursor()
    {
        var token = Unique();
        for (var i = 0; i < 3; i++)
        {
            await _desk.NewAsync($"{token} 第{i}条");
        }
        var editor = await app.SignInAsync("gaj.editor");
        var first = await editor.GetStringAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}&size=2&sort=title&dir=asc");
        var next = Regex.Match(first, "id=\"next-page\" href=\"([^\"]+)\"").Groups[1].Value.Replace("&amp;", "&");
        Assert.Contains("after=", next);
        Assert.Contains("sort=title", next);
        var second = await editor.GetStringAsync(next);
        Assert.Contains($"{token} 第2条", second);
        Assert.DoesNotContain($"{token} 第0条", Rows(second));
        Assert.Contains("id=\"prev-page\"", second);
        Assert.Contains("第 2 页", second);
    }

    [Fact]
    public async Task Bulk_submit_reports_each_item_and_a_reload_does_not_run_it_again()
    {
        var token = Unique();
        var a = (await _desk.NewAsync($"{token} 甲")).ItemId!;
        var b = (await _desk.NewAsync($"{token} 乙")).ItemId!;
        var c = await _desk.SubmittedAsync($"{token} 丙");
        var editor = await app.SignInAsync("gaj.editor");
        var page = $"/gaj/admin/content?q={Uri.EscapeDataString(token)}";
        var html = await editor.GetStringAsync(page);
        var form = new List<KeyValuePair<string, string>>
        {
            new("__RequestVerificationToken", Token().Match(html).Groups[1].Value), new("bulk", "submit"),
            new("ids", a), new("ids", b), new("ids", c),
        };
        var post = await editor.PostAsync(page + "&handler=Bulk", new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.Redirect, post.StatusCode);
        Assert.Equal(page, post.Headers.Location!.OriginalString);
        var after = await editor.GetStringAsync(post.Headers.Location.OriginalString);
        Assert.Contains($"2 项已提交审核，1 项未能提交：《{token} 丙》该版本已在审核中，无需重复提交。", after);
        Assert.Equal(ReviewState.InReview, await _desk.StateAsync(a));
        Assert.Equal(ReviewState.InReview, await _desk.StateAsync(b));
        // The message was shown once; the page reloaded runs nothing.
        Assert.DoesNotContain("项已提交审核", await editor.GetStringAsync(page));
    }

    [Fact]
    public async Task Bulk_delete_and_move_go_item_by_item_and_refuse_what_the_person_may_not_do()
    {
        var token = Unique();
        var a = (await _desk.NewAsync($"{token} 甲")).ItemId!;
        var b = (await _desk.NewAsync($"{token} 乙")).ItemId!;
        var published = await _desk.ApprovedAsync($"{token} 丙");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, published))).Ok);

        var bulk = await _desk.InAsync("gaj", sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<BulkActions>(sp).RunAsync(People.Editor, BulkAction.Move, [a, published, "gaj-nonexistent"], "gaj-wechat"));
        Assert.Equal(2, bulk.Succeeded);
        Assert.Equal("2 项已移动，1 项未能移动：《gaj-nonexistent》内容不存在。", bulk.Summary);
        Assert.Equal("gaj-wechat", (await _desk.VersionsAsync(a)).Single().AccountId);
        // The public page follows the move.
        Assert.Equal("gaj-wechat", (await _desk.PublicAsync(published))!.AccountId);

        var wrongAccount = await _desk.InAsync("gaj", sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<BulkActions>(sp).RunAsync(People.Editor, BulkAction.Move, [b], "wjw-site"));
        Assert.Equal(0, wrongAccount.Succeeded);
        Assert.StartsWith($"1 项未能移动：《{token} 乙》该账号不存在或不属于本部门", wrongAccount.Summary);

        var byReviewer = await _desk.InAsync("gaj", sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<BulkActions>(sp).RunAsync(People.Reviewer1, BulkAction.Delete, [a, b]));
        Assert.Equal(0, byReviewer.Succeeded);
        var byEditor = await _desk.InAsync("gaj", sp => Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<BulkActions>(sp).RunAsync(People.Editor, BulkAction.Delete, [a, b]));
        Assert.Equal("2 项已移入回收站。", byEditor.Summary);
        var editor = await app.SignInAsync("gaj.editor");
        Assert.DoesNotContain(a, Rows(await editor.GetStringAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}")));
    }

    [Fact]
    public async Task The_csv_export_follows_the_filters_on_screen_and_guards_formulas()
    {
        var token = Unique();
        var policy = (await _desk.NewAsync($"=HYPERLINK(\"x\") {token} 政策", type: "policy",
            fields: new() { ["docNumber"] = "测政发〔2026〕3号", ["issuer"] = "测试县政府", ["writtenOn"] = "2026-01-05" })).ItemId!;
        var notice = (await _desk.NewAsync($"{token} 通知")).ItemId!;
        var editor = await app.SignInAsync("gaj.editor");
        var response = await editor.GetAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}&type=policy&handler=Export");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("编号,标题,类型,状态,账号,作者,版本,创建时间,修改时间,发布时间,计划发布", lines[0]);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith($"{policy},\"'=HYPERLINK(\"\"x\"\") {token} 政策\",政策文件,草稿,", lines[1]);
        Assert.DoesNotContain(notice, string.Join("\n", lines));

        var all = Encoding.UTF8.GetString(await editor.GetByteArrayAsync($"/gaj/admin/content?q={Uri.EscapeDataString(token)}&handler=Export"));
        Assert.Contains(notice, all);
        Assert.Contains(policy, all);
    }

    [Fact]
    public async Task The_item_page_shows_only_the_actions_that_fit_with_the_reasons()
    {
        var id = await _desk.SubmittedAsync("动作页面的通知");
        var editor = await app.SignInAsync("gaj.editor");
        var html = await editor.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.DoesNotContain("id=\"approve\"", html);
        Assert.DoesNotContain("id=\"publish\"", html);
        Assert.DoesNotContain("id=\"submit-review\"", html);
        Assert.Contains("id=\"edit\"", html);
        Assert.Contains("需要终审（分管领导）通过后才能发布", html);

        var reviewer = await app.SignInAsync("gaj.reviewer1");
        var asReviewer = await reviewer.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.Contains("id=\"approve\"", asReviewer);
        Assert.Contains("id=\"reject\"", asReviewer);
        Assert.DoesNotContain("id=\"edit\"", asReviewer);
        Assert.DoesNotContain("id=\"delete\"", asReviewer);

        var api = JsonDocument.Parse(await reviewer.GetStringAsync($"/gaj/api/admin/content/{id}/actions")).RootElement;
        var allowed = api.EnumerateArray().Where(a => a.GetProperty("allowed").GetBoolean()).Select(a => a.GetProperty("action").GetString()!).Order().ToArray();
        Assert.Equal(new[] { "Approve", "Reject" }, allowed);
    }

    [Fact]
    public async Task A_reviewer_sees_every_field_of_a_policy_document()
    {
        var id = (await _desk.NewAsync("字段齐全的政策", type: "policy", fields: new()
        {
            ["docNumber"] = "测政发〔2026〕7号", ["issuer"] = "测试县人民政府办公室", ["writtenOn"] = "2026-02-03", ["validFrom"] = "2026-03-01", ["validTo"] = "2028-02-29",
            ["attachment"] = "/files/policy-7.pdf", ["attachment.name"] = "实施细则.pdf",
        })).ItemId!;
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        var reviewer = await app.SignInAsync("gaj.reviewer1");
        var html = await reviewer.GetStringAsync($"/gaj/admin/content/{id}");
        foreach (var text in new[] { "文号", "测政发〔2026〕7号", "发文机关", "测试县人民政府办公室", "成文日期", "2026-02-03", "有效期起", "2026-03-01", "有效期止", "2028-02-29", "附件", "实施细则.pdf", "/files/policy-7.pdf" })
        {
            Assert.Contains(WebUtility.HtmlEncode(text), html);
        }
    }

    [Fact]
    public async Task A_reviewer_sees_what_changed_since_they_last_approved()
    {
        var id = await _desk.SubmittedAsync("修改后的通知", "第一段\n办理时间为周一至周五");
        Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
        Assert.True((await _desk.SaveAsync(id, "修改后的通知", "第一段\n办理时间为周一至周六")).Ok);
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);

        var reviewer = await app.SignInAsync("gaj.reviewer1");
        var html = await reviewer.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.Contains("自您上次审核后有修改", html);
        Assert.Contains("<del>五</del>", html);
        Assert.Contains("<ins>六</ins>", html);

        // Someone who never read it sees no diff; reading it is recorded.
        var second = await app.SignInAsync("gaj.reviewer2");
        Assert.DoesNotContain("id=\"changed-since\"", await second.GetStringAsync($"/gaj/admin/content/{id}"));

        // Marked as read: the diff is gone until the next change.
        var token = Token().Match(html).Groups[1].Value;
        var seen = await reviewer.PostAsync($"/gaj/admin/content/{id}?handler=Seen", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, seen.StatusCode);
        Assert.DoesNotContain("id=\"changed-since\"", await reviewer.GetStringAsync($"/gaj/admin/content/{id}"));
        Assert.True((await _desk.SaveAsync(id, "修改后的通知（二）", "第一段\n办理时间为周一至周六")).Ok);
        var again = await second.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.Contains("自您上次查看后有修改", again);
        Assert.Contains("<ins>（二）</ins>", again);
    }
}
