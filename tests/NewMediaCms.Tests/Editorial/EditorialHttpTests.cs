using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>The same rules through the real HTTP pipeline: the JSON admin API and the admin pages (antiforgery, field errors, conflicts).</summary>
public sealed partial class EditorialHttpTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var html = await client.GetStringAsync(url);
        return Token().Match(html).Groups[1].Value;
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response)
        => JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString()!;

    private async Task<string> CreateAndSubmitThroughApiAsync(HttpClient editor, string title)
    {
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", accountId = "gaj-site", title, markdown = "接口**正文**" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/submit", new { })).StatusCode);
        return id;
    }

    [Fact]
    public async Task The_api_refuses_to_publish_before_the_full_chain_and_publishes_after_it()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var id = await CreateAndSubmitThroughApiAsync(editor, "接口发布的通知");

        var r1 = await app.SignInAsync("gaj.reviewer1");
        Assert.Equal(HttpStatusCode.OK, (await r1.PostAsJsonAsync($"/gaj/api/admin/content/{id}/approve", new { comment = "同意" })).StatusCode);

        var early = await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.Conflict, early.StatusCode);
        Assert.Equal("该版本尚未通过全部审核（已通过 1/3 级），不能发布。", await DetailAsync(early));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/gaj/notices/{id}")).StatusCode);

        var selfApproval = await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/approve", new { });
        Assert.Equal(HttpStatusCode.Forbidden, selfApproval.StatusCode);

        foreach (var name in new[] { "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await app.SignInAsync(name);
            Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/gaj/api/admin/content/{id}/approve", new { })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { })).StatusCode);
        var page = await app.Client().GetAsync($"/gaj/notices/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<strong>正文</strong>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_departments_user_is_refused_on_every_transition_route()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var id = await CreateAndSubmitThroughApiAsync(editor, "跨部门测试");
        var wjw = await app.SignInAsync("wjw.editor");
        foreach (var route in new[] { "submit", "approve", "reject", "publish", "unpublish", "delete", "undelete", "purge", "restore" })
        {
            var response = await wjw.PostAsJsonAsync($"/gaj/api/admin/content/{id}/{route}", new { comment = "x", reason = "x", versionId = 1 });
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        }
        var save = await wjw.PutAsJsonAsync($"/gaj/api/admin/content/{id}", new { versionId = 1, revision = 1, title = "改", markdown = "改" });
        Assert.Equal(HttpStatusCode.Forbidden, save.StatusCode);
        // In their own department the item does not exist.
        Assert.Equal(HttpStatusCode.NotFound, (await wjw.PostAsJsonAsync($"/wjw/api/admin/content/{id}/publish", new { })).StatusCode);
    }

    [Fact]
    public async Task Api_field_errors_come_back_per_field_in_chinese()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var response = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "policy", title = "", markdown = "x", fields = new Dictionary<string, string> { ["writtenOn"] = "昨天" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Equal("请填写标题。", errors.GetProperty("title")[0].GetString());
        Assert.Equal("请填写“文号”。", errors.GetProperty("docNumber")[0].GetString());
        Assert.Equal("“成文日期”应为日期，格式如 2026-01-31。", errors.GetProperty("writtenOn")[0].GetString());
    }

    [Fact]
    public async Task A_transition_route_without_a_json_body_is_refused_so_a_cross_site_form_cannot_trigger_it()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var id = (await CreateAndSubmitThroughApiAsync(editor, "无正文请求"));
        var form = await editor.PostAsync($"/gaj/api/admin/content/{id}/unpublish", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    [Fact]
    public async Task The_editor_form_shows_field_errors_next_to_the_field_and_refuses_a_post_without_antiforgery_token()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var noToken = await editor.PostAsync("/gaj/admin/content/edit?type=policy", new FormUrlEncodedContent(new Dictionary<string, string> { ["Title"] = "x" }));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);

        var token = await TokenAsync(editor, "/gaj/admin/content/edit?type=policy");
        var response = await editor.PostAsync("/gaj/admin/content/edit?type=policy", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Type"] = "policy",
            ["Title"] = "某政策",
            ["Markdown"] = "正文",
            ["Fields[issuer]"] = "测试县公安局",
            ["Fields[writtenOn]"] = "2026-13-45",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<span class=\"error field-error\" id=\"err-docNumber\">请填写“文号”。</span>", html);
        Assert.Contains("id=\"err-writtenOn\">“成文日期”应为日期，格式如 2026-01-31。</span>", html);
        Assert.Contains("value=\"测试县公安局\"", html); // what was typed is kept
    }

    [Fact]
    public async Task Two_editors_saving_the_same_draft_in_the_browser_the_second_gets_a_conflict_message()
    {
        var first = await app.SignInAsync("gaj.editor");
        var created = await first.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", title = "共同编辑的草稿", markdown = "原文" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;
        var second = await app.SignInAsync("gaj.editor2");

        async Task<(string Token, string VersionId, string Revision)> OpenAsync(HttpClient c)
        {
            var html = await c.GetStringAsync($"/gaj/admin/content/edit/{id}");
            return (Token().Match(html).Groups[1].Value,
                Regex.Match(html, "id=\"VersionId\" name=\"VersionId\" value=\"(\\d+)\"").Groups[1].Value,
                Regex.Match(html, "id=\"Revision\" name=\"Revision\" value=\"(\\d+)\"").Groups[1].Value);
        }
        var a = await OpenAsync(first);
        var b = await OpenAsync(second);
        FormUrlEncodedContent Form((string Token, string VersionId, string Revision) f, string body) => new(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = f.Token, ["VersionId"] = f.VersionId, ["Revision"] = f.Revision, ["Title"] = "共同编辑的草稿", ["Markdown"] = body,
        });

        var saveA = await first.PostAsync($"/gaj/admin/content/edit/{id}", Form(a, "甲改的"));
        Assert.Equal(HttpStatusCode.Redirect, saveA.StatusCode);
        var saveB = await second.PostAsync($"/gaj/admin/content/edit/{id}", Form(b, "乙改的"));
        Assert.Equal(HttpStatusCode.Conflict, saveB.StatusCode);
        Assert.Contains("保存失败：该内容已被 gaj.editor 修改", await saveB.Content.ReadAsStringAsync());

        var api = await first.GetStringAsync($"/gaj/api/admin/content/{id}");
        Assert.Contains("甲改的", api);
    }

    [Fact]
    public async Task Review_actions_on_the_item_page_use_antiforgery_and_refusals_are_shown_in_chinese()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", title = "页面审核", markdown = "正文" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;

        var reviewer = await app.SignInAsync("gaj.reviewer1");
        var token = await TokenAsync(reviewer, $"/gaj/admin/content/{id}");
        var approve = await reviewer.PostAsync($"/gaj/admin/content/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
        Assert.Contains("该版本尚未提交审核，不能审批。", await approve.Content.ReadAsStringAsync());

        var noToken = await reviewer.PostAsync($"/gaj/admin/content/{id}?handler=Approve", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    [Fact]
    public async Task The_history_diff_and_audit_pages_show_what_changed()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", title = "差异测试", markdown = "第一行\n办理时间为周一至周五" });
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;
        var history = JsonDocument.Parse(await editor.GetStringAsync($"/gaj/api/admin/content/{id}/history")).RootElement;
        var v1 = history.GetProperty("versions")[0];
        var save = await editor.PutAsJsonAsync($"/gaj/api/admin/content/{id}", new { versionId = v1.GetProperty("id").GetInt64(), revision = v1.GetProperty("revision").GetInt32(), title = "差异测试", markdown = "第一行\n办理时间为周一至周六" });
        Assert.Equal(HttpStatusCode.OK, save.StatusCode);

        // Restore v1 as v2 so there are two versions to compare.
        var restore = await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/restore", new { versionId = v1.GetProperty("id").GetInt64() });
        Assert.Equal(HttpStatusCode.Conflict, restore.StatusCode); // v1 is the current draft: nothing to restore
        var versions = JsonDocument.Parse(await editor.GetStringAsync($"/gaj/api/admin/content/{id}/history")).RootElement.GetProperty("versions");
        Assert.Equal(1, versions.GetArrayLength());

        var admin = await app.SignInAsync("audit.admin");
        var audit = await admin.GetStringAsync("/admin/audit?subject=" + id);
        Assert.Contains("content.draft-saved", audit);
        Assert.Contains("content.created", audit);
        var token = Token().Match(audit).Groups[1].Value;
        var verify = await admin.PostAsync("/admin/audit?handler=Verify", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Contains("校验通过", await verify.Content.ReadAsStringAsync());

        var editorAudit = await editor.GetAsync("/gaj/admin/audit");
        Assert.NotEqual(HttpStatusCode.OK, editorAudit.StatusCode);
    }

    [Fact]
    public async Task The_diff_page_marks_the_changed_words_of_two_versions()
    {
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("差异页面", "第一段\n办理时间为周一至周五\n最后一段");
        await desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        await desk.SaveAsync(id, "差异页面", "第一段\n办理时间为周一至周六\n最后一段");
        var versions = await desk.VersionsAsync(id);

        var editor = await app.SignInAsync("gaj.editor");
        var html = await editor.GetStringAsync($"/gaj/admin/content/{id}/diff?from={versions[0].Id}&to={versions[1].Id}");
        Assert.Contains("<del>五</del>", html);
        Assert.Contains("<ins>六</ins>", html);
        Assert.Contains("第一段", html);
    }

    [Fact]
    public async Task A_policy_document_and_its_interpretation_link_to_each_other_on_the_public_pages()
    {
        var desk = new EditorialDesk(app);
        async Task<string> PublishAsync(string type, string title, Dictionary<string, string> fields)
        {
            var id = (await desk.NewAsync(title, "正文", type, fields)).ItemId!;
            Assert.True((await desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
            foreach (var r in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
            {
                Assert.True((await desk.DoAsync(s => s.ApproveAsync(r, id))).Ok);
            }
            Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
            return id;
        }
        var policy = await PublishAsync("policy", "测试县电动自行车管理办法", new() { ["docNumber"] = "测公发〔2026〕3号", ["issuer"] = "测试县公安局", ["writtenOn"] = "2026-01-05", ["validFrom"] = "2026-02-01" });
        var interpretation = await PublishAsync("interpretation", "《电动自行车管理办法》政策解读", new() { ["policy"] = policy });

        var client = app.Client();
        var policyPage = await client.GetStringAsync($"/gaj/notices/{policy}");
        Assert.Contains("相关解读", policyPage);
        Assert.Contains($"href=\"/gaj/notices/{interpretation}\"", policyPage);
        Assert.Contains("<li>文号：测公发〔2026〕3号</li>", policyPage);
        var interpretationPage = await client.GetStringAsync($"/gaj/notices/{interpretation}");
        Assert.Contains("所解读的政策文件", interpretationPage);
        Assert.Contains($"href=\"/gaj/notices/{policy}\"", interpretationPage);
    }
}
