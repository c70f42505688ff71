using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Publishing;

/// <summary>Restarts and a real Hangfire server: the schedule survives the process.</summary>
public sealed class ScheduleRestartTests : IDisposable
{
    private readonly string _appData = Path.Combine(Path.GetTempPath(), "nmc-sched-" + Guid.NewGuid().ToString("N")[..12]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(_appData, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private NmcAppFactory App(TimeProvider? clock, bool runServer)
    {
        var app = NmcAppFactory.Create();
        app.Clock = clock;
        app.Settings["Store:AppDataPath"] = _appData;
        app.Settings["Jobs:Storage"] = "Sqlite";
        app.Settings["Jobs:RunServer"] = runServer ? "true" : "false";
        return app;
    }

    [Fact]
    public async Task After_a_restart_past_the_due_time_the_reconciler_publishes_the_overdue_notice_and_counts_the_miss()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        string id;
        await using (var first = App(new FakeTimeProvider(start), runServer: false))
        {
            var desk = new EditorialDesk(first);
            id = await desk.ApprovedAsync("重启前定时");
            Assert.True((await desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, start.UtcDateTime.AddMinutes(30), null))).Ok);
            Assert.Null(await desk.PublicAsync(id));
        }

        // The process was down across the due time; it comes back two hours later.
        await using var second = App(new FakeTimeProvider(start.AddHours(2)), runServer: false);
        var again = new EditorialDesk(second);
        Assert.Null(await again.PublicAsync(id));
        await using (var scope = second.TenantScope(null))
        {
            var report = await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync();
            Assert.Equal(1, report.Published);
            var misses = await scope.ServiceProvider.GetRequiredService<ScheduleCalendar>().MissesAsync(acrossTenants: true);
            Assert.Equal(1, misses.Publish);
        }
        Assert.NotNull(await again.PublicAsync(id));
        var audit = await again.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.SubjectId == id && e.Action == "content.published"));
        Assert.Contains("补发", audit.Detail);
    }

    [Fact]
    public async Task Where_jobs_run_the_start_up_catch_up_publishes_what_fell_due_while_the_process_was_down_without_being_asked()
    {
        var start = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
        string id;
        await using (var first = App(new FakeTimeProvider(start), runServer: false))
        {
            var desk = new EditorialDesk(first);
            id = await desk.ApprovedAsync("宕机期间到期");
            Assert.True((await desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, start.UtcDateTime.AddSeconds(30), null))).Ok);
        }

        // Back one minute later, with a Hangfire server: nobody calls the reconciler, the start-up catch-up does.
        await using var second = App(new FakeTimeProvider(start.AddMinutes(1)), runServer: true);
        var again = new EditorialDesk(second);
        PublishedItem? published = null;
        for (var i = 0; i < 600 && published is null; i++)
        {
            await Task.Delay(100);
            published = await again.PublicAsync(id);
        }
        Assert.NotNull(published);
        await using var scope = second.TenantScope(null);
        Assert.Equal(1, (await scope.ServiceProvider.GetRequiredService<ScheduleCalendar>().MissesAsync(acrossTenants: true)).Publish);
    }

    [Fact]
    public async Task With_a_real_hangfire_server_a_notice_scheduled_seconds_ahead_becomes_public_on_its_page_in_its_department()
    {
        await using var app = App(null, runServer: true);
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("三秒后发布");
        var due = DateTime.UtcNow.AddSeconds(3);
        Assert.True((await desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, due, null))).Ok);
        var client = app.Client();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/gaj/notices/{id}")).StatusCode);

        HttpResponseMessage? page = null;
        for (var i = 0; i < 600 && page?.StatusCode != HttpStatusCode.OK; i++)
        {
            await Task.Delay(100);
            page = await client.GetAsync($"/gaj/notices/{id}");
        }
        Assert.Equal(HttpStatusCode.OK, page!.StatusCode);
        Assert.Contains("三秒后发布", await page.Content.ReadAsStringAsync());
        var version = (await desk.VersionsAsync(id)).Single(v => v.Latest);
        Assert.True(version.PublishedUtc >= due, "发布不能早于计划时间");
        // The job ran in the department's context: the wjw department cannot see it.
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/wjw/notices/{id}")).StatusCode);
    }
}
