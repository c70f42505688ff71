using System.Net;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Publishing;

/// <summary>The publishing calendar: department time zone, department versus whole matrix, who may look.</summary>
public sealed class ScheduleCalendarPageTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly NmcAppFactory _app = NmcAppFactory.Create();
    private string _gajItem = "";
    private string _wjwItem = "";

    public async Task InitializeAsync()
    {
        _app.Clock = new FakeTimeProvider(Start);
        var desk = new EditorialDesk(_app);
        _gajItem = await desk.ApprovedAsync("公安局定时通知");
        // 2026-12-10 01:30 UTC is 09:30 in Asia/Shanghai.
        Assert.True((await desk.DoAsync(s => s.SetScheduleAsync(People.Editor, _gajItem, new DateTime(2026, 12, 10, 1, 30, 0, DateTimeKind.Utc), null))).Ok);
        var wjw = await desk.DoAsync(s => s.CreateDraftAsync(People.WjwEditor, new NewMediaCms.Editorial.DraftInput("notice", "wjw-site", "卫健局定时通知", "正文", null,
            new DateTime(2026, 12, 12, 2, 0, 0, DateTimeKind.Utc))), "wjw");
        Assert.True(wjw.Ok, wjw.Message);
        _wjwItem = wjw.ItemId!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task A_department_editor_sees_the_month_of_their_department_in_its_time_zone_and_not_other_departments()
    {
        var client = await _app.SignInAsync("gaj.editor", pathBase: "/gaj");
        var html = await client.GetStringAsync("/gaj/admin/schedule?month=2026-12&all=true");
        Assert.Contains("09:30 发布", html);
        Assert.Contains("公安局定时通知", html);
        Assert.DoesNotContain("卫健局定时通知", html);
        Assert.Contains("补发 0 次", html);
    }

    [Fact]
    public async Task A_matrix_admin_sees_every_department_and_an_unapproved_schedule_is_marked()
    {
        var client = await _app.SignInAsync("matrix.admin");
        var html = await client.GetStringAsync("/gaj/admin/schedule?month=2026-12&all=true");
        Assert.Contains("公安局定时通知", html);
        Assert.Contains("卫健局定时通知", html);
        Assert.Contains("未通过审核，不会发布", html);
    }

    [Fact]
    public async Task A_user_of_another_department_cannot_open_the_calendar()
    {
        var client = await _app.SignInAsync("wjw.editor", pathBase: "/wjw");
        var response = await client.GetAsync("/gaj/admin/schedule");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }
}
