using Microsoft.Playwright;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.BrowserTests.Readers;

/// <summary>
/// The demo recipe's county (the site the quality bar is judged on) served on a real Kestrel port on 127.0.0.1, and
/// Debian's chromium driven by Playwright. Shared by the reader test classes of the "demo site" collection.
/// </summary>
public sealed class DemoSite() : BrowserApp(Path.Combine(TestPaths.RepoRoot, "recipes", "demo-county.recipe.json"))
{
    /// <summary>A fresh browser context (own cookies) for one reader; <paramref name="elderSize"/> presets the elder-mode cookie.</summary>
    public async Task<IPage> ReaderAsync(ViewportSize? viewport = null, int? elderSize = null)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = viewport is { Width: < 600 },
            HasTouch = viewport is { Width: < 600 },
        });
        context.SetDefaultTimeout(30_000);
        if (elderSize is { } size)
        {
            await context.AddCookiesAsync([new Microsoft.Playwright.Cookie { Name = "nmc-elder", Value = size.ToString(System.Globalization.CultureInfo.InvariantCulture), Url = BaseUrl }]);
        }
        return await context.NewPageAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiteCollection : ICollectionFixture<DemoSite>
{
    public const string Name = "demo site";
}
