using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Editorial;
using NewMediaCms.Interaction;
using NewMediaCms.Notifications;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Notifications;

/// <summary>Each editorial and interaction event sends its notice to the right people, and to nobody else (not across departments).</summary>
public sealed class NotificationRecipientTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _clock = new(Start);
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private readonly EditorialDesk _desk;

    public NotificationRecipientTests()
    {
        _app.Clock = _clock;
        _desk = new EditorialDesk(_app);
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>Who received a notice of <paramref name="kind"/> whose title names <paramref name="title"/>.</summary>
    private Task<List<string>> RecipientsAsync(string kind, string title)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>().Set<Notification>().AsNoTracking()
            .Where(n => n.Kind == kind && n.Title.Contains(title)).OrderBy(n => n.UserName).Select(n => n.UserName).ToListAsync());

    [Fact]
    public async Task Submitting_notifies_the_reviewers_of_the_first_level_in_the_department_and_nobody_else()
    {
        await _desk.SubmittedAsync("提交提醒通知");

        Assert.Equal(["gaj.reviewer1", "gaj.reviewer2", "gaj.reviewer3"], await RecipientsAsync("content.submitted", "提交提醒通知"));
        // wjw.reviewer1 holds the same role in another department; the editor wrote it; neither is told.
    }

    [Fact]
    public async Task Approving_a_level_notifies_those_who_may_approve_the_next_level_not_the_one_who_approved()
    {
        var id = await _desk.SubmittedAsync("逐级提醒通知");
        Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);

        // The ReviewChain's rule: one person approves one level only, so reviewer1 may not take the second.
        Assert.Equal(["gaj.reviewer2", "gaj.reviewer3"], await RecipientsAsync("content.review-due", "逐级提醒通知"));

        Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer2, id))).Ok);
        Assert.Equal(["gaj.reviewer2", "gaj.reviewer3", "gaj.reviewer3"], await RecipientsAsync("content.review-due", "逐级提醒通知"));
    }

    [Fact]
    public async Task Full_approval_tells_the_author_and_publication_tells_the_author_again()
    {
        var id = await _desk.ApprovedAsync("通过提醒通知");
        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.approved", "通过提醒通知"));
        Assert.Empty(await RecipientsAsync("content.review-due", "通过提醒通知（不存在）"));

        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Reviewer3, id))).Ok);
        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.published", "通过提醒通知"));
    }

    [Fact]
    public async Task The_editor_who_publishes_their_own_item_is_not_told_of_their_own_action()
    {
        var id = await _desk.ApprovedAsync("自己发布通知");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        Assert.Empty(await RecipientsAsync("content.published", "自己发布通知"));
    }

    [Fact]
    public async Task Rejection_tells_the_writers_with_the_comment_and_not_the_reviewers()
    {
        var id = await _desk.SubmittedAsync("退回提醒通知");
        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, id, "标题有错别字"))).Ok);

        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.rejected", "退回提醒通知"));
        var body = await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>().Set<Notification>().AsNoTracking()
            .Where(n => n.Kind == "content.rejected" && n.Title.Contains("退回提醒通知")).Select(n => n.Body).SingleAsync());
        Assert.Contains("标题有错别字", body);
    }

    [Fact]
    public async Task Expiry_by_the_schedule_tells_the_author_that_the_item_went_offline()
    {
        var id = await _desk.ApprovedAsync("到期提醒通知");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Reviewer3, id))).Ok);
        Assert.True((await _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, null, Start.UtcDateTime.AddMinutes(10)))).Ok);
        Assert.Empty(await RecipientsAsync("content.expired", "到期提醒通知"));

        _clock.Advance(TimeSpan.FromMinutes(11));
        var versionId = (await _desk.VersionsAsync(id)).Single(v => v.Published).Id;
        await _desk.InAsync("gaj", async sp => await sp.GetRequiredService<PublicationService>().ExpireDueAsync(versionId));

        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.expired", "到期提醒通知"));
    }

    [Fact]
    public async Task An_item_near_its_unpublish_time_tells_its_writer_once_and_again_when_the_time_changes()
    {
        var id = await _desk.ApprovedAsync("临近下线提醒通知");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Reviewer3, id))).Ok);
        var far = await _desk.ApprovedAsync("远期下线提醒通知");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Reviewer3, far))).Ok);
        Assert.True((await _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, null, Start.UtcDateTime.AddDays(2)))).Ok);
        Assert.True((await _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, far, null, Start.UtcDateTime.AddDays(10)))).Ok);
        Task<int> RunAsync() => _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Publishing.Schedules.ExpiringSoonNotices>().NotifyAsync());

        await RunAsync();
        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.expiring", "临近下线提醒通知"));
        Assert.Empty(await RecipientsAsync("content.expiring", "远期下线提醒通知"));

        // The next hourly run says nothing new; a changed unpublish time within the window is told again.
        _clock.Advance(TimeSpan.FromHours(1));
        await RunAsync();
        Assert.Single(await RecipientsAsync("content.expiring", "临近下线提醒通知"));
        Assert.True((await _desk.DoAsync(s => s.SetScheduleAsync(People.Editor, id, null, Start.UtcDateTime.AddDays(1)))).Ok);
        await RunAsync();
        Assert.Equal(["gaj.editor", "gaj.editor"], await RecipientsAsync("content.expiring", "临近下线提醒通知"));

        // Seven days on, the far one enters the three-day window.
        _clock.Advance(TimeSpan.FromDays(7));
        await RunAsync();
        Assert.Equal(["gaj.editor"], await RecipientsAsync("content.expiring", "远期下线提醒通知"));
    }

    [Fact]
    public async Task A_citizen_message_tells_the_department_admins_and_editors_who_answer_it_and_no_other_department()
    {
        var result = await _desk.InAsync("gaj", sp => sp.GetRequiredService<MessageService>()
            .SubmitAsync(new MessageInput(null, "张三", "13800000000", "路灯不亮留言", "东街路灯坏了三天。", null), CancellationToken.None));
        Assert.True(result.Ok, string.Join(" ", result.Errors.Values));

        Assert.Equal(["gaj.admin", "gaj.editor", "gaj.editor2"], await RecipientsAsync("message.received", "路灯不亮留言"));
    }
}
