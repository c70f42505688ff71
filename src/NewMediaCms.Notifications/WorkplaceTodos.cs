using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Interaction;

namespace NewMediaCms.Notifications;

/// <summary>The numbers of the navigation and the to-do page (我的待办).</summary>
public sealed record TodoCounts(int AwaitingMyReview, int Rejected, int RectificationsDueSoon, int OpenMessages, int UnreadNotifications, int OpenSubmissions = 0)
{
    public int Total => AwaitingMyReview + Rejected + RectificationsDueSoon + OpenMessages + OpenSubmissions;
}

/// <summary>A rectification notice still to answer, with its deadline and the days left (negative: overdue).</summary>
public sealed record RectificationTodo(long Id, string Subject, string RuleId, DateOnly Deadline, int DaysLeft, string State);

/// <summary>An open citizen message with its reply deadline in working days (答复期限, NM-D10).</summary>
public sealed record MessageTodo(long Id, string Subject, DateTime ReceivedUtc, DateOnly Due, string Overdue);

/// <summary>
/// What waits for the signed-in person in the current department, each through its capability's service: review
/// (<see cref="EditorialQueries"/>, whose rule is <see cref="ReviewChain.MayApprove"/>), rectification notices
/// (<see cref="InspectionReports"/>), citizen messages (<see cref="MessageService"/> and <see cref="ReplyDeadlines"/>),
/// the bell (<see cref="NotificationInbox"/>). Computed once per request: the layout and the page share the answer.
/// </summary>
public sealed class WorkplaceTodos(EditorialQueries editorial, InspectionReports inspection, MessageService messages, ReplyDeadlines deadlines,
    NotificationInbox inbox, ITenantContext tenant, TimeProvider clock, SubmissionQueries submissions)
{
    /// <summary>A rectification deadline within this many days counts as due soon (即将到期).</summary>
    public const int RectificationDueSoonDays = 7;

    private Task<List<WorkItem>>? _awaiting;
    private Task<List<WorkItem>>? _rejected;
    private Task<List<RectificationTodo>>? _rectifications;
    private Task<(List<MessageTodo> Items, int Total)>? _messages;
    private Task<TodoCounts>? _counts;
    private Task<List<SubmissionView>>? _submissions;

    public Task<TodoCounts> CountsAsync(EditorialActor actor, CancellationToken ct = default) => _counts ??= Count(actor, ct);

    private async Task<TodoCounts> Count(EditorialActor actor, CancellationToken ct)
        => new((await AwaitingMyReviewAsync(actor, ct)).Count, (await RejectedAsync(actor, ct)).Count, (await RectificationsAsync(actor, ct)).Count,
            (await MessagesAsync(actor, ct)).Total, await inbox.UnreadCountAsync(actor.UserName, ct), (await SubmissionsAsync(actor, ct)).Count);

    /// <summary>待处理报送: for the desk's editors and department admins, what other departments submitted and nobody adopted or returned yet (<see cref="SubmissionQueries"/>).</summary>
    public Task<List<SubmissionView>> SubmissionsAsync(EditorialActor actor, CancellationToken ct = default)
        => _submissions ??= InOwnDepartment(actor) && (actor.IsInRole(Roles.DepartmentAdmin) || actor.IsInRole(Roles.Editor))
            ? OpenSubmissions(ct) : Task.FromResult(new List<SubmissionView>());

    private async Task<List<SubmissionView>> OpenSubmissions(CancellationToken ct)
        => [.. (await submissions.InboxAsync(ct)).Where(s => s.State == SubmissionState.Open)];

    /// <summary>待我审核: items whose open level the person may approve now.</summary>
    public Task<List<WorkItem>> AwaitingMyReviewAsync(EditorialActor actor, CancellationToken ct = default)
        => _awaiting ??= InOwnDepartment(actor) ? editorial.WaitingForAsync(actor, ct) : Task.FromResult(new List<WorkItem>());

    /// <summary>被退回: the person's items sent back by a reviewer.</summary>
    public Task<List<WorkItem>> RejectedAsync(EditorialActor actor, CancellationToken ct = default)
        => _rejected ??= InOwnDepartment(actor) ? editorial.RejectedForAsync(actor.UserName, ct) : Task.FromResult(new List<WorkItem>());

    /// <summary>即将到期的整改: for department admins, the department's open notices due within <see cref="RectificationDueSoonDays"/> days or overdue.</summary>
    public Task<List<RectificationTodo>> RectificationsAsync(EditorialActor actor, CancellationToken ct = default)
        => _rectifications ??= InOwnDepartment(actor) && actor.IsInRole(Roles.DepartmentAdmin) ? Rectifications(ct) : Task.FromResult(new List<RectificationTodo>());

    private async Task<List<RectificationTodo>> Rectifications(CancellationToken ct)
    {
        var today = tenant.Clock(clock).Today;
        return [.. (await inspection.NoticesAsync(false, ct))
            .Where(n => n.State is RectificationState.Open or RectificationState.Reopened && n.Deadline <= today.AddDays(RectificationDueSoonDays))
            .OrderBy(n => n.Deadline)
            .Select(n => new RectificationTodo(n.Id, n.Subject, n.RuleId, n.Deadline, n.Deadline.DayNumber - today.DayNumber, RectificationNotice.Chinese(n.State)))];
    }

    /// <summary>待答复留言: open citizen messages, oldest first, with the working-day deadline (for those who answer: department admins and editors).</summary>
    public Task<(List<MessageTodo> Items, int Total)> MessagesAsync(EditorialActor actor, CancellationToken ct = default)
        => _messages ??= InOwnDepartment(actor) && (actor.IsInRole(Roles.DepartmentAdmin) || actor.IsInRole(Roles.Editor))
            ? Messages(ct) : Task.FromResult((new List<MessageTodo>(), 0));

    private async Task<(List<MessageTodo>, int)> Messages(CancellationToken ct)
    {
        var (items, total) = await messages.InboxAsync(MessageStatus.Open, 1, 50, ct);
        var reply = await deadlines.NowAsync(ct);
        return ([.. items.Select(m => new MessageTodo(m.Id, m.Subject, m.ReceivedUtc, reply.Due(m.ReceivedUtc), ReplyClock.Chinese(reply.Of(m), reply)))], total);
    }

    /// <summary>To-dos are the work of the department one belongs to (a matrix user visiting a department has none there).</summary>
    private bool InOwnDepartment(EditorialActor actor) => tenant.TenantId is { } t && actor.TenantId == t;
}
