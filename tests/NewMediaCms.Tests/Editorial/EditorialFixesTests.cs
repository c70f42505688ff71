using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Content;
using NewMediaCms.Content.Types;
using NewMediaCms.Editorial;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Interaction;

namespace NewMediaCms.Tests.Editorial;

/// <summary>Issue 13's editorial fixes: republishing an expired notice, the publish form's time, the message form's
/// post/redirect/get, and the policy ↔ interpretation link typed by 文号 or title (WEB-D02).</summary>
public sealed partial class EditorialFixesTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, params (string Key, string Value)[] fields)
    {
        var token = Token().Match(await client.GetStringAsync(url)).Groups[1].Value;
        return await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));
    }

    [Fact]
    public async Task Republishing_an_expired_notice_clears_its_old_expiry_so_it_is_not_taken_down_again()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 2, 0, 0, TimeSpan.Zero));
        await using var app = NmcAppFactory.Create();
        app.Clock = clock;
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("到期下线的通知");
        var expiry = clock.GetUtcNow().UtcDateTime.AddHours(1);
        Assert.True((await desk.DoAsync(s => s.SetScheduleAsync(People.Admin, id, null, expiry))).Ok);
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        clock.Advance(TimeSpan.FromHours(2));
        var version = (await desk.VersionsAsync(id)).Single(v => v.Latest);
        Assert.True((await desk.InAsync("gaj", sp => sp.GetRequiredService<PublicationService>().ExpireDueAsync(version.Id))).Ok);
        Assert.Null(await desk.PublicAsync(id));

        var republished = await desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.True(republished.Ok, republished.Message);
        Assert.Contains("原到期下线时间（2026-12-01 11:00:00）已过，已清除", republished.Message);
        Assert.Null((await desk.VersionsAsync(id)).Single(v => v.Latest).UnpublishAtUtc);
        // What the schedule would do a minute later: nothing is due, the notice stays public.
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.False((await desk.InAsync("gaj", sp => sp.GetRequiredService<PublicationService>().ExpireDueAsync(version.Id))).Ok);
        Assert.NotNull(await desk.PublicAsync(id));
    }

    [Fact]
    public async Task The_publish_time_typed_on_the_publish_form_schedules_the_notice_at_that_time()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("定时发布的通知");
        var editor = await app.SignInAsync("gaj.editor");
        var local = DateTime.UtcNow.AddHours(8).AddDays(2).Date.AddHours(9).AddMinutes(30);   // Asia/Shanghai, two days ahead, 09:30
        var response = await PostAsync(editor, $"/gaj/admin/content/{id}", "Publish", ("publishAtLocal", local.ToString("yyyy-MM-ddTHH:mm")));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var latest = (await desk.VersionsAsync(id)).Single(v => v.Latest);
        Assert.False(latest.Published);
        Assert.Equal(DateTime.SpecifyKind(local.AddHours(-8), DateTimeKind.Utc), latest.PublishAtUtc);
        Assert.Equal(ReviewState.Scheduled, await desk.StateAsync(id));
        Assert.Contains($"已设定于 {local:yyyy-MM-dd HH:mm:ss} 定时发布", WebUtility.HtmlDecode(await editor.GetStringAsync(response.Headers.Location)));
    }

    [Fact]
    public async Task The_publish_time_typed_in_the_editor_is_kept_when_the_publish_button_is_pressed_and_never_published_early()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var local = DateTime.UtcNow.AddHours(8).AddDays(3).Date.AddHours(8);
        var planned = DateTime.SpecifyKind(local.AddHours(-8), DateTimeKind.Utc);
        var created = await desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("notice", "gaj-site", "编辑时填写了发布时间", "正文", null, planned)));
        Assert.True(created.Ok, created.Message);
        var id = created.ItemId!;
        Assert.True((await desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            Assert.True((await desk.DoAsync(s => s.ApproveAsync(reviewer, id))).Ok);
        }
        var editor = await app.SignInAsync("gaj.editor");
        var item = await editor.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.Contains($"id=\"publish-at\" name=\"publishAtLocal\" type=\"datetime-local\" value=\"{local:yyyy-MM-ddTHH:mm}\"", item);   // the form shows it
        var response = await PostAsync(editor, $"/gaj/admin/content/{id}", "Publish", ("publishAtLocal", ""));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var latest = (await desk.VersionsAsync(id)).Single(v => v.Latest);
        Assert.False(latest.Published);
        Assert.Equal(planned, latest.PublishAtUtc);
        Assert.Equal(ReviewState.Scheduled, await desk.StateAsync(id));
    }

    [Fact]
    public async Task The_message_form_redirects_after_the_post_so_reloading_the_receipt_sends_no_second_message()
    {
        await using var app = NmcAppFactory.Create();
        var citizen = app.Client();
        var url = "/gaj/messages/new";
        var form = MessageSite.Valid("只应提交一次的留言");
        form["__RequestVerificationToken"] = await MessageSite.TokenAsync(citizen, url);
        var posted = await citizen.PostAsync(url, new FormUrlEncodedContent(form));
        Assert.Equal(HttpStatusCode.SeeOther, posted.StatusCode);
        Assert.Equal("/gaj/messages/sent", posted.Headers.Location!.ToString());

        var first = await citizen.GetStringAsync("/gaj/messages/sent");
        var reload = await citizen.GetStringAsync("/gaj/messages/sent");   // the reader presses F5
        var code = MessageSite.QueryCode(first);
        Assert.NotNull(code);
        Assert.Equal(code, MessageSite.QueryCode(reload));
        Assert.Single(await MessageSite.AllAsync(app), m => m.Subject == "只应提交一次的留言");
        // Another browser has no receipt: it is sent to the form.
        Assert.Equal(HttpStatusCode.Redirect, (await app.Client().GetAsync("/gaj/messages/sent")).StatusCode);
    }

    [Fact]
    public async Task A_policy_and_its_interpretation_are_linked_by_document_number_and_title_shown_both_ways_and_clear_web_d02()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var policy = await desk.NewAsync("测试县促进就业若干措施", "政策正文", "policy",
            new() { ["docNumber"] = "测政发〔2026〕7号", ["issuer"] = "测试县人民政府", ["writtenOn"] = "2026-11-20" });
        var interpretation = await desk.NewAsync("《测试县促进就业若干措施》解读", "解读正文", "interpretation", new() { ["policy"] = "测政发〔2026〕7号" });
        Assert.True(interpretation.Ok, interpretation.Message);
        var stored = await desk.VersionsAsync(interpretation.ItemId!);
        Assert.Equal(policy.ItemId, ContentFields.Parse(stored.Single().FieldsJson)["policy"]);   // the 文号 is resolved to the policy

        // The policy links its interpretation by title search (part of the title is enough when it is unique).
        var policyVersion = (await desk.VersionsAsync(policy.ItemId!)).Single();
        var linked = await desk.DoAsync(s => s.SaveDraftAsync(People.Editor, policy.ItemId!, new DraftInput(null, "gaj-site", "测试县促进就业若干措施", "政策正文",
            new Dictionary<string, string> { ["docNumber"] = "测政发〔2026〕7号", ["issuer"] = "测试县人民政府", ["writtenOn"] = "2026-11-20", ["interpretations"] = "若干措施》解读" }),
            policyVersion.Id, policyVersion.Revision));
        Assert.True(linked.Ok, linked.Message);
        Assert.Equal(interpretation.ItemId, ContentFields.Parse((await desk.VersionsAsync(policy.ItemId!)).Single().FieldsJson)["interpretations"]);

        // A number that names nothing is refused next to the field, in Chinese.
        var wrong = await desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("interpretation", "gaj-site", "错号解读", "正文", new Dictionary<string, string> { ["policy"] = "测政发〔2026〕99号" })));
        Assert.False(wrong.Ok);
        Assert.Equal("本部门没有文号或标题为“测政发〔2026〕99号”的政策文件（其他部门的内容在本部门不存在），请从列表中选择。", wrong.Validation!.Errors["policy"]);

        foreach (var id in new[] { policy.ItemId!, interpretation.ItemId! })
        {
            Assert.True((await desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
            foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
            {
                Assert.True((await desk.DoAsync(s => s.ApproveAsync(reviewer, id))).Ok);
            }
            Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        }
        var policyPage = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/gaj/notices/{policy.ItemId}"));
        Assert.Contains("相关解读", policyPage);
        Assert.Contains("《测试县促进就业若干措施》解读", policyPage);
        var interpretationPage = WebUtility.HtmlDecode(await app.Client().GetStringAsync($"/gaj/notices/{interpretation.ItemId}"));
        Assert.Contains("所解读的政策文件", interpretationPage);
        Assert.Contains($"/gaj/notices/{policy.ItemId}", interpretationPage);

        // The editor shows the link by its 文号, and offers the department's policies to choose from.
        var editor = await app.SignInAsync("gaj.editor");
        var form = WebUtility.HtmlDecode(await editor.GetStringAsync($"/gaj/admin/content/edit/{interpretation.ItemId}"));
        Assert.Contains("name=\"Fields[policy]\" value=\"测政发〔2026〕7号\"", form);
        Assert.Contains("<option value=\"测政发〔2026〕7号\">测试县促进就业若干措施</option>", form);

        await using var scope = app.TenantScope(null);
        var run = await scope.ServiceProvider.GetRequiredService<InspectionRunner>().RunAsync("测试", CancellationToken.None);
        var findings = await app.Db(scope).Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == run.Id && f.RuleId == "WEB-D02").ToListAsync();
        Assert.DoesNotContain(findings, f => f.Message.Contains("促进就业若干措施"));
    }
}
