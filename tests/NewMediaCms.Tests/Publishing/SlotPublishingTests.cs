using Hangfire;
using Hangfire.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Publishing;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Publishing;

/// <summary>One Hangfire job per due second: the slot job publishes every department's due notices in batches, and only those.</summary>
public sealed class SlotPublishingTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private readonly EditorialDesk _desk;

    public SlotPublishingTests()
    {
        _app.Clock = _clock;
        // Small batches, so that a handful of notices already takes several transactions.
        _app.Settings["Publishing:BatchSize"] = "2";
        _desk = new EditorialDesk(_app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private DateTime At(double minutes) => Start.UtcDateTime.AddMinutes(minutes);

    private Task<EditorialResult> ScheduleAsync(string id, DateTime? publishAt, string tenant = "gaj", EditorialActor? by = null)
        => _desk.DoAsync(s => s.SetScheduleAsync(by ?? People.Editor, id, publishAt, null), tenant);

    private async Task RunSlotAsync(DateTime due)
    {
        await using var scope = _app.TenantScope(null);
        await scope.ServiceProvider.GetRequiredService<PublishSlotJob>().RunAsync(HangfirePublicationScheduler.SlotOf(due), CancellationToken.None);
    }

    private Task<List<AuditEntry>> PublishedAuditAsync(string id)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.SubjectId == id && e.Action == "content.published").ToListAsync());

    private Task<List<PublicationSchedule>> RowsAsync(params string[] ids)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<PublicationSchedule>().AcrossTenants().AsNoTracking()
            .Where(s => ids.Contains(s.ContentItemId)).ToListAsync());

    /// <summary>An approved notice in the 卫健委 (one-level chain there), to show the slot crosses departments.</summary>
    private async Task<string> ApprovedInWjwAsync(string title)
    {
        var admin = EditorialActor.Of("wjw.admin", "wjw", Roles.DepartmentAdmin);
        var chain = await _desk.InAsync("wjw", sp => sp.GetRequiredService<ReviewChainService>().SaveAsync(admin, [new ReviewLevel(1, "审核", Roles.Reviewer, [])]));
        Assert.True(chain.Ok, chain.Message);
        var created = await _desk.DoAsync(s => s.CreateDraftAsync(People.WjwEditor, new DraftInput("notice", "wjw-site", title, "正文", null)), "wjw");
        Assert.True(created.Ok, created.Message);
        var id = created.ItemId!;
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.WjwEditor, id), "wjw")).Ok);
        var approved = await _desk.DoAsync(s => s.ApproveAsync(People.WjwReviewer, id), "wjw");
        Assert.True(approved.Ok, approved.Message);
        return id;
    }

    [Fact]
    public async Task Concurrent_schedulers_ensuring_the_same_missing_row_all_succeed_and_leave_one_row()
    {
        var a = await _desk.ApprovedAsync("并发补建");
        Assert.True((await ScheduleAsync(a, At(30))).Ok);
        var versionId = (await RowsAsync(a)).Single().VersionId;
        // The row goes missing (as the reconciler finds it), and several writers repair it at the same moment.
        await _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<PublicationSchedule>().AcrossTenants()
            .Where(r => r.VersionId == versionId).ExecuteDeleteAsync());
        var writers = Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            await using var scope = _app.TenantScope("gaj");
            await scope.ServiceProvider.GetRequiredService<HangfirePublicationScheduler>().ScheduleChangedAsync("gaj", versionId, CancellationToken.None);
        }));
        await Task.WhenAll(writers);

        var rows = await RowsAsync(a);
        Assert.Equal(At(30), Assert.Single(rows, r => r.Kind == ScheduleKinds.Publish).DueUtc);
    }

    [Fact]
    public async Task Notices_due_in_the_same_second_share_one_hangfire_job_started_the_lead_before_the_slot()
    {
        var a = await _desk.ApprovedAsync("同一秒 A");
        var b = await _desk.ApprovedAsync("同一秒 B");
        var c = await _desk.ApprovedAsync("下一秒 C");
        var second = At(30).AddMilliseconds(1);
        Assert.True((await ScheduleAsync(a, second)).Ok);
        Assert.True((await ScheduleAsync(b, At(30).AddMilliseconds(1000))).Ok);
        Assert.True((await ScheduleAsync(c, At(30).AddMilliseconds(1001))).Ok);

        var rows = await RowsAsync(a, b, c);
        Assert.Equal(3, rows.Count);
        var shared = rows.Single(r => r.ContentItemId == a).JobId;
        Assert.Equal(shared, rows.Single(r => r.ContentItemId == b).JobId);
        Assert.NotEqual(shared, rows.Single(r => r.ContentItemId == c).JobId);

        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        var job = connection.GetJobData(shared)!;
        Assert.Equal("Scheduled", job.State);
        Assert.Equal(typeof(PublishSlotJob), job.Job.Type);
        Assert.Equal(At(30).AddSeconds(1), (DateTime)job.Job.Args[0]);
        Assert.Null(NewMediaCms.Jobs.TenantJobActivator.TenantOf(job.Job));
        var enqueueAt = JobHelper.DeserializeDateTime(connection.GetStateData(shared)!.Data["EnqueueAt"]);
        Assert.Equal(At(30).AddSeconds(1) - new PublishingOptions().SlotLead, enqueueAt);
    }

    [Fact]
    public async Task A_slot_job_publishes_the_due_approved_notices_of_every_department_and_skips_edited_unapproved_and_later_ones()
    {
        var due = At(10);
        var ready = await _desk.ApprovedAsync("到时发布");
        var edited = await _desk.ApprovedAsync("排期后被修改");
        var unapproved = await _desk.SubmittedAsync("尚未审完");
        var later = await _desk.ApprovedAsync("下一秒才到");
        var other = await ApprovedInWjwAsync("卫健委到时发布");
        foreach (var id in new[] { ready, edited, unapproved })
        {
            Assert.True((await ScheduleAsync(id, due)).Ok);
        }
        Assert.True((await ScheduleAsync(later, due.AddSeconds(1))).Ok);
        Assert.True((await ScheduleAsync(other, due, "wjw", People.WjwEditor)).Ok);
        Assert.True((await _desk.SaveAsync(edited, "改过的标题", "改过的正文")).Ok);

        _clock.SetUtcNow(new DateTimeOffset(due.AddSeconds(1)));
        await RunSlotAsync(due);

        Assert.NotNull(await _desk.PublicAsync(ready));
        Assert.NotNull(await _desk.PublicAsync(other, "wjw"));
        Assert.Null(await _desk.PublicAsync(edited));
        Assert.Null(await _desk.PublicAsync(unapproved));
        Assert.Null(await _desk.PublicAsync(later));

        var audit = Assert.Single(await PublishedAuditAsync(ready));
        Assert.Equal(PublicationService.ScheduleActor, audit.Actor);
        Assert.Equal("gaj", audit.TenantId);
        Assert.StartsWith("定时发布（2026-12-01 08:10:00）", audit.Detail);
        var wjwAudit = await _desk.InAsync("wjw", sp => sp.GetRequiredService<NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.SubjectId == other && e.Action == "content.published"));
        Assert.Equal("wjw", wjwAudit.TenantId);
        Assert.Empty(await PublishedAuditAsync(edited));
        Assert.Equal(ReviewState.Published, await _desk.StateAsync(ready));

        // The publication went into the search outbox in its department, once.
        var outbox = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<SearchOutboxEntry>().AcrossTenants().AsNoTracking()
            .Where(o => o.ContentItemId == ready || o.ContentItemId == other).Select(o => new { o.ContentItemId, o.TenantId, o.Reason }).ToListAsync());
        Assert.Equal(2, outbox.Count);
        Assert.Contains(outbox, o => o.ContentItemId == other && o.TenantId == "wjw" && o.Reason == "published");

        // The audit chain is still intact after a batch appended entries of two departments in one save.
        var verify = await _desk.InAsync("gaj", sp => sp.GetRequiredService<AuditVerifier>().VerifyAsync());
        Assert.True(verify.Valid, string.Join("; ", verify.Problems));
    }

    [Fact]
    public async Task A_duplicated_slot_job_changes_nothing_even_when_the_copies_run_together()
    {
        var due = At(5);
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await _desk.ApprovedAsync($"重复时隙 {i}");
            Assert.True((await ScheduleAsync(id, due)).Ok);
            ids.Add(id);
        }
        _clock.SetUtcNow(new DateTimeOffset(due));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => Task.Run(() => RunSlotAsync(due))));
        await RunSlotAsync(due);
        foreach (var id in ids)
        {
            Assert.Single(await PublishedAuditAsync(id));
            Assert.NotNull(await _desk.PublicAsync(id));
        }
    }

    [Fact]
    public async Task The_reconciler_publishes_overdue_notices_in_batches_and_counts_every_miss()
    {
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var id = await _desk.ApprovedAsync($"逾期 {i}");
            Assert.True((await ScheduleAsync(id, At(1))).Ok);
            ids.Add(id);
        }
        _clock.SetUtcNow(Start.AddMinutes(10));
        await using (var scope = _app.TenantScope(null))
        {
            var report = await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync();
            Assert.Equal(new ReconcileReport(5, 0, 0), report);
            Assert.Equal(5, (await scope.ServiceProvider.GetRequiredService<ScheduleCalendar>().MissesAsync(acrossTenants: true)).Publish);
            Assert.Equal(new ReconcileReport(0, 0, 0), await scope.ServiceProvider.GetRequiredService<ScheduleReconciler>().ReconcileAsync());
        }
        foreach (var id in ids)
        {
            Assert.Contains("补发", Assert.Single(await PublishedAuditAsync(id)).Detail);
        }
    }

    [Fact]
    public async Task A_slot_job_expires_the_notices_whose_unpublish_time_falls_in_its_second()
    {
        var id = await _desk.ApprovedAsync("到期下线");
        Assert.True((await _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, At(1), At(20)))).Ok);
        _clock.SetUtcNow(new DateTimeOffset(At(1)));
        await RunSlotAsync(At(1));
        Assert.NotNull(await _desk.PublicAsync(id));
        _clock.SetUtcNow(new DateTimeOffset(At(20)));
        await RunSlotAsync(At(20));
        Assert.Null(await _desk.PublicAsync(id));
        var audit = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .SingleAsync(e => e.SubjectId == id && e.Action == "content.unpublished"));
        Assert.Contains("到期下线", audit.Detail);
    }

    [Fact]
    public void The_reconciler_runs_on_the_critical_queue()
    {
        var method = typeof(ScheduleReconciler).GetMethod(nameof(ScheduleReconciler.RunAsync))!;
        var queue = (QueueAttribute)Attribute.GetCustomAttribute(method, typeof(QueueAttribute))!;
        Assert.Equal("critical", queue.Queue);
    }
}
