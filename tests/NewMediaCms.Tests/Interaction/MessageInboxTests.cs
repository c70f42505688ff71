using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Interaction;

/// <summary>The department's side: inbox, reply, not public, audit, and departments kept apart.</summary>
public sealed partial class MessageInboxTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AdminToken();

    [GeneratedRegex("name=\"Revision\" value=\"(\\d+)\"")]
    private static partial Regex Revision();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string handler, params (string, string)[] fields)
    {
        var page = await client.GetStringAsync(pageUrl);
        var token = AdminToken().Match(page).Groups[1].Value;
        var revision = Revision().Match(page) is { Success: true } r ? r.Groups[1].Value : "0";
        return await client.PostAsync($"{pageUrl}?handler={handler}", MessageSite.Form(token, [.. fields, ("Revision", revision)]));
    }

    [Fact]
    public async Task An_editor_answers_a_message_it_becomes_public_and_the_reply_is_audited()
    {
        var m = await MessageSite.AddAsync(app, "gaj", "收件箱：噪音扰民", DateTime.UtcNow.AddDays(-1), contact: "13612345678");
        var client = await app.SignInAsync("gaj.editor");
        var inbox = await client.GetStringAsync("/gaj/admin/messages?status=open");
        Assert.Contains("收件箱：噪音扰民", inbox);
        var detail = await client.GetStringAsync($"/gaj/admin/messages/{m.Id}");
        Assert.Contains("13612345678", detail);   // the answering staff see the contact

        var response = await PostAsync(client, $"/gaj/admin/messages/{m.Id}", "Reply", ("ReplyText", "已通知城管部门处理。"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await MessageSite.AllAsync(app), x => x.Id == m.Id);
        Assert.Equal(MessageStatus.Answered, stored.Status);
        Assert.Equal("已通知城管部门处理。", stored.Reply);
        Assert.Equal("gaj.editor", stored.RepliedBy);
        Assert.InRange(stored.ReplyWorkingDays!.Value, 0, 2);
        Assert.Contains("已通知城管部门处理。", await app.Client().GetStringAsync($"/gaj/messages/{m.Id}"));

        await using var scope = app.TenantScope(null);
        var audit = await app.Db(scope).Set<AuditEntry>().AcrossTenants().Where(a => a.SubjectType == "CitizenMessage" && a.SubjectId == m.Id.ToString()).ToListAsync();
        Assert.Contains(audit, a => a.Action == "message.answered" && a.Actor == "gaj.editor" && a.TenantId == "gaj");
        Assert.DoesNotContain(audit, a => (a.Detail ?? "").Contains("13612345678"));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);

        // A second answer of the same message is refused.
        var again = await PostAsync(client, $"/gaj/admin/messages/{m.Id}", "Reply", ("ReplyText", "第二次答复"));
        Assert.Equal("已通知城管部门处理。", Assert.Single(await MessageSite.AllAsync(app), x => x.Id == m.Id).Reply);
        Assert.NotEqual(HttpStatusCode.InternalServerError, again.StatusCode);
    }

    [Fact]
    public async Task A_department_admin_marks_a_message_not_public_and_it_stays_off_the_public_list()
    {
        var m = await MessageSite.AddAsync(app, "gaj", "收件箱：广告推销", DateTime.UtcNow.AddDays(-1));
        var client = await app.SignInAsync("gaj.admin");
        var response = await PostAsync(client, $"/gaj/admin/messages/{m.Id}", "NotPublic", ("Reason", "垃圾广告"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var stored = Assert.Single(await MessageSite.AllAsync(app), x => x.Id == m.Id);
        Assert.Equal(MessageStatus.NotPublic, stored.Status);
        Assert.Equal("垃圾广告", stored.NotPublicReason);
        Assert.DoesNotContain("收件箱：广告推销", await app.Client().GetStringAsync("/gaj/messages"));
        await using var scope = app.TenantScope(null);
        Assert.True(await app.Db(scope).Set<AuditEntry>().AcrossTenants().AnyAsync(a => a.Action == "message.not-public" && a.SubjectId == m.Id.ToString()));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);
    }

    [Fact]
    public async Task A_department_cannot_see_or_answer_another_departments_messages()
    {
        var theirs = await MessageSite.AddAsync(app, "wjw", "卫健局收件箱：疫苗预约", DateTime.UtcNow.AddDays(-1));
        var client = await app.SignInAsync("gaj.admin");

        Assert.DoesNotContain("卫健局收件箱：疫苗预约", await client.GetStringAsync("/gaj/admin/messages"));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/gaj/admin/messages/{theirs.Id}")).StatusCode);
        var own = await client.GetStringAsync("/gaj/admin/messages");
        var token = AdminToken().Match(own).Groups[1].Value;
        var post = await client.PostAsync($"/gaj/admin/messages/{theirs.Id}?handler=Reply", MessageSite.Form(token, ("ReplyText", "越权答复"), ("Revision", "0")));
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        var foreign = await client.GetAsync($"/wjw/admin/messages/{theirs.Id}");
        Assert.NotEqual(HttpStatusCode.OK, foreign.StatusCode);
        Assert.DoesNotContain("卫健局收件箱：疫苗预约", await foreign.Content.ReadAsStringAsync());

        var stored = Assert.Single(await MessageSite.AllAsync(app), x => x.Id == theirs.Id);
        Assert.Equal(MessageStatus.Open, stored.Status);
        Assert.Null(stored.Reply);
    }

    [Fact]
    public async Task A_reviewer_reads_the_inbox_but_may_not_answer_nor_see_the_contact()
    {
        var m = await MessageSite.AddAsync(app, "gaj", "收件箱：审核人只读", DateTime.UtcNow.AddDays(-1), contact: "13655556666");
        var client = await app.SignInAsync("gaj.reviewer1");
        var detail = await client.GetStringAsync($"/gaj/admin/messages/{m.Id}");
        Assert.DoesNotContain("13655556666", detail);
        Assert.DoesNotContain("发布答复", detail);
        var token = AdminToken().Match(detail).Groups[1].Value;
        var post = await client.PostAsync($"/gaj/admin/messages/{m.Id}?handler=Reply", MessageSite.Form(token, ("ReplyText", "审核人答复"), ("Revision", "0")));
        Assert.Equal(HttpStatusCode.Forbidden, post.StatusCode);
        Assert.Null(Assert.Single(await MessageSite.AllAsync(app), x => x.Id == m.Id).Reply);
    }

    [Fact]
    public async Task Switching_messages_off_closes_the_public_form_and_is_audited()
    {
        var client = await app.SignInAsync("wjw.admin");
        var response = await PostAsync(client, "/wjw/admin/messages/settings", "", ("Enabled", "false"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var form = await app.Client().GetStringAsync("/wjw/messages/new");
        Assert.Contains("本部门暂未开通网上留言", form);
        Assert.DoesNotContain("id=\"msg-subject\"", form);
        // The closed form has no token to take; a valid one from the lookup page does not get a message through either.
        var citizen = app.Client();
        var fields = MessageSite.Valid("关闭后提交");
        fields["__RequestVerificationToken"] = await MessageSite.TokenAsync(citizen, "/wjw/messages/lookup");
        var refused = await citizen.PostAsync("/wjw/messages/new", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("本部门暂未开通网上留言", await refused.Content.ReadAsStringAsync());
        Assert.DoesNotContain(await MessageSite.AllAsync(app), x => x.Subject == "关闭后提交");
        await using var scope = app.TenantScope(null);
        Assert.True(await app.Db(scope).Set<AuditEntry>().AcrossTenants().AnyAsync(a => a.Action == "message.settings-changed" && a.TenantId == "wjw"));
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);

        var back = await PostAsync(client, "/wjw/admin/messages/settings", "", ("Enabled", "true"), ("Enabled", "false"), ("OpenAccounts", "wjw-site"));
        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Contains("id=\"msg-subject\"", await app.Client().GetStringAsync("/wjw/messages/new"));
    }
}
