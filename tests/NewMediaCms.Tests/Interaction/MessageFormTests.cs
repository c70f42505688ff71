using System.Net;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Interaction;

/// <summary>The public message form (留言) of a department site: valid and invalid submissions, honeypot, limits, antiforgery, the query code.</summary>
public sealed class MessageFormTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [Fact]
    public async Task The_form_is_on_both_themes_with_labels_for_every_field_and_a_hidden_honeypot()
    {
        // gaj uses the department theme, the portal the matrix theme.
        foreach (var url in new[] { "/gaj/messages/new", "/messages/new" })
        {
            var html = await app.Client().GetStringAsync(url);
            Assert.Contains("<html lang=\"zh-CN\"", html);
            Assert.Contains("<main id=\"main\"", html);
            foreach (var id in new[] { "msg-account", "msg-name", "msg-contact", "msg-subject", "msg-body", "msg-website" })
            {
                Assert.Contains($"<label for=\"{id}\">", html);
                Assert.Contains($"id=\"{id}\"", html);
            }
            Assert.Contains("name=\"__RequestVerificationToken\"", html);
            Assert.Contains("class=\"hp-field\" aria-hidden=\"true\"", html);
        }
        Assert.Contains("/gaj/messages/new", await app.Client().GetStringAsync("/gaj/"));
    }

    [Fact]
    public async Task A_valid_message_is_stored_open_and_the_citizen_gets_a_query_code_that_finds_it()
    {
        var client = app.Client();
        var (status, html) = await MessageSite.SubmitAsync(client, "gaj", MessageSite.Valid("有效留言：学校门口缺少斑马线"));
        Assert.Equal(HttpStatusCode.OK, status);
        var code = MessageSite.QueryCode(html);
        Assert.NotNull(code);
        Assert.Matches("^[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}$", code);

        var stored = Assert.Single(await MessageSite.AllAsync(app), m => m.Subject == "有效留言：学校门口缺少斑马线");
        Assert.Equal("gaj", stored.TenantId);
        Assert.Equal(MessageStatus.Open, stored.Status);
        Assert.Equal("13800001234", stored.Contact);
        Assert.NotEqual(code.Replace("-", ""), stored.QueryCodeHash);   // only the hash is kept

        var (found, page) = await MessageSite.LookupAsync(client, "gaj", code.ToLowerInvariant().Replace("-", " "));
        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Contains("有效留言：学校门口缺少斑马线", page);
        Assert.Contains("待答复", page);
        Assert.DoesNotContain("13800001234", page);

        // The code belongs to the department it was given on.
        var (elsewhere, other) = await MessageSite.LookupAsync(client, "wjw", code);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere);
        Assert.Contains("没有找到与该查询码对应的留言", other);
        var (bad, badPage) = await MessageSite.LookupAsync(client, "gaj", "123");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bad);
        Assert.Contains("查询码为 12 位字母和数字", badPage);
    }

    public static TheoryData<string, string, string, string> InvalidFields => new()
    {
        // field, value, error element, message
        { "subject", "", "msg-subject-error", "请填写留言主题。" },
        { "subject", new string('长', 101), "msg-subject-error", "主题不能超过 100 字（现有 101 字）。" },
        { "body", "", "msg-body-error", "请填写留言内容。" },
        { "body", "太短", "msg-body-error", "留言内容至少 5 个字" },
        { "body", new string('字', 2001), "msg-body-error", "留言内容不能超过 2000 字（现有 2001 字）。" },
        { "name", new string('名', 51), "msg-name-error", "姓名不能超过 50 字（现有 51 字）。" },
        { "contact", "随便写写", "msg-contact-error", "联系方式请填写手机号码、固定电话或电子邮箱。" },
        { "accountId", "wjw-site", "msg-account-error", "请从列表中选择本部门的账号" },
    };

    [Theory]
    [MemberData(nameof(InvalidFields))]
    public async Task An_invalid_field_gets_its_chinese_message_next_to_it_and_everything_typed_is_kept(string field, string value, string errorId, string message)
    {
        var fields = MessageSite.Valid("保留输入的主题" + field, "保留输入的内容：小区门口的垃圾桶满了无人清理" + field);
        fields[field] = value;
        var before = (await MessageSite.AllAsync(app)).Count;
        var (status, html) = await MessageSite.SubmitAsync(app.Client(), "gaj", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Matches($"<span class=\"field-error\" id=\"{errorId}\">[^<]*{System.Text.RegularExpressions.Regex.Escape(System.Net.WebUtility.HtmlEncode(message))}", html);
        Assert.Contains($"aria-describedby=\"{errorId}\"", html.Replace("msg-contact-hint ", "").Replace("msg-subject-count ", "").Replace("msg-body-count ", ""));
        Assert.Contains("role=\"alert\"", html);
        foreach (var (k, v) in fields.Where(f => f.Key is "name" or "contact" or "subject" && f.Value.Length is > 0 and < 100))
        {
            Assert.Contains($"value=\"{v}\"", html);
        }
        if (field != "body")
        {
            Assert.Contains(fields["body"] + "</textarea>", html);
        }
        Assert.Equal(before, (await MessageSite.AllAsync(app)).Count);
    }

    [Fact]
    public async Task A_filled_honeypot_stores_nothing_and_keeps_what_was_typed()
    {
        var fields = MessageSite.Valid("机器人留言");
        fields["website"] = "http://spam.example";
        var (status, html) = await MessageSite.SubmitAsync(app.Client(), "gaj", fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("请将“请勿填写”一栏留空后再提交", html);
        Assert.Contains("value=\"机器人留言\"", html);
        Assert.DoesNotContain("spam.example", html);
        Assert.DoesNotContain(await MessageSite.AllAsync(app), m => m.Subject == "机器人留言");
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_stores_nothing()
    {
        var (status, html) = await MessageSite.SubmitAsync(app.Client(), "gaj", MessageSite.Valid("没有令牌的留言"), withToken: false);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains("页面已过期或来源无法验证", html);
        Assert.Contains("value=\"没有令牌的留言\"", html);
        Assert.DoesNotContain(await MessageSite.AllAsync(app), m => m.Subject == "没有令牌的留言");
    }

    [Fact]
    public async Task A_message_to_one_of_the_departments_accounts_is_addressed_to_it()
    {
        var fields = MessageSite.Valid("给公众号的留言");
        fields["accountId"] = "gaj-wechat";
        var (status, _) = await MessageSite.SubmitAsync(app.Client(), "gaj", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("gaj-wechat", Assert.Single(await MessageSite.AllAsync(app), m => m.Subject == "给公众号的留言").AccountId);
    }

    [Fact]
    public async Task The_answered_list_and_answer_page_show_question_and_reply_but_never_the_contact_or_unpublished_messages()
    {
        var now = DateTime.UtcNow;
        var answered = await MessageSite.AddAsync(app, "gaj", "已答复的留言：办证时间", now.AddDays(-5), status: MessageStatus.Answered,
            reply: "户政大厅周六上午办公。", repliedUtc: now.AddDays(-1), replyWorkingDays: 3, contact: "13711112222");
        await MessageSite.AddAsync(app, "gaj", "待答复的留言：不应公开", now.AddDays(-2));
        await MessageSite.AddAsync(app, "gaj", "不予公开的留言：个人隐私", now.AddDays(-3), status: MessageStatus.NotPublic);
        await MessageSite.AddAsync(app, "wjw", "卫健局已答复的留言", now.AddDays(-3), status: MessageStatus.Answered, reply: "已处理。", repliedUtc: now.AddDays(-1));

        var client = app.Client();
        var list = await client.GetStringAsync("/gaj/messages");
        Assert.Contains("已答复的留言：办证时间", list);
        Assert.Contains($"/gaj/messages/{answered.Id}", list);
        Assert.DoesNotContain("待答复的留言：不应公开", list);
        Assert.DoesNotContain("不予公开的留言：个人隐私", list);
        Assert.DoesNotContain("卫健局已答复的留言", list);
        Assert.DoesNotContain("13711112222", list);

        var page = await client.GetStringAsync($"/gaj/messages/{answered.Id}");
        Assert.Contains("户政大厅周六上午办公。", page);
        Assert.Contains("李女士", page);
        Assert.DoesNotContain("13711112222", page);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/wjw/messages/{answered.Id}")).StatusCode);
        var open = (await MessageSite.AllAsync(app)).Single(m => m.Subject == "待答复的留言：不应公开");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/gaj/messages/{open.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/messages?page=0")).StatusCode);
    }
}
