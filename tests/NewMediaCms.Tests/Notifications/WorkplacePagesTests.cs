using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.RegularExpressions;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Notifications;

/// <summary>The to-do counts in the navigation and on 我的待办, the bell and the notification list, the dashboard's states: through real requests.</summary>
public sealed partial class WorkplacePagesTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private readonly EditorialDesk _desk;

    public WorkplacePagesTests() => _desk = new EditorialDesk(_app);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    /// <summary>The number the navigation shows for <paramref name="key"/> (review, rejected, messages, rectifications, unread), 0 when no badge.</summary>
    private static int Count(string html, string key)
    {
        var m = Regex.Match(html, $"data-count=\"{key}\">(\\d+)<");
        return m.Success ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    private static string Token(string html) => TokenPattern().Match(html).Groups[1].Value;

    [Fact]
    public async Task The_review_and_rejected_counts_move_when_an_item_is_submitted_approved_and_rejected()
    {
        var reviewer1 = await _app.SignInAsync("gaj.reviewer1", pathBase: "/gaj");
        var reviewer2 = await _app.SignInAsync("gaj.reviewer2", pathBase: "/gaj");
        var editor = await _app.SignInAsync("gaj.editor", pathBase: "/gaj");
        var before1 = Count(await reviewer1.GetStringAsync("/gaj/admin/todo"), "review");
        var before2 = Count(await reviewer2.GetStringAsync("/gaj/admin/todo"), "review");
        var rejectedBefore = Count(await editor.GetStringAsync("/gaj/admin"), "rejected");

        var id = await _desk.SubmittedAsync("待办计数通知");
        var todo1 = await reviewer1.GetStringAsync("/gaj/admin/todo");
        Assert.Equal(before1 + 1, Count(todo1, "review"));
        Assert.Contains("待办计数通知", todo1);
        Assert.Equal(before2 + 1, Count(await reviewer2.GetStringAsync("/gaj/admin/todo"), "review"));

        Assert.True((await _desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
        // Level 1 is done: reviewer1 may not approve another level of it; reviewer2 still may (level 2).
        Assert.Equal(before1, Count(await reviewer1.GetStringAsync("/gaj/admin/todo"), "review"));
        Assert.Equal(before2 + 1, Count(await reviewer2.GetStringAsync("/gaj/admin/todo"), "review"));

        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer2, id, "数据需核实"))).Ok);
        Assert.Equal(before2, Count(await reviewer2.GetStringAsync("/gaj/admin/todo"), "review"));
        var editorTodo = await editor.GetStringAsync("/gaj/admin/todo");
        Assert.Equal(rejectedBefore + 1, Count(editorTodo, "rejected"));
        Assert.Contains("待办计数通知", editorTodo[editorTodo.IndexOf("id=\"rejected\"", StringComparison.Ordinal)..]);
    }

    [Fact]
    public async Task An_item_sent_back_counts_for_its_writer_only_not_for_a_user_whose_name_is_a_prefix_of_the_writers()
    {
        var editor = await _app.SignInAsync("gaj.editor", pathBase: "/gaj");
        var editor2 = await _app.SignInAsync("gaj.editor2", pathBase: "/gaj");
        var before = Count(await editor.GetStringAsync("/gaj/admin/todo"), "rejected");
        var before2 = Count(await editor2.GetStringAsync("/gaj/admin/todo"), "rejected");

        var id = (await _desk.NewAsync("编辑二的退回稿", by: People.Editor2)).ItemId!;
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor2, id))).Ok);
        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, id, "请补充依据"))).Ok);

        var todo2 = await editor2.GetStringAsync("/gaj/admin/todo");
        Assert.Equal(before2 + 1, Count(todo2, "rejected"));
        Assert.Contains("编辑二的退回稿", todo2);
        var todo = await editor.GetStringAsync("/gaj/admin/todo");
        Assert.Equal(before, Count(todo, "rejected"));
        Assert.DoesNotContain("编辑二的退回稿", todo);
    }

    [Fact]
    public async Task A_reviewer_of_another_department_sees_no_count_for_this_departments_items()
    {
        var wjw = await _app.SignInAsync("wjw.reviewer1", pathBase: "/wjw");
        var before = Count(await wjw.GetStringAsync("/wjw/admin/todo"), "review");
        await _desk.SubmittedAsync("他部门待办通知");
        var page = await wjw.GetStringAsync("/wjw/admin/todo");
        Assert.Equal(before, Count(page, "review"));
        Assert.DoesNotContain("他部门待办通知", page);
    }

    [Fact]
    public async Task A_department_admin_sees_open_citizen_messages_with_their_working_day_deadline()
    {
        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var before = Count(await admin.GetStringAsync("/gaj/admin/todo"), "messages");
        await _desk.InAsync("gaj", sp => sp.GetRequiredService<NewMediaCms.Interaction.MessageService>()
            .SubmitAsync(new NewMediaCms.Interaction.MessageInput(null, "李四", "13900000000", "噪音扰民待办", "夜间施工噪音。", null), CancellationToken.None));

        var page = await admin.GetStringAsync("/gaj/admin/todo");
        Assert.Equal(before + 1, Count(page, "messages"));
        var section = page[page.IndexOf("id=\"messages\"", StringComparison.Ordinal)..];
        Assert.Contains("噪音扰民待办", section);
        Assert.Matches(@"<td>\d{4}-\d{2}-\d{2}</td>", section);   // the reply deadline (答复期限) by working days
        // An editor-only reviewer answers no messages and has no such count.
        Assert.DoesNotContain("data-count=\"messages\"", await (await _app.SignInAsync("gaj.reviewer1", pathBase: "/gaj")).GetStringAsync("/gaj/admin/todo"));
    }

    [Fact]
    public async Task The_bell_counts_unread_notices_and_opening_one_marks_it_read_and_goes_to_the_item()
    {
        var reviewer3 = await _app.SignInAsync("gaj.reviewer3", pathBase: "/gaj");
        await reviewer3.PostAsync("/gaj/admin/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(await reviewer3.GetStringAsync("/gaj/admin/notifications")),
        }));
        Assert.Equal(0, Count(await reviewer3.GetStringAsync("/gaj/admin"), "unread"));

        var first = await _desk.SubmittedAsync("铃铛通知一");
        await _desk.SubmittedAsync("铃铛通知二");
        var list = await reviewer3.GetStringAsync("/gaj/admin/notifications");
        Assert.Equal(2, Count(list, "unread"));
        Assert.Contains("《铃铛通知一》待您审核", list);

        var noticeId = NoticeIdFor(list, "《铃铛通知一》");
        var open = await reviewer3.PostAsync($"/gaj/admin/notifications?handler=Open&id={noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(list),
        }));
        Assert.Equal(HttpStatusCode.Redirect, open.StatusCode);
        Assert.Equal($"/gaj/admin/content/{first}", open.Headers.Location!.OriginalString);
        Assert.Equal(1, Count(await reviewer3.GetStringAsync("/gaj/admin"), "unread"));

        await reviewer3.PostAsync("/gaj/admin/notifications?handler=ReadAll", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(list),
        }));
        Assert.Equal(0, Count(await reviewer3.GetStringAsync("/gaj/admin"), "unread"));
    }

    [Fact]
    public async Task Nobody_can_open_or_mark_another_persons_notice()
    {
        await _desk.SubmittedAsync("他人通知");
        var reviewer1 = await _app.SignInAsync("gaj.reviewer1", pathBase: "/gaj");
        var noticeId = NoticeIdFor(await reviewer1.GetStringAsync("/gaj/admin/notifications"), "《他人通知》");
        var editor = await _app.SignInAsync("gaj.editor2", pathBase: "/gaj");
        var page = await editor.GetStringAsync("/gaj/admin/notifications");
        var response = await editor.PostAsync($"/gaj/admin/notifications?handler=Read&id={noticeId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = Token(page),
        }));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("《他人通知》", await reviewer1.GetStringAsync("/gaj/admin/notifications?unread=true"));
    }

    [Fact]
    public async Task The_dashboard_names_items_in_review_and_sent_back_by_their_state_with_counts_linking_to_the_filtered_list()
    {
        var inReview = await _desk.SubmittedAsync("工作台审核中通知");
        var rejected = await _desk.SubmittedAsync("工作台被退回通知");
        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, rejected, "改"))).Ok);
        await _desk.NewAsync("工作台草稿通知");

        var editor = await _app.SignInAsync("gaj.editor", pathBase: "/gaj");
        var page = await editor.GetStringAsync("/gaj/admin");
        string StateOf(string title)
        {
            var row = Regex.Match(page, $"<tr>\\s*<td><a href=\"[^\"]*\">{title}</a>.*?</tr>", RegexOptions.Singleline).Value;
            return Regex.Match(row, "class=\"state\"[^>]*>([^<]+)<").Groups[1].Value;
        }
        Assert.Equal("审核中", StateOf("工作台审核中通知"));
        Assert.Equal("被退回", StateOf("工作台被退回通知"));
        Assert.Equal("草稿", StateOf("工作台草稿通知"));

        int StateCount(string state) => int.Parse(Regex.Match(page,
            $"href=\"/gaj/admin/content\\?state={state}\" data-state=\"{state}\"><span class=\"state-name\">[^<]+</span> <span class=\"state-count\">(\\d+)<").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(StateCount("InReview") >= 1);
        Assert.True(StateCount("Rejected") >= 1);
        var drafts = StateCount("Draft");
        await _desk.NewAsync("工作台草稿通知二");
        Assert.Equal(drafts + 1, int.Parse(Regex.Match(await editor.GetStringAsync("/gaj/admin"),
            "data-state=\"Draft\"><span class=\"state-name\">草稿</span> <span class=\"state-count\">(\\d+)<").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains(inReview, page);
    }

    private static long NoticeIdFor(string list, string title)
    {
        var at = list.IndexOf(title, StringComparison.Ordinal);
        Assert.True(at > 0, title);
        // The form that opens the notice comes just before its title: action="...notifications?...id=N...handler=Open...".
        var actions = Regex.Matches(list[..at], "action=\"[^\"]*[?&;]id=(\\d+)[^\"]*\"");
        Assert.NotEmpty(actions);
        return long.Parse(actions[^1].Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}
