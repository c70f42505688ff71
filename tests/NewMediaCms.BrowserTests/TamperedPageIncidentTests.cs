using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Monitoring;
using NewMediaCms.Tests.Monitoring;

namespace NewMediaCms.BrowserTests;

/// <summary>
/// A tampered copy of a published notice is served by a proxy in front of the site; the monitor's incident appears in the
/// department admin's 页面监测 with its evidence (screenshot, diff, fetched HTML), and is marked handled with a note.
/// </summary>
public sealed class TamperedPageIncidentTests : IAsyncLifetime
{
    private readonly BrowserApp _site = new();
    private TamperingProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _proxy = await TamperingProxy.StartAsync(() => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(_site.BaseUrl) });
        _site.App.Settings["Monitor:BaseUrl"] = _proxy.BaseUrl.ToString().TrimEnd('/');
        _site.App.Settings["Monitor:Restore"] = "false";
        await _site.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        await _proxy.DisposeAsync();
    }

    private async Task RunMonitorAsync()
    {
        await using var scope = _site.App.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PageMonitorJob>().RunOnceAsync(force: true, CancellationToken.None);
    }

    [Fact]
    public async Task A_tampered_copy_served_by_the_proxy_appears_as_an_incident_with_its_evidence_and_is_handled_with_a_note()
    {
        await RunMonitorAsync();
        var admin = await _site.SignedInAsync("gaj.admin");
        await admin.GotoAsync("/gaj/admin/monitor");
        await BrowserApp.ScreenshotAsync(admin, "monitor/before");
        await Assertions.Expect(admin.Locator("#no-incidents")).ToBeVisibleAsync();

        // The proxy now serves every gaj notice with a hidden casino link and a stuffed line.
        _proxy.Rewrite = (path, _, html) => path.StartsWith("/gaj/notices/", StringComparison.Ordinal)
            ? html.Replace("</h1>", "</h1><p style=\"color:red\">澳门娱乐城欢迎您</p><div style=\"display:none\"><a href=\"http://casino.example/\">娱乐城</a></div>")
            : html;
        await RunMonitorAsync();

        await admin.GotoAsync("/gaj/admin/monitor");
        await Assertions.Expect(admin.Locator("#incidents")).ToContainTextAsync("隐藏链接（暗链）");
        await Assertions.Expect(admin.Locator("#incidents")).ToContainTextAsync("页面被篡改");
        await BrowserApp.ScreenshotAsync(admin, "monitor/incidents");
        await admin.Locator("#incidents a", new() { HasTextString = "页面被篡改" }).First.ClickAsync();
        await Assertions.Expect(admin.Locator("#findings")).ToContainTextAsync("未经审核的链接");
        await Assertions.Expect(admin.Locator("#diff-text")).ToContainTextAsync("+ 澳门娱乐城欢迎您");
        await Assertions.Expect(admin.Locator("#fetched-html")).ToContainTextAsync("casino.example");
        var shot = admin.Locator("#screenshot");
        await Assertions.Expect(shot).ToBeVisibleAsync();
        Assert.True(await shot.EvaluateAsync<int>("img => img.naturalWidth") > 100, "截图应已加载");
        await BrowserApp.ScreenshotAsync(admin, "monitor/incident-detail");

        // A note is required; with one, the incident is handled.
        await admin.Locator("#mark-handled").ClickAsync();
        await Assertions.Expect(admin.Locator("#note-error")).ToContainTextAsync("请填写处理说明");
        await admin.Locator("#note").FillAsync("已联系 CDN 服务商清除被篡改的缓存");
        await admin.Locator("#mark-handled").ClickAsync();
        await Assertions.Expect(admin.Locator("#incident-state")).ToContainTextAsync("已处理（gaj.admin");
        await BrowserApp.ScreenshotAsync(admin, "monitor/incident-handled");
    }
}
