using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests.Readers;

/// <summary>A citizen who pastes far more than the message form takes, in a real browser: nothing typed is lost.</summary>
public sealed class MessageFormLimitBrowserTests(BrowserApp app) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_over_long_message_comes_back_with_the_text_kept_the_limit_said_and_a_live_count()
    {
        var page = await app.PageAsync();
        await page.GotoAsync("/gaj/messages/new");
        // 7,310 characters: about 66 KB as the browser percent-encodes them, past the 64 KB that used to answer 500.
        var body = string.Concat(Enumerable.Repeat("群众反映小区门前道路积水严重，", 487)) + "请尽快处理";
        await page.GetByLabel("主题（必填").FillAsync("小区门前道路积水");
        await page.GetByLabel("留言内容（必填").FillAsync(body);
        // The count is live (a script file: no inline script on the page).
        await Assertions.Expect(page.Locator("#msg-body-count")).ToHaveTextAsync("已输入 7310 字，超出上限 2000 字 5310 字，请删减。");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交留言" }).ClickAsync();

        await page.WaitForLoadStateAsync();
        Assert.EndsWith("/gaj/messages/new", new Uri(page.Url).AbsolutePath, StringComparison.Ordinal);
        await Assertions.Expect(page.Locator("#msg-body-error")).ToHaveTextAsync("留言内容不能超过 2000 字（现有 7310 字）。");
        await Assertions.Expect(page.Locator("#form-errors")).ToContainTextAsync("留言内容不能超过 2000 字");
        Assert.Equal(body, await page.Locator("#msg-body").InputValueAsync());
        Assert.Equal("小区门前道路积水", await page.Locator("#msg-subject").InputValueAsync());
        await Assertions.Expect(page.Locator("#msg-body-count")).ToHaveTextAsync("已输入 7310 字，超出上限 2000 字 5310 字，请删减。");
        await BrowserApp.ScreenshotAsync(page, "message-form-over-long", fullPage: false);
        await page.Locator("#msg-body-count").ScrollIntoViewIfNeededAsync();
        await BrowserApp.ScreenshotAsync(page, "message-form-over-long-body", fullPage: false);

        // Cut to the limit, the same text is accepted (post/redirect/get to the receipt).
        await page.Locator("#msg-body").FillAsync(body[..2000]);
        await Assertions.Expect(page.Locator("#msg-body-count")).ToHaveTextAsync("已输入 2000 / 2000 字");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交留言" }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/messages/sent");
        await Assertions.Expect(page.Locator(".query-code")).ToBeVisibleAsync();
    }
}
