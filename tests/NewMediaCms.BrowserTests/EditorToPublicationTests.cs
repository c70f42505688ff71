using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests;

/// <summary>A department's working day in a real browser: the editor writes, three reviewers approve level by level, the notice is published and readers see it.</summary>
public sealed class EditorToPublicationTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_notice_goes_from_the_editor_through_three_review_levels_to_the_public_department_page()
    {
        var title = "关于冬季道路交通安全的提示 " + Guid.NewGuid().ToString("N")[..6];

        // The editor writes with a live preview and saves a draft.
        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.GotoAsync("/gaj/admin/content/edit?type=notice");
        await editor.GetByLabel("标题").FillAsync(title);
        await editor.GetByLabel("发布账号").SelectOptionAsync("gaj-site");
        await editor.GetByLabel("正文（Markdown）").FillAsync("## 出行提示\n\n雨雪天气请**减速慢行**。\n\n<script>alert(1)</script>");
        await Assertions.Expect(editor.Locator("#preview h2")).ToHaveTextAsync("出行提示");
        await Assertions.Expect(editor.Locator("#preview strong")).ToHaveTextAsync("减速慢行");
        Assert.Equal(0, await editor.Locator("#preview script").CountAsync());
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToHaveTextAsync("草稿已保存。");
        var itemUrl = editor.Url;

        // Publishing before review is not offered; the page says why.
        Assert.Equal(0, await editor.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).CountAsync());
        await Assertions.Expect(editor.Locator("#action-reasons [data-action=publish]")).ToContainTextAsync("尚未提交审核；通过全部审核后才能发布。");

        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToContainTextAsync("已提交审核");
        await Assertions.Expect(editor.Locator("#state")).ToHaveTextAsync("审核中");

        // Three reviewers, each finds it in their queue and approves their level.
        var expectations = new[] { "等待第 2 级", "等待第 3 级", "全部审核完成" };
        var reviewers = new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" };
        IPage? last = null;
        for (var i = 0; i < reviewers.Length; i++)
        {
            var reviewer = await browser.SignedInAsync(reviewers[i]);
            await reviewer.GotoAsync("/gaj/admin/review");
            await reviewer.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(reviewer.Locator("#flash")).ToContainTextAsync(expectations[i]);
            last = reviewer;
        }

        // The last reviewer publishes now.
        await last!.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(last.Locator("#flash")).ToHaveTextAsync("第 1 版已发布。");
        await Assertions.Expect(last.Locator("#state")).ToHaveTextAsync("已发布");

        // A reader sees it on the department's public page and reads it.
        var reader = await browser.PageAsync();
        await reader.GotoAsync("/gaj/");
        await reader.GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(reader.Locator(".notice-body strong")).ToHaveTextAsync("减速慢行");
        Assert.Equal(0, await reader.Locator(".notice-body script").CountAsync());

        // The editor's view shows the published state too.
        await editor.GotoAsync(itemUrl);
        await Assertions.Expect(editor.Locator("#state")).ToHaveTextAsync("已发布");
    }
}
