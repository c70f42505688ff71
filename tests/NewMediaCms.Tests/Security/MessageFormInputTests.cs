using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Interaction;
using NewMediaCms.PublicSite;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Interaction;

namespace NewMediaCms.Tests.Security;

/// <summary>The application on a real Kestrel port (Kestrel, not the test server, enforces the request-size limits).</summary>
public sealed class KestrelApp : IDisposable
{
    public KestrelApp()
    {
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>().Features
            .Get<Microsoft.AspNetCore.Hosting.Server.Features.IServerAddressesFeature>()!.Addresses;
        BaseAddress = new Uri(addresses.First());
    }

    public NmcAppFactory App { get; } = NmcAppFactory.Create();

    public Uri BaseAddress { get; }

    /// <summary>A client with its own cookies that does not follow redirects.</summary>
    public HttpClient Client() => new(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true, CookieContainer = new CookieContainer() }) { BaseAddress = BaseAddress };

    public void Dispose() => App.Dispose();
}

/// <summary>
/// The public message form against what a careless or hostile client sends: far too much text, control characters,
/// thousands of fields. The citizen gets the form back with what they typed and a Chinese sentence, never a 500.
/// </summary>
public sealed class MessageFormInputTests(KestrelApp kestrel) : IClassFixture<KestrelApp>
{
    private readonly NmcAppFactory _app = kestrel.App;

    [Fact]
    public async Task A_body_of_7300_chinese_characters_past_the_old_64_kb_limit_comes_back_with_every_character_and_the_limit()
    {
        // 7,300 characters: 65.7 KB as a browser percent-encodes them (9 bytes each), past the 64 KB the endpoint used to allow.
        var body = string.Concat(Enumerable.Repeat("群众反映小区门前道路积水严重，", 487)) + "请尽快处理";
        Assert.Equal(7310, body.Length);
        var fields = MessageSite.Valid("超长留言仍保留原文", body);
        Assert.True(Encoding.UTF8.GetByteCount(Uri.EscapeDataString(body)) > 64 * 1024);

        var (status, html) = await MessageSite.SubmitAsync(kestrel.Client(), "gaj", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"留言内容不能超过 {MessageLimits.Body} 字（现有 7310 字）。", html);
        Assert.Contains(">" + body + "</textarea>", html);
        Assert.Contains("value=\"超长留言仍保留原文\"", html);
        Assert.DoesNotContain(await MessageSite.AllAsync(_app), m => m.Subject == "超长留言仍保留原文");
    }

    [Fact]
    public async Task A_post_larger_than_one_megabyte_gets_the_form_with_a_chinese_message_not_a_500()
    {
        var fields = MessageSite.Valid("大于一兆的留言", new string('长', 130_000));
        var (status, html) = await MessageSite.SubmitAsync(kestrel.Client(), "gaj", fields);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, status);
        Assert.Contains("提交的内容超过 1 MB", html);
        Assert.Contains($"留言内容最多 {MessageLimits.Body} 字", html);
        Assert.Contains("id=\"msg-body\"", html);
    }

    [Theory]
    [InlineData("subject", "主题")]
    [InlineData("name", "姓名")]
    [InlineData("contact", "联系方式")]
    public async Task A_nul_byte_in_a_one_line_field_is_refused_with_a_message_and_the_text_is_kept_without_it(string field, string label)
    {
        var fields = MessageSite.Valid("控制字符留言" + field);
        var typed = field == "contact" ? "1380000\u00001234" : fields[field][..2] + "\u0000\u001b" + fields[field][2..];
        fields[field] = typed;

        var (status, html) = await MessageSite.SubmitAsync(kestrel.Client(), "gaj", fields);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains($"id=\"msg-{field}-error\">{label}中有 {typed.Count(char.IsControl)} 个不可见的控制字符（如 NUL）", html);
        Assert.Contains($"value=\"{typed.Replace("\u0000", "").Replace("\u001b", "")}\"", html);
        Assert.False(html.Contains('\u0000'), "the page holds a NUL");
        Assert.DoesNotContain("&#x0;", html);
        Assert.DoesNotContain(await MessageSite.AllAsync(_app), m => new string(m.Subject.Where(c => !char.IsControl(c)).ToArray()) == "控制字符留言" + field);
    }

    [Fact]
    public async Task A_nul_byte_in_the_body_is_dropped_and_the_message_is_stored_without_it()
    {
        var (status, html) = await MessageSite.SubmitAsync(kestrel.Client(), "gaj", MessageSite.Valid("正文含控制字符", "路灯坏了\u0000一周，\u0007请修理。"));
        Assert.True(status == HttpStatusCode.OK, html);
        Assert.Equal("路灯坏了一周，请修理。", Assert.Single(await MessageSite.AllAsync(_app), m => m.Subject == "正文含控制字符").Body);
    }

    [Fact]
    public async Task A_post_with_more_than_1024_fields_gets_a_chinese_400_page_not_a_500()
    {
        var client = kestrel.Client();
        var token = await MessageSite.TokenAsync(client, "/gaj/messages/new");
        var fields = MessageSite.Valid("字段过多").Append(new("__RequestVerificationToken", token))
            .Concat(Enumerable.Range(0, 1100).Select(i => new KeyValuePair<string, string>("f" + i, "x")));
        var response = await client.PostAsync("/gaj/messages/new", new FormUrlEncodedContent(fields));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("<html lang=\"zh-CN\"", html);
        Assert.Contains("提交的表单项过多或格式不正确", html);
        Assert.DoesNotContain(await MessageSite.AllAsync(_app), m => m.Subject == "字段过多");
    }

    [Fact]
    public async Task The_form_counts_characters_with_a_script_file_and_no_inline_script()
    {
        var html = await kestrel.Client().GetStringAsync("/gaj/messages/new");
        Assert.Contains($"data-max-chars=\"{MessageLimits.Body}\"", html);
        Assert.Contains("<span class=\"char-count\" id=\"msg-body-count\" hidden></span>", html);
        Assert.Contains("<script src=\"/themes/matrix/assets/char-count.js\" defer></script>", html);
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
        var script = await kestrel.Client().GetAsync("/themes/matrix/assets/char-count.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("data-max-chars", await script.Content.ReadAsStringAsync());
        Assert.True(MessageEndpoints.MaxFormBytes > 9 * (MessageLimits.Body + MessageLimits.Subject + MessageLimits.Name + MessageLimits.Contact));
    }
}
