using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Web.Security;

namespace NewMediaCms.BrowserTests;

/// <summary>
/// With the Content-Security-Policy the application sends (enforced, as in production), the admin and public pages
/// still work: their scripts run (preview, media picker, elder mode, menu) and the browser reports no violation —
/// neither as a securitypolicyviolation event nor on the console nor to the report endpoint.
/// </summary>
public sealed class CspJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    /// <summary>Collects every securitypolicyviolation of every document the page loads, and CSP console messages.</summary>
    private static async Task<List<string>> WatchAsync(IPage page)
    {
        var seen = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase)
                || message.Text.Contains("Content-Security-Policy", StringComparison.OrdinalIgnoreCase))
            {
                lock (seen)
                {
                    seen.Add($"console {message.Type}: {message.Text}");
                }
            }
        };
        // Enforced, not report-only: every document the page loads carries the policy header.
        page.Response += (_, response) =>
        {
            if (response.Request.ResourceType == "document" && !response.Headers.ContainsKey("content-security-policy"))
            {
                lock (seen)
                {
                    seen.Add($"no Content-Security-Policy on {response.Url}");
                }
            }
        };
        // An init script is injected by the browser itself, outside the page's policy.
        await page.Context.AddInitScriptAsync("""
            window.__csp = [];
            document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI + ' ' + e.sourceFile + ':' + e.lineNumber));
            """);
        return seen;
    }

    private static async Task AssertNoViolationAsync(IPage page, List<string> console, string where)
    {
        var events = await page.EvaluateAsync<string[]>("() => window.__csp || []");
        List<string> all;
        lock (console)
        {
            all = [.. console, .. events.Select(e => "event: " + e)];
        }
        Assert.True(all.Count == 0, $"{where} ({page.Url}):\n" + string.Join("\n", all));
    }

    [Fact]
    public async Task The_watcher_sees_a_violation_when_one_happens()
    {
        // The control: an inline style attribute set by the page is refused and seen, so silence below means no violation.
        var page = await browser.PageAsync();
        var console = await WatchAsync(page);
        await page.GotoAsync("/gaj/");
        await page.EvaluateAsync("() => { const s = document.createElement('script'); s.textContent = 'window.__ran = 1'; document.body.appendChild(s); }");
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
        Assert.False(await page.EvaluateAsync<bool>("() => window.__ran === 1"), "内联脚本不应执行。");
        await page.WaitForFunctionAsync("() => window.__csp.length > 0");
        await Assert.ThrowsAsync<Xunit.Sdk.TrueException>(() => AssertNoViolationAsync(page, console, "control"));
    }

    [Fact]
    public async Task Admin_pages_work_under_the_policy_without_a_violation()
    {
        var reports = browser.App.Services.GetRequiredService<CspReports>();
        var before = reports.Count;
        var page = await browser.SignedInAsync("gaj.admin");
        var console = await WatchAsync(page);

        // Dashboard: admin.js ran (the page is marked scripted) and the menu button folds the navigation on a phone.
        await page.GotoAsync("/gaj/admin");
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bjs\b"));
        await AssertNoViolationAsync(page, console, "工作台");

        // Content list: "select all" is script.
        await page.GotoAsync("/gaj/admin/content");
        var pickAll = page.Locator("#pick-all");
        if (await pickAll.CountAsync() > 0)
        {
            await pickAll.CheckAsync();
            await Assertions.Expect(page.Locator("input[name=ids]").First).ToBeCheckedAsync();
        }
        await AssertNoViolationAsync(page, console, "内容列表");

        // Editor: the Markdown preview updates as one types; the media picker opens and lists the library.
        await page.GotoAsync("/gaj/admin/content/edit?type=notice");
        await page.GetByLabel("正文（Markdown）").FillAsync("## 预览标题\n\n正文**加粗**。");
        await Assertions.Expect(page.Locator("#preview h2")).ToHaveTextAsync("预览标题");
        await Assertions.Expect(page.Locator("#preview strong")).ToHaveTextAsync("加粗");
        await page.Locator("#media-insert").ClickAsync();
        await Assertions.Expect(page.Locator("#media-picker")).ToBeVisibleAsync();
        await page.Locator("#media-picker [data-media-close]").ClickAsync();
        await Assertions.Expect(page.Locator("#media-picker")).ToBeHiddenAsync();
        await BrowserApp.ScreenshotAsync(page, "csp/editor");
        await AssertNoViolationAsync(page, console, "编辑器");

        foreach (var (path, heading) in new[] { ("/gaj/admin/users", "用户"), ("/gaj/admin/accounts", "账号"), ("/gaj/admin/media", "媒体库") })
        {
            await page.GotoAsync(path);
            await Assertions.Expect(page.Locator("h1")).ToContainTextAsync(heading);
            await AssertNoViolationAsync(page, console, heading);
        }

        // The matrix side: inspection report with its print button, and the jobs dashboard.
        var matrix = await browser.SignedInAsync("matrix.admin", "");
        var matrixConsole = await WatchAsync(matrix);
        foreach (var path in new[] { "/admin", "/admin/inspection", "/admin/inspection/trend", "/admin/inspection/report", "/admin/monitor" })
        {
            await matrix.GotoAsync(path);
            await AssertNoViolationAsync(matrix, matrixConsole, path);
        }
        Assert.Equal(before, reports.Count);
    }

    [Fact]
    public async Task Public_pages_work_under_the_policy_without_a_violation()
    {
        var page = await browser.PageAsync();
        var console = await WatchAsync(page);

        await page.GotoAsync("/");
        await AssertNoViolationAsync(page, console, "门户");

        await page.GotoAsync("/gaj/");
        await AssertNoViolationAsync(page, console, "部门网站");

        await page.GotoAsync("/gaj/notices");
        await page.Locator("main a[href*='/gaj/notices/']").First.ClickAsync();
        await Assertions.Expect(page.Locator("main h1")).Not.ToBeEmptyAsync();
        await AssertNoViolationAsync(page, console, "通知");

        await page.GotoAsync("/search?q=" + Uri.EscapeDataString("通知"));
        await AssertNoViolationAsync(page, console, "搜索");

        // Elder mode switches in place (elder.js), without a reload.
        await page.GotoAsync("/gaj/");
        await page.Locator("button[data-elder='24']").ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\belder-24\b"));
        await BrowserApp.ScreenshotAsync(page, "csp/elder-mode");
        await AssertNoViolationAsync(page, console, "适老模式");

        // The message form posts and shows the receipt.
        await page.GotoAsync("/gaj/messages/new");
        await page.GetByLabel("主题（必填", new() { Exact = false }).FillAsync("路灯不亮");
        await page.GetByLabel("留言内容（必填", new() { Exact = false }).FillAsync("某路口路灯连续三晚不亮，请尽快维修。");
        await page.Locator("form.message-form [type=submit]").ClickAsync();
        await page.WaitForURLAsync("**/gaj/messages/sent");
        await BrowserApp.ScreenshotAsync(page, "csp/message-sent");
        await AssertNoViolationAsync(page, console, "留言");
    }
}
