using System.Net;
using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Editorial;
using NewMediaCms.Jobs;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Web.Pages.Admin.Content;

namespace NewMediaCms.Tests.Publishing;

/// <summary>Scheduled publishing and expiry with a controlled clock: the job method is called the way Hangfire calls it.</summary>
public sealed class SchedulingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private readonly EditorialDesk _desk;

    public SchedulingTests()
    {
        _app.Clock = _clock;
        _desk = new EditorialDesk(_app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private DateTime At(double minutes) => Start.UtcDateTime.AddMinutes(minutes);

    private async Task FireAsync(long versionId, string tenant = "gaj")
    {
        await using var scope = _app.TenantScope(tenant);
        // What the schedule does for one version when its instant comes (the slot batch's per-version fallback).
        var publication = scope.ServiceProvider.GetRequiredService<PublicationService>();
        await publication.PublishDueAsync(versionId);
        await publication.ExpireDueAsync(versionId);
    }

    private async Task<ContentVersion> LatestAsync(string id) => (await _desk.VersionsAsync(id)).Single(v => v.Latest);

    private Task<EditorialResult> ScheduleAsync(string id, DateTime? publishAt, DateTime? unpublishAt = null)
        => _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, publishAt, unpublishAt));

    private Task<List<AuditEntry>> AuditAsync(string id, string action)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.SubjectId == id && e.Action == action).ToListAsync());

    private Task<List<PublicationSchedule>> RowsAsync(long versionId)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>().Set<PublicationSchedule>().AsNoTracking()
            .Where(s => s.VersionId == versionId).ToListAsync());

    [Fact]
    public async Task A_scheduled_notice_is_published_at_its_instant_and_not_a_second_before()
    {
        var id = await _desk.ApprovedAsync("定时通知");
        var version = await LatestAsync(id);
        Assert.True((await ScheduleAsync(id, At(60))).Ok);
        Assert.Equal(ReviewState.Scheduled, await _desk.StateAsync(id));

        _clock.SetUtcNow(Start.AddMinutes(60).AddSeconds(-1));
        await FireAsync(version.Id);
        Assert.Null(await _desk.PublicAsync(id));

        _clock.SetUtcNow(Start.AddMinutes(60));
        await FireAsync(version.Id);
        Assert.NotNull(await _desk.PublicAsync(id));
        Assert.Equal(At(60), (await LatestAsync(id)).PublishedUtc);
        var audit = Assert.Single(await AuditAsync(id, "content.published"));
        Assert.Equal(PublicationService.ScheduleActor, audit.Actor);
        Assert.StartsWith("定时发布", audit.Detail);
    }

    [Fact]
    public async Task A_notice_expires_at_its_unpublish_instant()
    {
        var id = await _desk.ApprovedAsync("到期通知");
        Assert.True((await ScheduleAsync(id, At(10), At(70))).Ok);
        var version = await LatestAsync(id);
        _clock.SetUtcNow(Start.AddMinutes(10));
        await FireAsync(version.Id);
        Assert.NotNull(await _desk.PublicAsync(id));

        _clock.SetUtcNow(Start.AddMinutes(70).AddSeconds(-1));
        await FireAsync(version.Id);
        Assert.NotNull(await _desk.PublicAsync(id));
        _clock.SetUtcNow(Start.AddMinutes(70));
        await FireAsync(version.Id);
        Assert.Null(await _desk.PublicAsync(id));
        Assert.Contains("到期下线", Assert.Single(await AuditAsync(id, "content.unpublished")).Detail);
    }

    [Fact]
    public async Task Scheduling_creates_the_hangfire_job_of_the_instants_second_and_a_row_per_version_and_kind()
    {
        var id = await _desk.ApprovedAsync();
        await ScheduleAsync(id, At(30), At(90));
        var version = await LatestAsync(id);
        var rows = await RowsAsync(version.Id);
        Assert.Equal([ScheduleKinds.Publish, ScheduleKinds.Unpublish], rows.Select(r => r.Kind).Order());
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var lead = new NewMediaCms.Publishing.PublishingOptions().SlotLead;
        foreach (var row in rows)
        {
            // The job of the row's slot: it fires every department's instants of that second, so it carries the slot,
            // not a department (it runs in a matrix scope and re-reads each version).
            var job = connection.GetJobData(row.JobId)!;
            Assert.Equal("Scheduled", job.State);
            Assert.Equal(typeof(PublishSlotJob), job.Job.Type);
            Assert.Equal(HangfirePublicationScheduler.SlotOf(row.DueUtc), (DateTime)job.Job.Args[0]);
            Assert.Null(TenantJobActivator.TenantOf(job.Job));
            var enqueueAt = connection.GetStateData(row.JobId)!.Data["EnqueueAt"];
            Assert.Equal(HangfirePublicationScheduler.SlotOf(row.DueUtc) - lead, JobHelper.DeserializeDateTime(enqueueAt));
        }
        Assert.Equal(At(30), rows.Single(r => r.Kind == ScheduleKinds.Publish).DueUtc);

        // Cancelling removes the rows; the slot's job is shared, stays, and finds nothing of this version to do.
        Assert.True((await ScheduleAsync(id, null, null)).Ok);
        Assert.Empty(await RowsAsync(version.Id));
        _clock.SetUtcNow(Start.AddMinutes(30));
        await using (var scope = _app.TenantScope(null))
        {
            await scope.ServiceProvider.GetRequiredService<PublishSlotJob>().RunAsync(HangfirePublicationScheduler.SlotOf(At(30)), CancellationToken.None);
        }
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task An_unpublish_time_before_the_publish_time_is_refused_in_chinese()
    {
        var id = await _desk.ApprovedAsync();
        var result = await ScheduleAsync(id, At(60), At(30));
        Assert.False(result.Ok);
        Assert.Contains("下线时间必须晚于发布时间", result.Message);
        Assert.Null((await LatestAsync(id)).PublishAtUtc);

        var draft = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("notice", "gaj-site", "标题", "正文", null, At(60), At(60))));
        Assert.False(draft.Ok);
        Assert.Contains("下线时间必须晚于发布时间", draft.Message);
    }

    [Fact]
    public async Task A_publish_time_in_the_past_publishes_at_once_when_approved()
    {
        _clock.SetUtcNow(Start.AddHours(2));
        var id = await _desk.ApprovedAsync();
        var result = await ScheduleAsync(id, At(30));
        Assert.True(result.Ok, result.Message);
        Assert.NotNull(await _desk.PublicAsync(id));

        var unapproved = await _desk.SubmittedAsync();
        Assert.True((await ScheduleAsync(unapproved, At(30))).Ok);
        Assert.Null(await _desk.PublicAsync(unapproved));
    }

    [Fact]
    public async Task Editing_a_scheduled_version_voids_its_approvals_tells_the_editor_and_the_schedule_fires_nothing_until_approved_again()
    {
        var id = await _desk.ApprovedAsync("原标题");
        await ScheduleAsync(id, At(60));
        var version = await LatestAsync(id);
        var saved = await _desk.DoAsync(s => s.SaveDraftAsync(People.Editor, id, new DraftInput(null, "gaj-site", "改过的标题", "正文", null, At(60)), version.Id, version.Revision));
        Assert.True(saved.Ok, saved.Message);
        Assert.Contains("作废", saved.Message);
        Assert.Contains("定时发布", saved.Message);
        Assert.Contains("不会发布", saved.Message);

        _clock.SetUtcNow(Start.AddMinutes(61));
        await FireAsync(version.Id);
        Assert.Null(await _desk.PublicAsync(id));

        // Approved again after the time: the schedule fires at once.
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            Assert.True((await _desk.DoAsync(s => s.ApproveAsync(reviewer, id))).Ok);
        }
        await FireAsync(version.Id);
        var published = await _desk.PublicAsync(id);
        Assert.Equal("改过的标题", published!.Title);
    }

    [Fact]
    public async Task A_version_rejected_after_scheduling_is_not_published_when_the_job_fires()
    {
        var id = await _desk.ApprovedAsync();
        await ScheduleAsync(id, At(5));
        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, id, "数据需核实"))).Ok);
        _clock.SetUtcNow(Start.AddMinutes(6));
        await FireAsync((await LatestAsync(id)).Id);
        Assert.Null(await _desk.PublicAsync(id));
        Assert.Empty(await AuditAsync(id, "content.published"));
    }

    [Fact]
    public async Task A_duplicated_job_publishes_once_even_when_both_copies_run_together()
    {
        var id = await _desk.ApprovedAsync();
        await ScheduleAsync(id, At(5));
        var version = await LatestAsync(id);
        _clock.SetUtcNow(Start.AddMinutes(5));
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            try
            {
                await FireAsync(version.Id);
            }
            catch (Exception e) when (e is DbUpdateException or InvalidOperationException)
            {
                // A copy that lost the race may fail; Hangfire would retry it, and the retry must change nothing.
            }
        })));
        await FireAsync(version.Id);
        Assert.Single(await AuditAsync(id, "content.published"));
        Assert.NotNull(await _desk.PublicAsync(id));
    }

    [Fact]
    public async Task The_reconciler_recreates_a_deleted_job_and_counts_it()
    {
        var id = await _desk.ApprovedAsync();
        await ScheduleAsync(id, At(30));
        var version = await LatestAsync(id);
        var before = Assert.Single(await RowsAsync(version.Id));
        _app.Services.GetRequiredService<IBackgroundJobClient>().Delete(before.JobId);

        await using (var scope = _app.TenantScope(null))
        {
            var report = await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync();
            Assert.Equal(new ReconcileReport(0, 0, 1), report);
        }
        var after = Assert.Single(await RowsAsync(version.Id));
        Assert.NotEqual(before.JobId, after.JobId);
        Assert.True(HangfirePublicationScheduler.JobIsPending(_app.Services.GetRequiredService<JobStorage>(), after.JobId));
        await using (var scope = _app.TenantScope(null))
        {
            var misses = await scope.ServiceProvider.GetRequiredService<ScheduleCalendar>().MissesAsync(acrossTenants: true);
            Assert.Equal(1, misses.MissingJobs);
            // A second pass finds nothing to do.
            Assert.Equal(new ReconcileReport(0, 0, 0), await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync());
        }
    }

    [Fact]
    public void Times_entered_in_the_department_zone_are_stored_in_utc()
    {
        var shanghai = new NewMediaCms.Core.Tenancy.TenantInfo("gaj", "公安局", "gaj", [], null, NewMediaCms.Core.Tenancy.TenantState.Running, "matrix", false, "Asia/Shanghai");
        Assert.Equal(new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), AdminTime.ToUtc(new DateTime(2026, 12, 1, 9, 0, 0), shanghai));
        Assert.Equal("2026-12-01T09:00", AdminTime.Input(new DateTime(2026, 12, 1, 1, 0, 0, DateTimeKind.Utc), shanghai));
    }
}
