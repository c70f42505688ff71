using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Tests.Inspection;

public sealed partial class InspectionPagesTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    /// <summary>Razor encodes non-ASCII text as character references; the tests read what a browser shows.</summary>
    internal static async Task<string> Page(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, Dictionary<string, string> fields)
    {
        var html = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Auditor_runs_an_inspection_from_the_dashboard_and_sees_every_account_with_its_status()
    {
        var client = await app.SignInAsync("auditor");
        var response = await PostFormAsync(client, "/admin/inspection", "/admin/inspection?handler=Run", []);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var html = await Page(client, response.Headers.Location!.ToString());
        Assert.Contains("检查完成", html);
        Assert.Contains("data-account=\"nyj-douyin\"", html);
        Assert.Contains("data-account=\"mzj-weibo\"", html);         // closed: listed, not inspected
        Assert.Matches("data-account=\"nyj-wechat\"[\\s\\S]*?否决[\\s\\S]*?NM-V06", html);

        var filtered = await Page(client, "/admin/inspection?rule=NM-D01");
        Assert.Contains("data-account=\"nyj-wechat\"", filtered);
        Assert.DoesNotContain("data-account=\"wjw-site\"", filtered);
        var byDepartment = await Page(client, "/admin/inspection?department=jtj&status=Veto");
        Assert.Contains("data-account=\"jtj-wechat\"", byDepartment);
        Assert.DoesNotContain("data-account=\"jtj-wechat-2\"", byDepartment);
    }

    [Fact]
    public async Task Department_admin_cannot_open_the_dashboard()
    {
        var client = await app.SignInAsync("wjw.admin", pathBase: "/wjw");
        var response = await client.GetAsync("/wjw/admin/inspection");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Finding_to_rectification_to_answer_to_acceptance_and_overdue_in_red()
    {
        var run = await app.RunInspectionAsync();
        var auditor = await app.SignInAsync("auditor");
        var detailUrl = $"/admin/inspection/runs/{run.Id}/accounts/wjw-site";
        var detail = await Page(auditor, detailUrl);
        Assert.Contains("NM-W01", detail);
        Assert.Contains("wjw-w-1", detail);                             // evidence: what the home page shows
        var findingId = Regex.Match(detail, "id=\"finding-(\\d+)\"").Groups[1].Value;

        var issued = await PostFormAsync(auditor, detailUrl, detailUrl + "?handler=Issue",
            new() { ["findingIds"] = findingId, ["deadline"] = "2026-12-04", ["requirement"] = "两周内恢复网站更新" });
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);

        var department = await app.SignInAsync("wjw.admin", pathBase: "/wjw");
        var list = await Page(department, "/wjw/admin/inspection/rectifications");
        Assert.Contains("两周内恢复网站更新", list);
        var noticeId = Regex.Match(list, "id=\"notice-(\\d+)\"").Groups[1].Value;
        var answered = await PostFormAsync(department, "/wjw/admin/inspection/rectifications", "/wjw/admin/inspection/rectifications?handler=Answer",
            new() { ["id"] = noticeId, ["note"] = "已发布三条新通知，并指定专人每周更新。" });
        Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);

        // Another department sees nothing of it.
        var other = await app.SignInAsync("nyj.admin", pathBase: "/nyj");
        Assert.DoesNotContain("两周内恢复网站更新", await Page(other, "/nyj/admin/inspection/rectifications"));

        var accepted = await PostFormAsync(auditor, "/admin/inspection/rectifications", "/admin/inspection/rectifications?handler=Review",
            new() { ["id"] = noticeId, ["accept"] = "true", ["note"] = "已核实" });
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);
        await using (var scope = app.TenantScope(null))
        {
            var notice = await app.Db(scope).Set<RectificationNotice>().AcrossTenants().SingleAsync(n => n.Id == long.Parse(noticeId));
            Assert.Equal(RectificationState.Accepted, notice.State);
            Assert.Equal("已发布三条新通知，并指定专人每周更新。", notice.AnswerNote);
        }

    }

    [Fact]
    public async Task Rectification_left_unanswered_past_its_deadline_shows_in_red()
    {
        using var own = new InspectionAppFactory();   // its clock moves forward
        var run = await own.RunInspectionAsync();
        var auditor = await own.SignInAsync("auditor");
        var detailUrl = $"/admin/inspection/runs/{run.Id}/accounts/nyj-wechat";
        var findingId = Regex.Match(await Page(auditor, detailUrl), "id=\"finding-(\\d+)\"").Groups[1].Value;
        var issued = await PostFormAsync(auditor, detailUrl, detailUrl + "?handler=Issue", new() { ["findingIds"] = findingId, ["deadline"] = "2026-11-28" });
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        Assert.DoesNotMatch("class=\"overdue\"", await Page(auditor, "/admin/inspection/rectifications"));
        own.Clock.Advance(TimeSpan.FromDays(1));
        auditor = await own.SignInAsync("auditor");   // sign-in cookies last 8 hours
        Assert.DoesNotMatch("<tr id=\"notice-\\d+\" class=\"overdue\"", await Page(auditor, "/admin/inspection/rectifications"));   // the deadline day itself
        own.Clock.Advance(TimeSpan.FromDays(1));
        auditor = await own.SignInAsync("auditor");
        var list = await Page(auditor, "/admin/inspection/rectifications");
        Assert.Matches("<tr id=\"notice-\\d+\" class=\"overdue\"", list);
        Assert.Contains("（已逾期）", list);
    }

    [Fact]
    public async Task Compare_trend_report_and_settings_pages_render()
    {
        await app.RunInspectionAsync();
        await app.RunInspectionAsync();
        var client = await app.SignInAsync("auditor");
        Assert.Contains("结论变化的账号", await Page(client, "/admin/inspection/compare"));
        var trend = await Page(client, "/admin/inspection/trend?department=nyj");
        Assert.Contains("<svg", trend);
        Assert.Contains("class=\"share\"", trend);
        Assert.Contains("class=\"dormant\"", trend);
        var report = await Page(client, "/admin/inspection/report");
        Assert.Contains("2026 年第四季度", report);
        Assert.Contains("青山县农业农村局", report);
        Assert.Contains("清理整合名单", report);
        var settings = await Page(client, "/admin/inspection/settings");
        Assert.Contains("NM-D10", settings);
        Assert.Contains("只有矩阵管理员可以修改", settings);
    }

    [Fact]
    public async Task Matrix_admin_changes_a_threshold_on_the_settings_page_and_the_next_run_uses_it()
    {
        var client = await app.SignInAsync("matrix");
        var html = await Page(client, "/admin/inspection/settings");
        var fields = new Dictionary<string, string> { ["passMark"] = "60", ["NM-W01.threshold"] = "10", ["NM-W01.enabled"] = "on", ["NM-V06.enabled"] = "on", ["NM-V06.threshold"] = "14" };
        // Keep every other rule as it is: re-send its checkbox.
        foreach (Match m in Regex.Matches(html, "name=\"([A-Z]+-[A-Z0-9]+)\\.enabled\" checked=\"checked\""))
        {
            fields[m.Groups[1].Value + ".enabled"] = "on";
        }
        fields["NM-W01.threshold"] = "2";
        var saved = await PostFormAsync(client, "/admin/inspection/settings", "/admin/inspection/settings", fields);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        try
        {
            var run = await app.RunInspectionAsync();
            await using var scope = app.TenantScope(null);
            var warned = await app.Db(scope).Set<InspectionFinding>().Where(f => f.RunId == run.Id && f.RuleId == "NM-W01").Select(f => f.AccountId).ToListAsync();
            Assert.Contains("wjw-wechat", warned);
            Assert.Contains("jtj-wechat-2", warned);        // 3 days 1 hour without a post: past the new 2-day warning
            Assert.DoesNotContain("portal-site", warned);   // 1 day 1 hour
        }
        finally
        {
            fields["NM-W01.threshold"] = "10";
            await PostFormAsync(client, "/admin/inspection/settings", "/admin/inspection/settings", fields);
        }
    }
}

public sealed partial class AccountLifecycleTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, Dictionary<string, string> fields, string handler)
    {
        var html = await client.GetStringAsync(pageUrl);
        fields["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value;
        return await client.PostAsync(pageUrl + "?handler=" + handler, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Closing_an_account_shows_the_closure_notice_and_keeps_its_page_readable()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("matrix");
        // The drill-down links to the account screens, where the account is closed.
        Assert.Contains("/nyj/admin/accounts/nyj-wechat", await client.GetStringAsync($"/admin/inspection/runs/{run.Id}/accounts/nyj-wechat"));
        var url = "/nyj/admin/accounts/nyj-wechat";
        var response = await PostFormAsync(client, url, new() { ["note"] = "本账号自2026年12月1日起停止更新，请关注“青山农业农村”抖音号。" }, "Close");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await app.Client().GetAsync("/nyj/accounts/nyj-wechat");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        Assert.Contains("关停公告", html);
        Assert.Contains("本账号自2026年12月1日起停止更新", html);
        Assert.Contains("农业农村局春耕动员", html);   // its posts stay readable

        await using var scope = app.TenantScope(null);
        var history = await app.Db(scope).Set<AccountFilingEvent>().AcrossTenants().Where(e => e.AccountId == "nyj-wechat").ToListAsync();
        Assert.Equal(FilingEventKind.Closed, Assert.Single(history).Kind);
        var next = await app.RunInspectionAsync();
        var result = await app.Db(scope).Set<InspectionAccountResult>().SingleAsync(r => r.RunId == next.Id && r.AccountId == "nyj-wechat");
        Assert.Equal(NewMediaCms.Inspection.Rules.AccountStatus.NotInspected, result.Status);
    }

    [Fact]
    public async Task Merging_an_account_redirects_its_old_page_to_the_target()
    {
        await app.RunInspectionAsync();
        var client = await app.SignInAsync("matrix");
        var url = "/jtj/admin/accounts/jtj-wechat-2";
        var response = await PostFormAsync(client, url, new() { ["target"] = "jtj-wechat", ["note"] = "重复账号整合" }, "Merge");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var old = await app.Client().GetAsync("/jtj/accounts/jtj-wechat-2");
        Assert.Equal(HttpStatusCode.MovedPermanently, old.StatusCode);
        Assert.Equal("/jtj/accounts/jtj-wechat", old.Headers.Location!.ToString());
        await using var scope = app.TenantScope(null);
        var account = await app.Db(scope).Set<Account>().AcrossTenants().SingleAsync(a => a.Id == "jtj-wechat-2");
        Assert.Equal(AccountState.MergedInto, account.State);
        Assert.Equal("jtj-wechat", account.MergedIntoAccountId);
        var next = await app.RunInspectionAsync();
        Assert.False(await app.Db(scope).Set<InspectionFinding>().AnyAsync(f => f.RunId == next.Id && f.RuleId == "NM-D02"));
    }

    [Fact]
    public async Task Auditor_cannot_close_an_account()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("auditor");
        Assert.DoesNotContain("/admin/accounts/sfj-weibo", await client.GetStringAsync($"/admin/inspection/runs/{run.Id}/accounts/sfj-weibo"));
        var response = await client.GetAsync("/sfj/admin/accounts/sfj-weibo");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("关停账号", await response.Content.ReadAsStringAsync());
        await using var scope = app.TenantScope(null);
        Assert.Equal(AccountState.Active, (await app.Db(scope).Set<Account>().AcrossTenants().SingleAsync(a => a.Id == "sfj-weibo")).State);
    }

    [Fact]
    public async Task Auditor_records_a_manual_flag_that_counts_in_the_next_run()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("auditor");
        var response = await PostFormAsync(client, $"/admin/inspection/runs/{run.Id}/accounts/sfj-weibo", new() { ["ruleId"] = "NM-V04", ["note"] = "普法视频引发严重负面舆情" }, "Flag");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var next = await app.RunInspectionAsync();
        await using var scope = app.TenantScope(null);
        var result = await app.Db(scope).Set<InspectionAccountResult>().SingleAsync(r => r.RunId == next.Id && r.AccountId == "sfj-weibo");
        Assert.Equal(NewMediaCms.Inspection.Rules.AccountStatus.Veto, result.Status);
        Assert.Contains("NM-V04", result.RulesBroken);
    }
}
