using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.BrowserTests;

/// <summary>The application on a real Kestrel port on 127.0.0.1, and Debian's chromium driven by Playwright.</summary>
public class BrowserApp : IAsyncLifetime
{
    public BrowserApp() : this(null)
    {
    }

    /// <summary>Another recipe: a test recipe's name under Recipes/ (e.g. "inspection-county") or a recipe file's path.</summary>
    protected BrowserApp(string? recipe)
    {
        App = NmcAppFactory.Create(recipe: recipe is null ? null : File.Exists(recipe) ? recipe : TestPaths.Recipe(recipe));
    }

    /// <summary>Where screenshots are kept: artifacts/browser under the repository, or $NMC_ARTIFACTS/browser.</summary>
    public static string ArtifactsDir { get; } = Environment.GetEnvironmentVariable("NMC_ARTIFACTS") is { Length: > 0 } dir
        ? Path.Combine(dir, "browser")
        : Path.Combine(TestPaths.RepoRoot, "artifacts", "browser");

    /// <summary>
    /// Saves a screenshot as a test artefact (<paramref name="name"/> may hold a sub-folder) and returns its path. A
    /// full-page shot resizes chromium's viewport for a moment: take the viewport only where focus must stay put.
    /// </summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name, bool fullPage = true)
    {
        var path = Path.Combine(ArtifactsDir, name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
        return path;
    }

    public NmcAppFactory App { get; }

    public string BaseUrl { get; private set; } = "";

    public IPlaywright Playwright { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

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
    }

    /// <summary>A fresh browser context (own cookies) for one person.</summary>
    public async Task<IPage> PageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = BaseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai" });
        context.SetDefaultTimeout(30_000);
        return await context.NewPageAsync();
    }

    /// <summary>Signs in on a department's admin (<paramref name="department"/> is its prefix) or, with "", on the matrix admin.</summary>
    public async Task<IPage> SignedInAsync(string userName, string department = "gaj")
    {
        var page = await PageAsync();
        var pathBase = department.Length == 0 ? "" : "/" + department;
        await page.GotoAsync(pathBase + "/admin/login");
        await page.GetByLabel("用户名").FillAsync(userName);
        await page.GetByLabel("密码").FillAsync(NmcAppFactory.DemoPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "登录" }).ClickAsync();
        await page.WaitForURLAsync("**" + pathBase + "/admin");
        return page;
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        Playwright.Dispose();
        await App.DisposeAsync();
    }
}
