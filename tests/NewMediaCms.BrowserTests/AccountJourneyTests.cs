using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests;

/// <summary>An administrator opens, changes, closes and merges accounts in the browser; the public pages show the notices and the redirect.</summary>
public sealed class AccountJourneyTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private static async Task<string> OpenAsync(IPage admin, string name, string unit)
    {
        await admin.GotoAsync("/gaj/admin/accounts");
        await admin.GetByRole(AriaRole.Link, new() { Name = "开设账号" }).ClickAsync();
        await admin.Locator("#Platform").SelectOptionAsync("WeChat");
        await admin.Locator("#Name").FillAsync(name);
        await admin.Locator("#OperatingUnit").FillAsync(unit);
        await admin.Locator("#ResponsiblePerson").FillAsync("王主任");
        await admin.Locator("#Contact").FillAsync("0000-1234567");
        await admin.Locator("#PlatformAccountId").FillAsync("gh_" + Guid.NewGuid().ToString("N")[..8]);
        await admin.Locator("#FilingNumber").FillAsync("备-2026-11");
        await admin.Locator("#FiledOn").FillAsync("2026-11-30");
        await admin.Locator("#open-submit").ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync($"已开设账号“{name}（微信公众号）”");
        return admin.Url[(admin.Url.LastIndexOf('/') + 1)..];
    }

    [Fact]
    public async Task An_admin_opens_changes_closes_and_merges_accounts_and_the_public_pages_show_the_notices_and_the_redirect()
    {
        var admin = await browser.SignedInAsync("gaj.admin");

        // A first attempt without the filing data: the errors stand next to the fields, nothing typed is lost.
        await admin.GotoAsync("/gaj/admin/accounts/new");
        await admin.Locator("#Name").FillAsync("青禾交警测试");
        await admin.Locator("#OperatingUnit").FillAsync("");
        await admin.Locator("#open-submit").ClickAsync();
        await Assertions.Expect(admin.Locator("#err-operatingUnit")).ToHaveTextAsync("请填写主办单位。");
        await Assertions.Expect(admin.Locator("#Name")).ToHaveValueAsync("青禾交警测试");
        await BrowserApp.ScreenshotAsync(admin, "accounts/01-open-errors");

        // 开设 with the filing data.
        var first = await OpenAsync(admin, "青禾交警测试", "测试县公安局交警大队");
        await BrowserApp.ScreenshotAsync(admin, "accounts/02-opened");

        // 变更: a new operating unit → a public change notice.
        await admin.Locator("#OperatingUnit").FillAsync("测试县公安局");
        await admin.Locator("#FilingNumber").FillAsync("备-2026-12");
        await admin.Locator("#change-submit").ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync("主办单位变更公告已在公开页面发布");
        await Assertions.Expect(admin.Locator("#history")).ToContainTextAsync("主办单位变更：测试县公安局交警大队 → 测试县公安局");
        var reader = await browser.PageAsync();
        await reader.GotoAsync($"/gaj/accounts/{first}");
        await Assertions.Expect(reader.Locator(".change-notice")).ToContainTextAsync("本账号主办单位由“测试县公安局交警大队”变更为“测试县公安局”");
        await BrowserApp.ScreenshotAsync(reader, "accounts/03-public-change-notice");

        // 关停 a second account: the closure notice on its public page, which stays readable.
        var second = await OpenAsync(admin, "青禾户政测试", "测试县公安局");
        await admin.Locator("#close-note").FillAsync("本账号自2026年12月1日起停止更新，户政信息请关注“测试公安”公众号。");
        await admin.Locator("#close").ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync("账号已关停");
        await Assertions.Expect(admin.Locator("#account-state")).ToContainTextAsync("已关停");
        await BrowserApp.ScreenshotAsync(admin, "accounts/04-closed-admin");
        var closed = await reader.GotoAsync($"/gaj/accounts/{second}");
        Assert.Equal(200, closed!.Status);
        await Assertions.Expect(reader.Locator(".closure-notice")).ToContainTextAsync("本账号自2026年12月1日起停止更新");
        await BrowserApp.ScreenshotAsync(reader, "accounts/05-public-closure-notice");

        // The editor no longer offers the closed account.
        var editor = await browser.SignedInAsync("gaj.editor");
        await editor.GotoAsync("/gaj/admin/content/edit?type=notice");
        Assert.Equal(0, await editor.Locator($"#AccountId option[value='{second}']").CountAsync());
        await Assertions.Expect(editor.Locator("#AccountId option:checked")).ToContainTextAsync("（网站栏目）");
        await BrowserApp.ScreenshotAsync(editor, "accounts/06-editor-account-choice");

        // 合并 the first into the department's WeChat account: its public URL redirects permanently.
        await admin.GotoAsync($"/gaj/admin/accounts/{first}");
        await admin.Locator("#merge-target").SelectOptionAsync("gaj-wechat");
        await admin.Locator("#merge-note").FillAsync("重复账号整合");
        await admin.Locator("#merge").ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync("永久跳转（301）");
        var merged = await reader.GotoAsync($"/gaj/accounts/{first}");
        Assert.EndsWith("/gaj/accounts/gaj-wechat", reader.Url);
        Assert.Equal(301, (await merged!.Request.RedirectedFrom!.ResponseAsync())!.Status);
        await BrowserApp.ScreenshotAsync(reader, "accounts/07-merged-redirected");

        // The matrix admin sees every department, filtered by state.
        var matrix = await browser.SignedInAsync("matrix.admin", "");
        await matrix.GotoAsync("/admin/accounts");
        await matrix.Locator("#filter-state").SelectOptionAsync("Closed");
        await matrix.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(matrix.Locator($"tr[data-account='{second}']")).ToBeVisibleAsync();
        Assert.Equal(0, await matrix.Locator($"tr[data-account='{first}']").CountAsync());
        await BrowserApp.ScreenshotAsync(matrix, "accounts/08-matrix-list-closed");
    }
}
