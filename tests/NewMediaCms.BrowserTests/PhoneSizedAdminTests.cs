using Microsoft.Playwright;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.BrowserTests;

/// <summary>The admin on a phone-sized screen (375×667): the menu folds behind its button, opens, and its links navigate; nothing is wider than the screen.</summary>
public sealed class PhoneSizedAdminTests(BrowserApp browser) : IClassFixture<BrowserApp>
{
    private async Task<IPage> SignedInAtAsync(string userName, int width, int height)
    {
        var context = await browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = browser.BaseUrl,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        await page.GotoAsync("/gaj/admin/login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(NmcAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/admin");
        return page;
    }

    /// <summary>How much wider than the viewport the page is (0: nothing sticks out sideways).</summary>
    private static Task<int> OverflowAsync(IPage page) => page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");

    [Fact]
    public async Task On_a_phone_the_menu_opens_from_its_button_and_a_link_in_it_navigates()
    {
        var page = await SignedInAtAsync("gaj.admin", 375, 667);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "管理菜单" });
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "菜单" });

        await Assertions.Expect(menu).ToBeHiddenAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "false");
        Assert.Equal(0, await OverflowAsync(page));
        await BrowserApp.ScreenshotAsync(page, "phone/dashboard-375");

        await toggle.ClickAsync();
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(toggle).ToHaveAttributeAsync("aria-expanded", "true");
        await BrowserApp.ScreenshotAsync(page, "phone/menu-open-375", fullPage: false);

        await menu.GetByRole(AriaRole.Link, new() { Name = "我的待办" }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/admin/todo");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("我的待办");
        await Assertions.Expect(menu).ToBeHiddenAsync();   // a new page starts folded
        Assert.Equal(0, await OverflowAsync(page));
        await BrowserApp.ScreenshotAsync(page, "phone/todo-375");

        // Wide tables scroll inside their card, forms fit: the page itself never scrolls sideways.
        foreach (var (path, name) in new[] { ("/gaj/admin/content", "content"), ("/gaj/admin/content/edit?type=notice", "edit"), ("/gaj/admin/notifications", "notifications"),
                     ("/gaj/admin/messages", "messages"), ("/gaj/admin/users", "users") })
        {
            await page.GotoAsync(path);
            Assert.True(await OverflowAsync(page) == 0, $"{path} is wider than a 375 px screen");
            await BrowserApp.ScreenshotAsync(page, $"phone/{name}-375");
        }
    }

    [Fact]
    public async Task On_a_desktop_the_menu_is_always_open_and_shows_the_to_do_counts()
    {
        var page = await SignedInAtAsync("gaj.reviewer1", 1280, 800);
        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "管理菜单" });
        await Assertions.Expect(menu).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "菜单" })).ToBeHiddenAsync();
        await Assertions.Expect(menu.GetByRole(AriaRole.Link, new() { Name = "待我审核" })).ToBeVisibleAsync();
        await BrowserApp.ScreenshotAsync(page, "desktop/dashboard-1280");
        await page.GotoAsync("/gaj/admin/todo");
        await BrowserApp.ScreenshotAsync(page, "desktop/todo-1280");
        await page.GotoAsync("/gaj/admin/notifications");
        await BrowserApp.ScreenshotAsync(page, "desktop/notifications-1280");
    }
}
