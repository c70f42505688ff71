using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;
using SixLabors.ImageSharp;

namespace NewMediaCms.Tests.Media;

/// <summary>The media library through the real HTTP pipeline: uploads (whole and chunked with resume), checks, public serving, replace, delete.</summary>
public sealed partial class MediaHttpTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Signs in and puts the antiforgery token of the media page into the client's default headers, as media.js does.</summary>
    private async Task<HttpClient> EditorAsync(string user = "gaj.editor")
    {
        var client = await app.SignInAsync(user);
        var html = await client.GetStringAsync($"/{user.Split('.')[0]}/admin/media");
        client.DefaultRequestHeaders.Add("RequestVerificationToken", Token().Match(html).Groups[1].Value);
        return client;
    }

    private static async Task<HttpResponseMessage> UploadAsync(HttpClient client, byte[] bytes, string name, string? replacesId = null, int? version = null)
    {
        var form = new MultipartFormDataContent { { new ByteArrayContent(bytes), "file", name } };
        if (replacesId is not null)
        {
            form.Add(new StringContent(replacesId), "replacesId");
            form.Add(new StringContent(version!.Value.ToString()), "version");
        }
        return await client.PostAsync("/gaj/api/admin/media", form);
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage r) => JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement;

    private static async Task<string> DetailAsync(HttpResponseMessage r) => (await JsonAsync(r)).GetProperty("detail").GetString()!;

    [Fact]
    public async Task An_uploaded_image_is_served_without_its_gps_data_with_a_thumbnail_and_cache_headers()
    {
        var editor = await EditorAsync();
        var created = await UploadAsync(editor, TestFiles.Jpeg(withGps: true), "C:\\相册\\现场照片.jpg");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var media = await JsonAsync(created);
        var url = media.GetProperty("url").GetString()!;
        Assert.StartsWith("/gaj/media/", url);
        Assert.Equal("现场照片.jpg", media.GetProperty("name").GetString());
        Assert.Equal($"![现场照片]({url})", media.GetProperty("markdown").GetString());

        var reader = app.Client();
        var served = await reader.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, served.StatusCode);
        Assert.Equal("image/jpeg", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", served.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Contains("public", served.Headers.CacheControl!.ToString());
        Assert.NotNull(served.Headers.ETag);
        var bytes = await served.Content.ReadAsByteArrayAsync();
        Assert.Null(Image.Identify(bytes).Metadata.ExifProfile);

        var thumb = await reader.GetByteArrayAsync(media.GetProperty("thumbnail").GetString()!);
        Assert.Equal(320, Image.Identify(thumb).Width);

        var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.IfNoneMatch.Add(served.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await reader.SendAsync(again)).StatusCode);
        // Another department does not serve it.
        Assert.Equal(HttpStatusCode.NotFound, (await reader.GetAsync(url.Replace("/gaj/", "/wjw/"))).StatusCode);
    }

    [Fact]
    public async Task A_pdf_downloads_as_application_pdf_under_its_name()
    {
        var editor = await EditorAsync();
        var media = await JsonAsync(await UploadAsync(editor, TestFiles.Pdf(), "实施细则.pdf"));
        var served = await app.Client().GetAsync(media.GetProperty("url").GetString()!);
        Assert.Equal("application/pdf", served.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", served.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("实施细则.pdf", served.Content.Headers.ContentDisposition.FileNameStar);
        Assert.Equal("nosniff", served.Headers.GetValues("X-Content-Type-Options").Single());
    }

    [Fact]
    public async Task Bad_files_are_refused_with_a_chinese_message_and_nothing_is_stored()
    {
        var editor = await EditorAsync();
        var exe = await UploadAsync(editor, TestFiles.WindowsExe(), "年度报告.pdf");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, exe.StatusCode);
        Assert.Equal("“年度报告.pdf”的内容是Windows 可执行程序，不能上传（文件类型按内容判断，与扩展名无关）。", await DetailAsync(exe));

        var svg = await UploadAsync(editor, TestFiles.SvgWithScript(), "logo.svg");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, svg.StatusCode);
        Assert.Contains("SVG", await DetailAsync(svg));

        var bomb = await UploadAsync(editor, TestFiles.PngBomb(), "bomb.png");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, bomb.StatusCode);
        Assert.Contains("100000×100000", await DetailAsync(bomb));

        var tooBig = await editor.PostAsJsonAsync("/gaj/api/admin/media/uploads", new { fileName = "大视频.mp4", length = 5L * 1024 * 1024 * 1024 });
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooBig.StatusCode);
        Assert.Equal("“大视频.mp4”有 5120 MB，超过上限 1024 MB。", await DetailAsync(tooBig));

        var list = await JsonAsync(await editor.GetAsync("/gaj/api/admin/media?q=" + Uri.EscapeDataString("年度报告")));
        Assert.Equal(0, list.GetArrayLength());
    }

    [Fact]
    public async Task A_chunked_upload_resumes_after_a_chunk_sent_at_the_wrong_offset_and_completes_whole()
    {
        var editor = await EditorAsync();
        var data = new byte[3 * 1024 * 1024 + 12345];
        new Random(3).NextBytes(data);
        TestFiles.Pdf().CopyTo(data, 0);
        var create = await editor.PostAsJsonAsync("/gaj/api/admin/media/uploads", new { fileName = "../../大文件.pdf", length = data.Length });
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var location = (await JsonAsync(create)).GetProperty("location").GetString()!;

        async Task<HttpResponseMessage> Patch(long offset, int count)
        {
            var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(data, (int)offset, count) };
            request.Headers.Add("Upload-Offset", offset.ToString());
            return await editor.SendAsync(request);
        }

        const int chunk = 1024 * 1024;
        Assert.Equal(HttpStatusCode.OK, (await Patch(0, chunk)).StatusCode);
        // The connection dropped after the client had sent part of the second chunk: the server kept 1 MB + 1000 bytes.
        Assert.Equal(HttpStatusCode.OK, (await Patch(chunk, 1000)).StatusCode);
        // The client, not knowing, resends the second chunk from its start: refused, with the offset to go on from.
        var stale = await Patch(chunk, chunk);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Equal("分片位置不符：服务器已收到 1049576 字节，请从该位置继续。", await DetailAsync(stale));

        var notYet = await editor.PostAsync(location + "/complete", null);
        Assert.Equal(HttpStatusCode.Conflict, notYet.StatusCode);

        var head = await editor.SendAsync(new HttpRequestMessage(HttpMethod.Head, location));
        var offset = long.Parse(head.Headers.GetValues("Upload-Offset").Single());
        Assert.Equal(chunk + 1000, offset);
        while (offset < data.Length)
        {
            var r = await Patch(offset, (int)Math.Min(chunk, data.Length - offset));
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
            offset = long.Parse(r.Headers.GetValues("Upload-Offset").Single());
        }
        var done = await editor.PostAsync(location + "/complete", null);
        Assert.Equal(HttpStatusCode.Created, done.StatusCode);
        var media = await JsonAsync(done);
        Assert.Equal("大文件.pdf", media.GetProperty("name").GetString());
        Assert.Equal(data, await app.Client().GetByteArrayAsync(media.GetProperty("url").GetString()!));
        Assert.Equal(HttpStatusCode.NotFound, (await editor.SendAsync(new HttpRequestMessage(HttpMethod.Head, location))).StatusCode);
    }

    [Fact]
    public async Task Two_editors_replacing_the_same_file_the_second_is_told_and_the_url_stays()
    {
        var one = await EditorAsync("gaj.editor");
        var two = await EditorAsync("gaj.editor2");
        var media = await JsonAsync(await UploadAsync(one, TestFiles.Png(400, 300), "示意图.png"));
        var id = media.GetProperty("id").GetString()!;
        var url = media.GetProperty("url").GetString()!;

        // Both opened version 1; the first replacement wins.
        var first = await UploadAsync(one, TestFiles.Png(500, 200), "示意图.png", id, 1);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await JsonAsync(first)).GetProperty("version").GetInt32());
        var second = await UploadAsync(two, TestFiles.Png(600, 100), "示意图-新.png", id, 1);
        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("“示意图.png”已被 gaj.editor 于您打开后替换（现为第 2 版），您的替换没有保存。请刷新查看最新文件，再决定是否替换。", await DetailAsync(second));

        var served = Image.Identify(await app.Client().GetByteArrayAsync(url));
        Assert.Equal(500, served.Width);
    }

    [Fact]
    public async Task Delete_is_refused_while_content_uses_the_file_and_lists_the_uses()
    {
        var editor = await EditorAsync();
        var media = await JsonAsync(await UploadAsync(editor, TestFiles.Pdf(), "公示名单.pdf"));
        var id = media.GetProperty("id").GetString()!;
        var url = media.GetProperty("url").GetString()!;
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "notice", accountId = "gaj-site", title = "关于公示名单的通知", markdown = "见附件。",
            fields = new Dictionary<string, string> { ["attachment"] = url, ["attachment.name"] = "公示名单" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var refused = await editor.PostAsync($"/gaj/api/admin/media/{id}/delete", null);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var body = await JsonAsync(refused);
        Assert.Equal("“公示名单.pdf”正被 1 篇内容使用，不能删除。请先在这些内容中移除它：", body.GetProperty("detail").GetString());
        Assert.Equal("关于公示名单的通知", body.GetProperty("uses")[0].GetProperty("title").GetString());
        Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync(url)).StatusCode);

        var unused = await JsonAsync(await UploadAsync(editor, TestFiles.Pdf(), "草稿.pdf"));
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsync($"/gaj/api/admin/media/{unused.GetProperty("id").GetString()}/delete", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(unused.GetProperty("url").GetString()!)).StatusCode);
    }

    [Fact]
    public async Task Reviewers_other_departments_and_requests_without_the_token_cannot_upload()
    {
        var reviewer = await EditorAsync("gaj.reviewer1");
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(reviewer, TestFiles.Pdf(), "x.pdf")).StatusCode);
        var other = await EditorAsync("wjw.editor");
        Assert.Equal(HttpStatusCode.Forbidden, (await UploadAsync(other, TestFiles.Pdf(), "x.pdf")).StatusCode);
        var noToken = await app.SignInAsync("gaj.editor");
        var refused = await UploadAsync(noToken, TestFiles.Pdf(), "x.pdf");
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("页面已过期或请求来源无效，请刷新页面后重试。", await DetailAsync(refused));
        var admin = await EditorAsync("gaj.admin");
        Assert.Equal(HttpStatusCode.Created, (await UploadAsync(admin, TestFiles.Pdf(), "ok.pdf")).StatusCode);
    }

    private async Task PublishAsync(HttpClient editor, string id)
    {
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/submit", new { })).StatusCode);
        foreach (var name in new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await app.SignInAsync(name);
            Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/gaj/api/admin/content/{id}/approve", new { })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { })).StatusCode);
    }

    [Fact]
    public async Task A_news_cover_image_shows_on_its_page_and_as_an_enclosure_in_the_feeds()
    {
        var editor = await EditorAsync();
        var cover = await JsonAsync(await UploadAsync(editor, TestFiles.Jpeg(1000, 600), "封面.jpg"));
        var url = cover.GetProperty("url").GetString()!;
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "news", accountId = "gaj-site", title = "带封面的新闻", markdown = "新闻正文。",
            fields = new Dictionary<string, string> { ["cover"] = url },
        });
        var id = (await JsonAsync(created)).GetProperty("itemId").GetString()!;
        await PublishAsync(editor, id);

        var reader = app.Client();
        Assert.Contains($"<img src=\"{url}\" alt=\"带封面的新闻（封面图片）\">", await reader.GetStringAsync($"/gaj/notices/{id}"));
        Assert.Contains($"<enclosure url=\"http://localhost{url}\" type=\"image/jpeg\" length=\"0\" />", await reader.GetStringAsync("/gaj/feed/rss"));
        Assert.Contains($"rel=\"enclosure\" type=\"image/jpeg\" href=\"http://localhost{url}\"", await reader.GetStringAsync("/gaj/feed/atom"));

        // Search results show the cover's small variant (320 px wide: the 1000 px original has a 320 variant).
        await using (var scope = app.TenantScope(null))
        {
            await scope.ServiceProvider.GetRequiredService<NewMediaCms.Search.Outbox.SearchOutboxJob>().RunAsync(CancellationToken.None);
        }
        var results = await reader.GetStringAsync("/gaj/search?q=" + Uri.EscapeDataString("带封面"));
        Assert.Contains($"<img src=\"{url}?w=320\" alt=\"\" loading=\"lazy\" width=\"120\">", results);
        var thumbnail = await reader.GetAsync(url + "?w=320");
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType?.MediaType);
        using (var image = SixLabors.ImageSharp.Image.Load(await thumbnail.Content.ReadAsByteArrayAsync()))
        {
            Assert.Equal(320, image.Width);
        }
        using var api = JsonDocument.Parse(await reader.GetStringAsync("/gaj/api/search?q=" + Uri.EscapeDataString("带封面")));
        Assert.Equal(url + "?w=320", api.RootElement.GetProperty("hits")[0].GetProperty("thumbnail").GetString());
        // An item without a cover has no picture.
        var plain = await reader.GetStringAsync("/gaj/search?q=" + Uri.EscapeDataString("身份证"));
        Assert.Contains("href=\"/gaj/notices/gaj-n-1\"", plain);
        Assert.DoesNotContain("class=\"thumbnail\"", plain);
    }

    [Fact]
    public async Task The_hourly_sweep_removes_uploads_abandoned_longer_than_the_lifetime_and_keeps_recent_ones()
    {
        var editor = await EditorAsync();
        async Task<string> StartAsync(string name)
        {
            var create = await editor.PostAsJsonAsync("/gaj/api/admin/media/uploads", new { fileName = name, length = 4 * 1024 * 1024 });
            var location = (await JsonAsync(create)).GetProperty("location").GetString()!;
            var request = new HttpRequestMessage(HttpMethod.Patch, location) { Content = new ByteArrayContent(TestFiles.Pdf()) };
            request.Headers.Add("Upload-Offset", "0");
            Assert.Equal(HttpStatusCode.OK, (await editor.SendAsync(request)).StatusCode);
            return location;
        }
        var abandoned = await StartAsync("放弃的上传.pdf");
        var recent = await StartAsync("进行中的上传.pdf");
        var abandonedId = abandoned.TrimEnd('/').Split('/')[^1];
        await using (var scope = app.TenantScope("gaj"))
        {
            var db = scope.ServiceProvider.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>();
            var upload = await Microsoft.EntityFrameworkCore.EntityFrameworkQueryableExtensions.SingleAsync(db.Set<NewMediaCms.Media.MediaUpload>(), u => u.Id == abandonedId);
            upload.CreatedUtc = DateTime.UtcNow.AddHours(-25);
            await db.SaveChangesAsync();
            Assert.True(await scope.ServiceProvider.GetRequiredService<NewMediaCms.Media.Storage.IMediaStorage>().LengthAsync(upload.StorageKey, CancellationToken.None) > 0);
        }

        await using (var scope = app.TenantScope(null))
        {
            Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<NewMediaCms.Media.UploadSweep>().SweepAsync(CancellationToken.None));
            var storage = scope.ServiceProvider.GetRequiredService<NewMediaCms.Media.Storage.IMediaStorage>();
            Assert.Equal(0, await storage.LengthAsync("uploads/" + abandonedId, CancellationToken.None));
        }
        // The abandoned one is gone (the editor is told to start again); the recent one resumes where it was.
        var gone = await editor.SendAsync(new HttpRequestMessage(HttpMethod.Head, abandoned));
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        var kept = await editor.SendAsync(new HttpRequestMessage(HttpMethod.Head, recent));
        Assert.Equal(TestFiles.Pdf().Length, long.Parse(kept.Headers.GetValues("Upload-Offset").Single()));
    }

    private static byte[] PdfWithText(string text)
    {
        var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder();
        var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
        builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText(text, 12, new UglyToad.PdfPig.Core.PdfPoint(50, 700), font);
        return builder.Build();
    }

    [Fact]
    public async Task The_safety_gate_reads_the_text_of_a_referenced_PDF_attachment()
    {
        var editor = await EditorAsync();
        var pdf = await JsonAsync(await UploadAsync(editor, PdfWithText("Applicant ID 110101199003074514 (scan)"), "申请材料.pdf"));
        var clean = await JsonAsync(await UploadAsync(editor, PdfWithText("Opening hours 9:00-17:00"), "办事时间.pdf"));

        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "notice", accountId = "gaj-site", title = "材料公示", markdown = $"见附件：[申请材料]({pdf.GetProperty("url").GetString()})。",
        });
        var safety = (await JsonAsync(created)).GetProperty("safety");
        Assert.True(safety.GetProperty("blocks").GetBoolean());
        var finding = Assert.Single(safety.GetProperty("findings").EnumerateArray(), f => f.GetProperty("detector").GetString() == "pii-id-number");
        Assert.Equal("attachment:申请材料.pdf", finding.GetProperty("field").GetString());
        Assert.Equal("1101**********4514", finding.GetProperty("suggestion").GetString());

        // A PDF without personal data, as an attachment field: nothing found in it.
        var other = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "notice", accountId = "gaj-site", title = "办事时间公示", markdown = "办事时间见附件。",
            fields = new Dictionary<string, string> { ["attachment"] = clean.GetProperty("url").GetString()!, ["attachment.name"] = "办事时间.pdf" },
        });
        var otherSafety = (await JsonAsync(other)).GetProperty("safety");
        Assert.DoesNotContain(otherSafety.GetProperty("findings").EnumerateArray(), f => f.GetProperty("field").GetString()!.StartsWith("attachment:"));
    }

    [Fact]
    public async Task The_attachment_typed_in_the_editor_is_the_one_the_public_notice_shows()
    {
        var editor = await EditorAsync();
        var media = await JsonAsync(await UploadAsync(editor, TestFiles.Pdf(), "办事须知.pdf"));
        var image = await JsonAsync(await UploadAsync(editor, TestFiles.Jpeg(800, 600), "配图.jpg"));
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "notice", accountId = "gaj-site", title = "附件与配图的通知", markdown = "正文\n\n" + image.GetProperty("markdown").GetString(),
            fields = new Dictionary<string, string> { ["attachment"] = media.GetProperty("url").GetString()!, ["attachment.name"] = "办事须知（PDF）" },
        });
        var id = (await JsonAsync(created)).GetProperty("itemId").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/submit", new { })).StatusCode);
        foreach (var name in new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await app.SignInAsync(name);
            Assert.Equal(HttpStatusCode.OK, (await reviewer.PostAsJsonAsync($"/gaj/api/admin/content/{id}/approve", new { })).StatusCode);
        }
        Assert.Equal(HttpStatusCode.OK, (await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { })).StatusCode);

        var page = await app.Client().GetStringAsync($"/gaj/notices/{id}");
        Assert.Contains($"<a href=\"{media.GetProperty("url").GetString()}\">办事须知（PDF）</a>", page);
        Assert.Contains($"<img src=\"/gaj/media/{image.GetProperty("id").GetString()}/", page);
    }
}
