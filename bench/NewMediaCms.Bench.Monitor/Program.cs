using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Monitoring;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Monitoring;

// Page monitor benchmark (not a test). The whole application on Kestrel (SQLite, embedded default) with N published
// notices bulk-loaded into the store after the test recipe, behind a reverse proxy on a real socket (TamperingProxy: Kestrel, forwards every
// request, adds CDN headers); the monitor fetches every page through the proxy as browser and as Baiduspider.
// 1. the first run seals every page (origin render) and checks it; 2. a full check of every page (steady state);
// 3. a hidden link is injected into one notice (a poisoned proxy copy) and the recurring job runs on its schedule (a tick
// every minute, pages due after --interval minutes): time from injection to the incident and to the verified restore.
// Usage: dotnet run -c Release --project bench/NewMediaCms.Bench.Monitor -- [--pages 10000] [--interval 2] [--parallelism 8]
namespace NewMediaCms.Bench.Monitor;

public static class MonitorBench
{
    public static async Task Main(string[] args)
    {
        var pages = Arg(args, "--pages", 10_000);
        var interval = Arg(args, "--interval", 2);
        var parallelism = Arg(args, "--parallelism", 8);
        Console.WriteLine($"# Page monitor benchmark: {pages:N0} notices, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Trim()}");

        // WebApplicationFactory finds the host's content root by this variable outside a test project.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_NEWMEDIACMS_WEB", Path.Combine(TestPaths.RepoRoot, "src", "NewMediaCms.Web"));
        var sw = Stopwatch.StartNew();
        await using var app = NmcAppFactory.Create(recipe: Path.Combine(TestPaths.RepoRoot, "tests", "NewMediaCms.Tests", "Recipes", "test-county.recipe.json"));
        TamperingProxy? proxy = null;
        proxy = await TamperingProxy.StartAsync(() => new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, MaxConnectionsPerServer = 64 }) { BaseAddress = new Uri(BaseUrl(app)) });
        app.Settings["Monitor:BaseUrl"] = proxy.BaseUrl.ToString().TrimEnd('/');
        app.Settings["Monitor:Restore"] = "true";
        app.Settings["Monitor:IntervalMinutes"] = interval.ToString();
        app.Settings["Monitor:Parallelism"] = parallelism.ToString();
        app.Settings["Monitor:LinkCheckHours"] = "168";
        app.Settings["Logging:LogLevel:Default"] = "Warning";
        app.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        app.StartServer();
        var started = sw.Elapsed;
        await SeedAsync(app, pages);
        Console.WriteLine($"- application (test recipe) started in {started.TotalSeconds:F1} s; origin {BaseUrl(app)}, proxy {proxy.BaseUrl}; {pages:N0} published notices bulk-loaded in {(sw.Elapsed - started).TotalSeconds:F1} s (rendered with the app's Markdown renderer, inserted in batches of 500, no seals yet)");

        async Task<MonitorRunSummary> Run(bool force)
        {
            await using var scope = app.Services.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<PageMonitorJob>().RunOnceAsync(force, CancellationToken.None))!;
        }

        var first = await Run(force: true);
        Console.WriteLine($"- first run (seal + check): {first.Checked:N0} pages in {first.Elapsed.TotalSeconds:F1} s ({first.Checked / first.Elapsed.TotalSeconds:F0} pages/s): clean {first.Clean}, incidents {first.Incidents}, could not check {first.CouldNotCheck}; links checked {first.LinksChecked}, broken {first.BrokenLinks}");
        var full = await Run(force: true);
        Console.WriteLine($"- full check of every page: {full.Checked:N0} pages in {full.Elapsed.TotalSeconds:F1} s ({full.Checked / full.Elapsed.TotalSeconds:F0} pages/s, 2 fetches each): clean {full.Clean}, incidents {full.Incidents}, could not check {full.CouldNotCheck}");

        // 3. Injection into one notice's copy at the proxy, then the job on its schedule.
        var target = "/gaj/notices/bench-00042";
        using (var http = new HttpClient())
        {
            var real = await http.GetStringAsync(new Uri(proxy.BaseUrl, target));
            proxy.Poisoned[target] = real.Replace("</h1>", "</h1><div style=\"position:absolute;left:-9999px\"><a href=\"http://casino.example/\">娱乐城</a></div>");
        }
        var injected = Stopwatch.StartNew();
        TimeSpan? detected = null, restored = null;
        var ticks = 0;
        while (injected.Elapsed < TimeSpan.FromMinutes(10) && restored is null)
        {
            var tickStart = injected.Elapsed;
            var run = await Run(force: false);
            ticks++;
            await using (var scope = app.Services.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
                var incident = await db.Set<PageIncident>().AcrossTenants().AsNoTracking().Where(i => i.Url.EndsWith(target)).OrderBy(i => i.OpenedUtc).FirstOrDefaultAsync();
                if (incident is not null)
                {
                    detected ??= injected.Elapsed;
                    if (incident.RestoreState == "restored")
                    {
                        restored = injected.Elapsed;
                    }
                }
            }
            Console.WriteLine($"  tick {ticks} at {tickStart.TotalSeconds:F0} s: checked {run.Checked} in {run.Elapsed.TotalSeconds:F1} s, incidents {run.Incidents}");
            // The recurring job ticks every minute (cron "* * * * *"); a run longer than that is followed by the next at once.
            var wait = TimeSpan.FromMinutes(1) - (injected.Elapsed - tickStart);
            if (restored is null && wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
        }
        Console.WriteLine(detected is null
            ? "- injected hidden link NOT detected within 10 minutes"
            : $"- injected hidden link (off-screen) detected {detected.Value.TotalSeconds:F0} s after injection; restored (PURGE + re-render) and re-checked clean at {restored?.TotalSeconds.ToString("F0") ?? "—"} s (interval {interval} min)");
        Console.WriteLine($"- proxy PURGE requests: {proxy.Purges.Count}");
        await proxy.DisposeAsync();


    }

    /// <summary>
    /// N published notices in gaj and wjw, inserted as the store holds them (item, published version with its rendered
    /// HTML, excerpt and hash) without the publication events: the first monitor run seals each page from the origin.
    /// </summary>
    static async Task SeedAsync(NmcAppFactory app, int pages)
    {
        string[] tenants = ["gaj", "wjw"];
        var now = DateTime.UtcNow;
        for (var from = 0; from < pages; from += 500)
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var markdown = scope.ServiceProvider.GetRequiredService<NewMediaCms.Content.Markdown.MarkdownRenderer>();
            using var matrix = scope.ServiceProvider.GetRequiredService<NewMediaCms.Core.Tenancy.ITenantContext>().BeginMatrixScope();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            for (var i = from; i < Math.Min(pages, from + 500); i++)
            {
                var tenant = tenants[i % tenants.Length];
                var title = $"关于做好第 {i} 批惠民政策落实工作的通知";
                var body = $"## 工作要求\n\n各单位要按照县政府部署，认真做好第 {i} 批政策的宣传解读和落实工作，确保政策惠及群众。\n\n[政策原文](https://www.gov.cn/zhengce/)\n\n联系电话：0571-12345678。";
                var rendered = markdown.Render(body);
                var published = now.AddDays(-(1 + i % 300)).Date.AddHours(1);
                db.Add(new NewMediaCms.Content.ContentItem
                {
                    Id = $"bench-{i:D5}", TenantId = tenant, ContentType = "notice", AccountId = tenant + "-site", Owner = "bench", CreatedUtc = published,
                    Versions =
                    [
                        new NewMediaCms.Content.ContentVersion
                        {
                            ContentItemId = $"bench-{i:D5}", TenantId = tenant, Number = 1, Latest = true, Published = true, Title = title, Markdown = body,
                            RenderedHtml = rendered.Html, Summary = NewMediaCms.Content.Markdown.MarkdownRenderer.Excerpt(rendered.PlainText, 200),
                            ContentHash = NewMediaCms.Content.ContentHash.Compute(title, body, "{}"), PublishedUtc = published, CreatedUtc = published,
                            Author = "bench", Revision = 1,
                        },
                    ],
                });
            }
            db.ChangeTracker.DetectChanges();
            await db.SaveChangesAsync();
        }
        app.Services.GetRequiredService<NewMediaCms.PublicSite.PublicReadModel>().InvalidateAll();
    }

    static string BaseUrl(NmcAppFactory app)
        => app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');

    static int Arg(string[] args, string name, int fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length && int.TryParse(args[i + 1], out var v) ? v : fallback;
    }
}
