using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Safety;
using NewMediaCms.Monitoring;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Monitoring;

/// <summary>The application behind a <see cref="TamperingProxy"/>; the monitor's public base URL is the proxy, its origin the app itself.</summary>
public sealed class MonitorApp : NmcAppFactory
{
    public TamperingProxy Proxy { get; private set; } = null!;

    /// <summary>When set before the first use: the safety check the title-stuffing signature asks.</summary>
    public ISafetyCheck? SafetyCheck { get; set; }

    public static async Task<MonitorApp> StartAsync(bool restore = false, int timeoutSeconds = 15, Action<MonitorApp>? configure = null)
    {
        var app = new MonitorApp();
        app.Proxy = await TamperingProxy.StartAsync(() => app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false }));
        app.Settings["Monitor:BaseUrl"] = app.Proxy.BaseUrl.ToString().TrimEnd('/');
        app.Settings["Monitor:Restore"] = restore ? "true" : "false";
        app.Settings["Monitor:TimeoutSeconds"] = timeoutSeconds.ToString();
        app.Settings["Monitor:Parallelism"] = "4";
        configure?.Invoke(app);
        _ = app.Server;
        return app;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            // The origin is the application itself: in the tests it answers in memory rather than on a socket.
            services.AddHttpClient(PageFetcher.OriginClient)
                .ConfigurePrimaryHttpMessageHandler(sp => ((TestServer)sp.GetRequiredService<IServer>()).CreateHandler());
            if (SafetyCheck is { } check)
            {
                services.AddSingleton(check);
            }
        });
    }

    public async Task<MonitorRunSummary> RunMonitorAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<PageMonitorJob>().RunOnceAsync(force: true, CancellationToken.None))!;
    }

    internal async Task<List<PageIncident>> IncidentsAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NmcDbContext>().Set<PageIncident>().AcrossTenants().AsNoTracking().ToListAsync();
    }

    internal async Task<List<MonitoredPage>> PagesAsync(string tenantId)
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NmcDbContext>().Set<MonitoredPage>().AcrossTenants().AsNoTracking()
            .Where(p => p.TenantId == tenantId && !p.Removed).ToListAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Proxy.DisposeAsync();
    }
}
