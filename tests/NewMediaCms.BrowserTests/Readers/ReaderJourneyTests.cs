using System.Globalization;
using System.Xml.Linq;
using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests.Readers;

/// <summary>Readers of the demo county in a real browser: from the portal to a notice and its feed, elder mode, keyboard only, a phone.</summary>
[Collection(DemoSiteCollection.Name)]
public sealed class ReaderJourneyTests(DemoSite site)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";

    [Fact]
    public async Task A_reader_goes_from_the_portal_to_a_department_to_a_notice_and_its_feed_parses()
    {
        var page = await site.ReaderAsync();
        await page.GotoAsync("/");
        await Assertions.Expect(page).ToHaveTitleAsync(new System.Text.RegularExpressions.Regex("青禾县"));
        await DemoSite.ScreenshotAsync(page, "journey-1-portal");

        // The directory of departments leads to the department's own site.
        await page.Locator("table.directory").GetByRole(AriaRole.Link, new() { Name = "青禾县公安局", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("青禾县公安局");
        await DemoSite.ScreenshotAsync(page, "journey-2-department");

        // The newest notice of the department.
        var first = page.Locator("section[aria-labelledby=notices-title] .notice-list a").First;
        var title = (await first.TextContentAsync())!.Trim();
        await first.ClickAsync();
        await page.WaitForURLAsync("**/gaj/notices/*");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(page.Locator(".notice-facts")).ToContainTextAsync("发布机构");
        var noticePath = new Uri(page.Url).AbsolutePath;
        await DemoSite.ScreenshotAsync(page, "journey-3-notice");

        // The notice page's feed links: RSS 2.0 and Atom 1.0 of the department, both listing this notice.
        var rssHref = await page.Locator(".feed-links").GetByRole(AriaRole.Link, new() { Name = "RSS", Exact = true }).GetAttributeAsync("href");
        var atomHref = await page.Locator(".feed-links").GetByRole(AriaRole.Link, new() { Name = "Atom", Exact = true }).GetAttributeAsync("href");
        Assert.Equal("/gaj/feed/rss", rssHref);
        Assert.Equal("/gaj/feed/atom", atomHref);
        // The head announces the same feeds for feed readers.
        Assert.Equal(rssHref, await page.Locator("link[rel=alternate][type='application/rss+xml']").GetAttributeAsync("href"));

        var rssResponse = await page.APIRequest.GetAsync(rssHref!);
        Assert.Equal(200, rssResponse.Status);
        Assert.StartsWith("application/rss+xml", rssResponse.Headers["content-type"], StringComparison.Ordinal);
        var rss = XDocument.Parse(await rssResponse.TextAsync());
        Assert.Equal("rss", rss.Root!.Name.LocalName);
        Assert.Equal("2.0", rss.Root.Attribute("version")?.Value);
        var channel = rss.Root.Element("channel")!;
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("title")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("link")?.Value));
        Assert.False(string.IsNullOrWhiteSpace(channel.Element("description")?.Value));
        var items = channel.Elements("item").ToList();
        Assert.NotEmpty(items);
        var item = Assert.Single(items, i => new Uri(i.Element("link")!.Value).AbsolutePath == noticePath);
        Assert.Equal(title, item.Element("title")!.Value);
        Assert.True(DateTimeOffset.TryParse(item.Element("pubDate")!.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _), "pubDate is an RFC 822 date");

        var atomResponse = await page.APIRequest.GetAsync(atomHref!);
        Assert.Equal(200, atomResponse.Status);
        Assert.StartsWith("application/atom+xml", atomResponse.Headers["content-type"], StringComparison.Ordinal);
        var atom = XDocument.Parse(await atomResponse.TextAsync());
        Assert.Equal(Atom + "feed", atom.Root!.Name);
        Assert.False(string.IsNullOrWhiteSpace(atom.Root.Element(Atom + "id")?.Value));
        Assert.True(DateTimeOffset.TryParse(atom.Root.Element(Atom + "updated")?.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        var entry = Assert.Single(atom.Root.Elements(Atom + "entry"), e => e.Elements(Atom + "link").Any(l => new Uri(l.Attribute("href")!.Value).AbsolutePath == noticePath));
        Assert.Equal(title, entry.Element(Atom + "title")!.Value);
        Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + "id")?.Value));
    }

    [Fact]
    public async Task Elder_mode_enlarges_the_type_to_at_least_18_px_and_stays_on_across_pages_and_reloads()
    {
        var page = await site.ReaderAsync();
        await page.GotoAsync("/gaj/notices/gaj-n-0035");
        Assert.Equal(16, await FontSizeAsync(page, "body"));

        await page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "大字", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\belder-20\b"));
        await Assertions.Expect(page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "大字", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        Assert.True(await FontSizeAsync(page, "body") >= 18);
        Assert.True(await FontSizeAsync(page, ".notice-body") >= 18);
        Assert.True(await LineHeightRatioAsync(page, ".notice-body") >= 1.3);
        await DemoSite.ScreenshotAsync(page, "elder-1-notice-large");

        // Another page of the department, a reload, and the portal: the choice stays.
        await page.Locator("nav.main-nav").GetByRole(AriaRole.Link, new() { Name = "首页", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/");
        Assert.Equal(20, await FontSizeAsync(page, "body"));
        await page.ReloadAsync();
        Assert.Equal(20, await FontSizeAsync(page, "body"));
        await page.Locator("nav.main-nav").GetByRole(AriaRole.Link, new() { Name = "矩阵门户", Exact = true }).ClickAsync();
        await page.WaitForURLAsync(site.BaseUrl + "/");
        Assert.Equal(20, await FontSizeAsync(page, "body"));
        await Assertions.Expect(page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "大字", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");

        // The largest size, then back to standard; both survive a reload.
        await page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "超大字", Exact = true }).ClickAsync();
        await page.ReloadAsync();
        Assert.Equal(30, await FontSizeAsync(page, "body"));
        await DemoSite.ScreenshotAsync(page, "elder-2-portal-largest");
        await page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "标准", Exact = true }).ClickAsync();
        await page.ReloadAsync();
        Assert.Equal(16, await FontSizeAsync(page, "body"));
    }

    [Fact]
    public async Task Elder_mode_also_switches_without_javascript_through_the_server()
    {
        var context = await site.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = site.BaseUrl, Locale = "zh-CN", JavaScriptEnabled = false });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/gaj/notices");
        await page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = "特大字", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**/gaj/notices");
        Assert.Equal(24, await FontSizeAsync(page, "body"));
        await page.GotoAsync("/gaj/");
        Assert.Equal(24, await FontSizeAsync(page, "body"));
        await context.CloseAsync();
    }

    [Fact]
    public async Task A_keyboard_only_reader_starts_at_the_skip_link_sees_focus_and_opens_a_notice_with_tab_and_enter()
    {
        var page = await site.ReaderAsync();
        await page.GotoAsync("/gaj/");

        // The first Tab lands on the skip link, which becomes visible and shows its focus.
        await page.Keyboard.PressAsync("Tab");
        var skip = await FocusedAsync(page);
        Assert.Equal("跳到主要内容", skip.Text);
        Assert.Equal("#main", skip.Href);
        Assert.True(skip.Left >= 0 && skip.Top >= 0 && skip.Width > 0, "the focused skip link is on screen");
        Assert.True(skip.OutlineVisible, "the focused skip link has a visible outline");
        await DemoSite.ScreenshotAsync(page, "keyboard-1-skip-link");

        // Enter moves focus into the main content, past the header.
        await page.Keyboard.PressAsync("Enter");
        Assert.Equal("MAIN", (await FocusedAsync(page)).Tag);

        // Tab through main until a notice link; every stop shows its focus.
        Focused? notice = null;
        for (var i = 0; i < 30 && notice is null; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await FocusedAsync(page);
            Assert.True(focused.OutlineVisible, $"focus is visible on <{focused.Tag}> {focused.Text}");
            Assert.True(focused.InMain, $"Tab after the skip link stays in the main content ({focused.Text})");
            if (focused.Href?.Contains("/notices/", StringComparison.Ordinal) == true)
            {
                notice = focused;
            }
        }
        Assert.NotNull(notice);
        await DemoSite.ScreenshotAsync(page, "keyboard-2-notice-link-focused", fullPage: false);
        Assert.Equal(notice.Href, (await FocusedAsync(page)).Href);
        var navigated = page.WaitForURLAsync("**" + notice.Href); // listening before the key, so a fast navigation is not missed
        await page.Keyboard.PressAsync("Enter");
        await navigated;
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(notice.Text);
    }

    [Theory]
    [InlineData("/", 0)]
    [InlineData("/gaj/", 0)]
    [InlineData("/gaj/notices/gaj-n-0035", 0)]
    [InlineData("/category/notice", 0)]
    [InlineData("/gaj/notices/gaj-n-0035", 30)]
    [InlineData("/", 24)]
    public async Task On_a_phone_sized_screen_pages_fit_the_width_and_the_elder_switch_is_reachable(string path, int elderSize)
    {
        var page = await site.ReaderAsync(new ViewportSize { Width = 375, Height = 740 }, elderSize == 0 ? null : elderSize);
        await page.GotoAsync(path);
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, window.innerWidth]");
        Assert.True(widths[0] <= widths[1], $"no horizontal scrolling on {path}: content {widths[0]} px, screen {widths[1]} px");
        var button = page.Locator("form.elder-bar").GetByRole(AriaRole.Button, new() { Name = elderSize == 0 ? "大字" : "标准", Exact = true });
        await Assertions.Expect(button).ToBeVisibleAsync();
        var box = (await button.BoundingBoxAsync())!;
        Assert.True(box.Width >= 44 && box.Height >= 44, $"the elder switch is a large target ({box.Width}x{box.Height})");
        await Assertions.Expect(page.Locator("h1").First).ToBeAttachedAsync();
        await DemoSite.ScreenshotAsync(page, $"phone{(elderSize == 0 ? "" : "-elder" + elderSize)}{path.Replace('/', '-').TrimEnd('-')}");
    }

    private static async Task<double> FontSizeAsync(IPage page, string selector)
        => await page.Locator(selector).First.EvaluateAsync<double>("e => parseFloat(getComputedStyle(e).fontSize)");

    private static async Task<double> LineHeightRatioAsync(IPage page, string selector)
        => await page.Locator(selector).First.EvaluateAsync<double>("e => { const s = getComputedStyle(e); return parseFloat(s.lineHeight) / parseFloat(s.fontSize); }");

    private sealed record Focused(string Tag, string Text, string? Href, double Left, double Top, double Width, bool OutlineVisible, bool InMain);

    private static async Task<Focused> FocusedAsync(IPage page)
    {
        var e = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            () => {
              const e = document.activeElement;
              const s = getComputedStyle(e);
              const r = e.getBoundingClientRect();
              return {
                tag: e.tagName, text: (e.textContent || '').trim(), href: e.getAttribute('href'),
                left: r.left, top: r.top, width: r.width,
                outlineVisible: e.tagName === 'MAIN' || (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2),
                inMain: !!e.closest('main'),
              };
            }
            """);
        return new Focused(
            e.GetProperty("tag").GetString()!, e.GetProperty("text").GetString()!,
            e.GetProperty("href").ValueKind == System.Text.Json.JsonValueKind.String ? e.GetProperty("href").GetString() : null,
            e.GetProperty("left").GetDouble(), e.GetProperty("top").GetDouble(), e.GetProperty("width").GetDouble(),
            e.GetProperty("outlineVisible").GetBoolean(), e.GetProperty("inMain").GetBoolean());
    }
}
