using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Safety.Dictionaries;

namespace NewMediaCms.BrowserTests;

/// <summary>
/// The content-safety gate in a real browser: an editor pastes a text with a misspelt leader's name and an unmasked ID
/// number, sees both marked, masks the ID number with one click, the reviewers approve, publishing is refused, a
/// reviewer overrides the remaining serious finding with a reason, and it publishes.
/// </summary>
public sealed class SafetyGateJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task An_editor_masks_an_ID_number_and_a_reviewer_overrides_a_misspelt_leader_name_with_a_reason_before_it_publishes()
    {
        await using (var scope = browser.App.TenantScope("gaj"))
        {
            var (_, error) = await scope.ServiceProvider.GetRequiredService<SafetyDictionaries>().AddAsync(SafetyDictionaries.MatrixScope,
                [new WordInput(SafetyLists.Leaders, "周文博", Titles: "县长、县委副书记", Jurisdiction: "测试县")], "浏览器测试", "test", CancellationToken.None);
            Assert.Null(error);
        }
        var title = "关于开展冬季安全检查的通知 " + Guid.NewGuid().ToString("N")[..6];

        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.GotoAsync("/gaj/admin/content/edit?type=notice");
        await editor.GetByLabel("标题").FillAsync(title);
        await editor.GetByLabel("发布账号").SelectOptionAsync("gaj-site");
        await editor.GetByLabel("正文（Markdown）").FillAsync("县长周闻博出席会议并讲话。\n\n举报人身份证号110101199003074514，已核实。");
        var findings = editor.Locator("#safety-list li");
        await Assertions.Expect(findings).ToHaveCountAsync(2);
        await Assertions.Expect(editor.Locator("#safety-list li[data-detector='leader-name']")).ToContainTextAsync("周闻博");
        await Assertions.Expect(editor.Locator("#safety-list li[data-detector='pii-id-number']")).ToContainTextAsync("110101199003074514");
        await Assertions.Expect(editor.Locator("#safety-status")).ToContainTextAsync("严重 2 处");
        await BrowserApp.ScreenshotAsync(editor, "safety-1-editor-two-findings");

        await editor.GetByRole(AriaRole.Button, new() { Name = "一键脱敏（1101**********4514）" }).ClickAsync();
        await Assertions.Expect(editor.GetByLabel("正文（Markdown）")).ToHaveValueAsync("县长周闻博出席会议并讲话。\n\n举报人身份证号1101**********4514，已核实。");
        await Assertions.Expect(findings).ToHaveCountAsync(1);
        await BrowserApp.ScreenshotAsync(editor, "safety-2-editor-masked");
        await editor.GetByRole(AriaRole.Button, new() { Name = "保存草稿" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToContainTextAsync("草稿已保存");
        await editor.GetByRole(AriaRole.Button, new() { Name = "提交审核" }).ClickAsync();
        await Assertions.Expect(editor.Locator("#flash")).ToContainTextAsync("内容安全检查发现 1 处严重问题");

        IPage? last = null;
        foreach (var name in new[] { "gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3" })
        {
            var reviewer = await browser.SignedInAsync(name);
            await reviewer.GotoAsync("/gaj/admin/review");
            await reviewer.GetByRole(AriaRole.Link, new() { Name = title }).First.ClickAsync();
            await Assertions.Expect(reviewer.Locator("#safety-list li[data-detector='leader-name']")).ToContainTextAsync("应为“周文博”");
            await reviewer.GetByRole(AriaRole.Button, new() { Name = "审核通过" }).ClickAsync();
            await Assertions.Expect(reviewer.Locator("#flash")).ToContainTextAsync("审核通过");
            last = reviewer;
        }
        var page = last!;
        await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#problem")).ToContainTextAsync("内容安全检查发现 1 处严重问题");
        await BrowserApp.ScreenshotAsync(page, "safety-3-publish-refused");

        // An override without a reason is refused next to the field; with a reason it is recorded.
        await page.GetByRole(AriaRole.Button, new() { Name = "放行并记录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#safety-override-message")).ToContainTextAsync("理由");
        await page.GetByLabel("审核人放行严重问题（须写明理由，内容再修改后放行作废）").FillAsync("经核实，原稿为县长周文博，系录入错误，已与办公室确认将在下一版更正");
        await page.GetByRole(AriaRole.Button, new() { Name = "放行并记录" }).ClickAsync();
        await Assertions.Expect(page.Locator("#safety-status")).ToContainTextAsync("已由 gaj.reviewer3 放行");
        await BrowserApp.ScreenshotAsync(page, "safety-4-overridden");
        await page.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("#flash")).ToHaveTextAsync("第 1 版已发布。");
        await BrowserApp.ScreenshotAsync(page, "safety-5-published");
    }
}

/// <summary>The dictionary page: a department administrator adds an exception with its reason and sees the new version; without a reason it is refused.</summary>
public sealed class SafetyDictionaryPageTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    [Fact]
    public async Task A_department_administrator_adds_an_exception_with_a_reason_and_sees_the_department_version()
    {
        var admin = await browser.SignedInAsync("gaj.admin");
        await admin.GotoAsync("/gaj/admin/safety/dictionaries?list=exceptions");
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("错敏词词库");
        await admin.GetByLabel("错误写法").Or(admin.GetByLabel("词条", new() { Exact = true })).First.FillAsync("打击赌博");
        await admin.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#problem")).ToContainTextAsync("例外词须写明理由");
        await admin.GetByLabel("理由（必填）").FillAsync("执法通报中的违法行为名称");
        await admin.GetByRole(AriaRole.Button, new() { Name = "添加" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync("本部门词库第 1 版");
        await Assertions.Expect(admin.Locator("#words-department")).ToContainTextAsync("执法通报中的违法行为名称");
        await Assertions.Expect(admin.Locator("#department-version")).ToHaveTextAsync("第 1 版");
        await BrowserApp.ScreenshotAsync(admin, "safety-6-dictionary-page");
    }
}
