using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.BrowserTests.Readers;

/// <summary>
/// The demo recipe's county (the site the quality bar is judged on) served on a real Kestrel port on 127.0.0.1, and
/// Debian's chromium driven by Playwright. Shared by the reader test classes of the "demo site" collection.
/// </summary>
public sealed class DemoSite : IAsyncLifetime
{
    public NmcAppFactory App { get; } = NmcAppFactory.Create(recipe: Path.Combine(TestPaths.RepoRoot, "recipes", "demo-county.recipe.json"));

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots are kept (artifacts/browser under the repository, or $NMC_ARTIFACTS).</summary>
    public static string ArtifactsDir { get; } = Environment.GetEnvironmentVariable("NMC_ARTIFACTS") is { Length: > 0 } dir
        ? Path.Combine(dir, "browser")
        : Path.Combine(TestPaths.RepoRoot, "artifacts", "browser");

    public async Task InitializeAsync()
    {
        App.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        App.StartServer();
        var addresses = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        BaseUrl = addresses.First().TrimEnd('/');
        Playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await Playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("NMC_CHROMIUM") is { Length: > 0 } chromium ? chromium : "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        Directory.CreateDirectory(ArtifactsDir);
    }

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

    /// <summary>Saves a full-page screenshot as a test artefact and returns its path.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(ArtifactsDir, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class DemoSiteCollection : ICollectionFixture<DemoSite>
{
    public const string Name = "demo site";
}
