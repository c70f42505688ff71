using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests;

/// <summary>The content list as an editor uses it: filter, tick rows, bulk-submit, read the per-item results, page on.</summary>
public sealed class ContentListBrowserTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_editor_filters_the_list_submits_two_drafts_at_once_and_sees_what_happened_to_each()
    {
        var token = "批量" + Guid.NewGuid().ToString("N")[..6];
        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.SetViewportSizeAsync(1366, 900);
        foreach (var title in new[] { $"{token} 第一份草稿", $"{token} 第二份草稿" })
        {
            await editor.GotoAsync("/gaj/admin/content/edit?type=notice");
            await editor.GetByLabel("标题").FillAsync(title);
            await editor.GetByLabel("发布账号").SelectOptionAsync("gaj-site");
            await editor.GetByLabel("正文（Markdown）").FillAsync("正文");
            await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
            await Assertions.Expect(editor.Locator("#flash")).ToHaveTextAsync("草稿已保存。");
        }

        await editor.GotoAsync("/gaj/admin/content");
        await BrowserApp.ScreenshotAsync(editor, "lists/content-list-desktop");
        await editor.GetByLabel("搜索标题").FillAsync(token);
        await editor.GetByLabel("状态").SelectOptionAsync("draft");
        await editor.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#content-list tbody tr")).ToHaveCountAsync(2);
        Assert.Contains("state=draft", editor.Url);

        await editor.Locator("#pick-all").CheckAsync();
        await editor.GetByLabel("对勾选的内容").SelectOptionAsync("submit");
        await editor.GetByRole(AriaRole.Button, new() { Name = "执行" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToHaveTextAsync("2 项已提交审核。");
        // Still the filtered view: the two are no longer drafts.
        Assert.Contains("state=draft", editor.Url);
        await Assertions.Expect(editor.Locator("#empty")).ToHaveTextAsync("没有符合筛选条件的内容。");
        await BrowserApp.ScreenshotAsync(editor, "lists/content-list-after-bulk");

        await editor.GetByLabel("状态").SelectOptionAsync("inreview");
        await editor.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#content-list tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(editor.Locator("#content-list tbody tr").First).ToContainTextAsync("已过 0/3 级");

        // A reviewer opens one from the list and sees the actions that are theirs.
        var reviewer = await browser.SignedInAsync("gaj.reviewer1");
        await reviewer.SetViewportSizeAsync(1366, 900);
        await reviewer.GotoAsync("/gaj/admin/content?state=inreview&q=" + Uri.EscapeDataString(token));
        await reviewer.Locator("#content-list").GetByRole(AriaRole.Link, new() { Name = "审核", Exact = true }).First.ClickAsync();
        await Assertions.Expect(reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" })).ToBeVisibleAsync();
        Assert.Equal(0, await reviewer.Locator("#edit").CountAsync());
        await BrowserApp.ScreenshotAsync(reviewer, "lists/item-as-reviewer");
    }
}
