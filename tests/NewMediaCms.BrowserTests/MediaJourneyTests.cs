using System.Text.RegularExpressions;
using Microsoft.Playwright;
using NewMediaCms.Tests.Media;

namespace NewMediaCms.BrowserTests;

/// <summary>An editor uploads an image and a PDF in the editor, inserts them, the notice is reviewed and published; readers see the image load and download the PDF.</summary>
public sealed class MediaJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_image_and_a_pdf_uploaded_in_the_editor_show_and_download_on_the_public_notice()
    {
        var title = "关于开展消防安全检查的通知 " + Guid.NewGuid().ToString("N")[..6];
        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.GotoAsync("/gaj/admin/content/edit?type=notice");
        await editor.GetByLabel("标题").FillAsync(title);
        await editor.GetByLabel("发布账号").SelectOptionAsync("gaj-site");
        await editor.GetByLabel("正文（Markdown）").FillAsync("请各单位做好检查。\n");
        var media = new MediaUploads(editor);

        await media.InsertIntoBodyAsync("检查现场.jpg", "image/jpeg", TestFiles.Jpeg(1400, 800, withGps: true));
        await Assertions.Expect(editor.Locator("#Markdown")).ToHaveValueAsync(new Regex(@"!\[检查现场\]\(/gaj/media/[a-z0-9]+/"));
        await Assertions.Expect(editor.Locator("#preview img")).ToHaveCountAsync(1);
        await media.SetFieldAsync("attachment", "检查表.pdf", "application/pdf", TestFiles.Pdf());

        // A renamed executable dropped on the body is refused with the reason next to the upload bar, and the body is unchanged.
        var body = await editor.Locator("#Markdown").InputValueAsync();
        await editor.EvaluateAsync(@"([b64]) => {
            const bin = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
            const dt = new DataTransfer(); dt.items.add(new File([bin], '检查表.pdf', { type: 'application/pdf' }));
            document.getElementById('Markdown').dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
        }", new object[] { Convert.ToBase64String(TestFiles.WindowsExe()) });
        await Assertions.Expect(media.Error).ToHaveTextAsync("“检查表.pdf”的内容是Windows 可执行程序，不能上传（文件类型按内容判断，与扩展名无关）。");
        Assert.Equal(body, await editor.Locator("#Markdown").InputValueAsync());
        await BrowserApp.ScreenshotAsync(editor, "media/editor-after-upload");

        await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToHaveTextAsync("草稿已保存。");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#state")).ToHaveTextAsync("审核中");

        IPage? last = null;
        foreach (var name in new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await browser.SignedInAsync(name);
            await reviewer.GotoAsync("/gaj/admin/review");
            await reviewer.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            last = reviewer;
        }
        await last!.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(last.Locator("#state")).ToHaveTextAsync("已发布");

        var reader = await browser.PageAsync();
        await reader.GotoAsync("/gaj/");
        await reader.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        var image = reader.Locator(".notice-body img");
        await Assertions.Expect(image).ToHaveCountAsync(1);
        await image.ScrollIntoViewIfNeededAsync();
        await reader.WaitForFunctionAsync("() => { const i = document.querySelector('.notice-body img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Equal(1400, await image.EvaluateAsync<int>("i => i.naturalWidth"));
        await BrowserApp.ScreenshotAsync(reader, "media/public-notice");

        var link = reader.GetByRole(AriaRole.Link, new() { Name = "检查表.pdf" });
        var href = await link.GetAttributeAsync("href");
        var response = await reader.Context.APIRequest.GetAsync(href!);
        Assert.Equal("application/pdf", response.Headers["content-type"]);
        Assert.StartsWith("attachment", response.Headers["content-disposition"]);
        var download = await reader.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("检查表.pdf", download.SuggestedFilename);

        // The library lists both, and refuses to delete the image the notice uses, naming the notice.
        await editor.GotoAsync("/gaj/admin/media");
        await Assertions.Expect(editor.GetByRole(AriaRole.Link, new() { Name = "检查现场.jpg" })).ToBeVisibleAsync();
        editor.Dialog += (_, d) => d.AcceptAsync();
        var row = editor.Locator("[data-media-row][data-name='检查现场.jpg']");
        await row.GetByRole(AriaRole.Button, new() { Name = "删除" }).ClickAsync();
        await Assertions.Expect(row.Locator("[data-media-error]")).ToContainTextAsync("正被 1 篇内容使用，不能删除");
        await Assertions.Expect(row.Locator("[data-media-uses] a")).ToContainTextAsync(title);
        await BrowserApp.ScreenshotAsync(editor, "media/library");
    }

    [Fact]
    public async Task A_news_cover_chosen_in_the_editor_shows_as_a_thumbnail_in_the_readers_search_results()
    {
        var title = "县公安局开展夏季治安巡逻 " + Guid.NewGuid().ToString("N")[..6];
        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.GotoAsync("/gaj/admin/content/edit?type=news");
        await editor.GetByLabel("标题").FillAsync(title);
        await editor.GetByLabel("发布账号").SelectOptionAsync("gaj-site");
        await editor.GetByLabel("正文（Markdown）").FillAsync("民警在城区开展夜间巡逻。\n");
        await new MediaUploads(editor).SetFieldAsync("cover", "巡逻.jpg", "image/jpeg", TestFiles.Jpeg(1200, 800));
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToHaveTextAsync("草稿已保存。");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        IPage? last = null;
        foreach (var name in new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await browser.SignedInAsync(name);
            await reviewer.GotoAsync("/gaj/admin/review");
            await reviewer.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            last = reviewer;
        }
        await last!.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(last.Locator("#state")).ToHaveTextAsync("已发布");
        // The search outbox runs every minute; the test drains it at once.
        await using (var scope = browser.App.TenantScope(null))
        {
            await Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<NewMediaCms.Search.Outbox.SearchOutboxJob>(scope.ServiceProvider).RunAsync(CancellationToken.None);
        }

        var reader = await browser.PageAsync();
        await reader.GotoAsync("/gaj/search?q=" + Uri.EscapeDataString("夏季治安巡逻"));
        var hit = reader.Locator(".search-results li", new() { HasText = title });
        var thumbnail = hit.Locator(".thumbnail img");
        await Assertions.Expect(thumbnail).ToHaveCountAsync(1);
        await reader.WaitForFunctionAsync("() => { const i = document.querySelector('.search-results .thumbnail img'); return i && i.complete && i.naturalWidth > 0; }");
        Assert.Equal(320, await thumbnail.EvaluateAsync<int>("i => i.naturalWidth"));
        await BrowserApp.ScreenshotAsync(reader, "media/search-thumbnail");
    }
}
