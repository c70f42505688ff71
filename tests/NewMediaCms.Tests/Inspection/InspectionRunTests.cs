using System.Net;
using ClosedXML.Excel;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Inspection;

public sealed class InspectionRunTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    /// <summary>What the inspection-county recipe must produce at 2026-11-27 10:00 (see the recipe's description).</summary>
    internal static readonly (string Account, string Rule)[] ExpectedFindings =
    [
        ("portal-site", "WEB-D01"),      // guide without 联系电话
        ("portal-site", "WEB-D02"),      // interpretation does not link back to its policy
        ("portal-site", "WEB-V01"), ("wjw-site", "WEB-V01"),   // the page monitor has no probes of the week (no public base URL here): 无法判定, a warning, never clean
        ("wjw-site", "NM-W01"),          // its own posts are 17 days old, but its home page shows the department's 11-day-old news (WEB-V02 judges the page)
        ("wjw-wechat", "NM-W01"),        // 10 days 19 hours without a post
        ("nyj-wechat", "NM-V06"), ("nyj-wechat", "NM-D01"), ("nyj-wechat", "NM-D12"),   // zombie: 100 days
        ("nyj-douyin", "NM-V06"), ("nyj-douyin", "NM-D01"), ("nyj-douyin", "NM-D12"),   // never posted, opened in March
        ("jtj-wechat", "NM-D02"), ("jtj-wechat", "WEB-V05"),                             // duplicate; a post dated in 3 days
        ("jtj-wechat-2", "NM-D02"), ("jtj-wechat-2", "NM-D12"),                          // duplicate; reposts only
        ("mzj-wechat", "NM-D03"),        // opened 30 days ago, never filed
        ("sfj-weibo", "NM-D04"),         // 法治小喇叭 does not name 司法局
        ("sfj-app", "NM-D01"), ("sfj-app", "NM-D12"),   // a service account that never posted: exempt from the 14-day rule only (national reading)
    ];

    private static readonly Dictionary<string, AccountStatus> ExpectedStatus = new()
    {
        ["portal-site"] = AccountStatus.Warning,
        ["wjw-site"] = AccountStatus.Warning,
        ["wjw-wechat"] = AccountStatus.Warning,
        ["nyj-wechat"] = AccountStatus.Veto,
        ["nyj-douyin"] = AccountStatus.Veto,
        ["jtj-wechat"] = AccountStatus.Veto,
        ["jtj-wechat-2"] = AccountStatus.Warning,
        ["jtj-old"] = AccountStatus.NotInspected,
        ["mzj-wechat"] = AccountStatus.Warning,
        ["mzj-weibo"] = AccountStatus.NotInspected,
        ["sfj-weibo"] = AccountStatus.Warning,
        ["sfj-app"] = AccountStatus.Warning,
    };

    [Fact]
    public async Task Recipe_built_matrix_gives_exactly_the_findings_written_down()
    {
        var run = await app.RunInspectionAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        await using var scope = app.TenantScope(null);
        var db = app.Db(scope);
        var findings = await db.Set<InspectionFinding>().Where(f => f.RunId == run.Id).ToListAsync();
        var actual = findings.Select(f => (f.AccountId ?? "", f.RuleId)).Order().ToList();
        Assert.Equal(ExpectedFindings.Order().ToList(), actual);

        var results = await db.Set<InspectionAccountResult>().Where(r => r.RunId == run.Id).ToDictionaryAsync(r => r.AccountId, r => r.Status);
        Assert.Equal(ExpectedStatus.OrderBy(x => x.Key), results.OrderBy(x => x.Key));
        Assert.Equal(12, run.Accounts);
        Assert.Equal(10, run.Inspected);
        Assert.Equal(2, run.Dormant);   // nyj-wechat, nyj-douyin
        Assert.Equal(3, run.Zombie);    // nyj-wechat, nyj-douyin, sfj-app
    }

    [Fact]
    public async Task Findings_carry_their_evidence_and_the_run_keeps_its_settings()
    {
        var run = await app.RunInspectionAsync();
        await using var scope = app.TenantScope(null);
        var db = app.Db(scope);
        var dormant = await db.Set<InspectionFinding>().SingleAsync(f => f.RunId == run.Id && f.RuleId == "NM-V06" && f.AccountId == "nyj-wechat");
        Assert.Contains("nyj-w-1", dormant.EvidenceJson);
        Assert.Contains("2026-08-19 09:00", dormant.EvidenceJson);
        var future = await db.Set<InspectionFinding>().SingleAsync(f => f.RunId == run.Id && f.RuleId == "WEB-V05");
        Assert.Contains("jtj-w-future", future.EvidenceJson);
        var settings = InspectionSettings.FromJson(run.SettingsJson);
        Assert.Equal(3, settings.Rules["NM-D06"].Points);      // from the recipe's inspectionSettings step
        Assert.Equal(14, settings.Rules["NM-V06"].Threshold);
        var counts = await db.Set<InspectionAccountResult>().SingleAsync(r => r.RunId == run.Id && r.AccountId == "portal-site");
        Assert.Equal(4, counts.Posts14);
        Assert.Equal(1, counts.DaysSinceLastPost);
    }

    [Fact]
    public async Task Csv_export_opens_with_one_row_per_account()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("auditor");
        var response = await client.GetAsync($"/admin/inspection/runs/{run.Id}/export.csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        var lines = System.Text.Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .SelectMany(l => l.Split('\n', StringSplitOptions.RemoveEmptyEntries)).ToList();
        Assert.StartsWith("部门,账号,账号ID,平台", lines[0]);
        Assert.Equal(13, lines.Count);
        var nyj = lines.Single(l => l.Contains(",nyj-wechat,"));
        Assert.Contains("否决", nyj);
        Assert.Contains("NM-V06", nyj);
        Assert.Contains("2026-08-19 09:00", nyj);
    }

    [Fact]
    public async Task Excel_export_opens_with_accounts_and_findings_sheets()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("auditor");
        var response = await client.GetAsync($"/admin/inspection/runs/{run.Id}/export.xlsx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var workbook = new XLWorkbook(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var accounts = workbook.Worksheet("账号");
        Assert.Equal("账号ID", accounts.Cell(1, 3).GetString());
        Assert.Equal(13, accounts.LastRowUsed().RowNumber());
        var row = accounts.RowsUsed().Single(r => r.Cell(3).GetString() == "nyj-douyin");
        Assert.Equal("从未发布", row.Cell(7).GetString());
        Assert.Equal("否决", row.Cell(12).GetString());
        var findings = workbook.Worksheet("问题");
        Assert.Equal(ExpectedFindings.Length + 1, findings.LastRowUsed().RowNumber());
        Assert.Contains(findings.RowsUsed(), r => r.Cell(3).GetString() == "NM-D04" && r.Cell(6).GetString().Contains("法治小喇叭"));
    }

    [Fact]
    public async Task Department_admin_cannot_export_a_run()
    {
        var run = await app.RunInspectionAsync();
        var client = await app.SignInAsync("wjw.admin", pathBase: "/wjw");
        var response = await client.GetAsync($"/admin/inspection/runs/{run.Id}/export.csv");
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Inspection_job_stores_a_run()
    {
        await using var scope = app.TenantScope(null);
        var before = await app.Db(scope).Set<InspectionRun>().CountAsync();
        await scope.ServiceProvider.GetRequiredService<InspectionJob>().RunAsync(CancellationToken.None);
        Assert.Equal(before + 1, await app.Db(scope).Set<InspectionRun>().CountAsync());
        Assert.Equal("定时检查", (await app.Db(scope).Set<InspectionRun>().OrderByDescending(r => r.Id).FirstAsync()).TriggeredBy);
    }
}

public sealed class InspectionBadInputTests
{
    [Fact]
    public async Task Empty_matrix_and_department_without_accounts_give_an_empty_successful_run()
    {
        using var app = InspectionAppFactory.ForRecipe("inspection-empty");
        var run = await app.RunInspectionAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        Assert.Equal(0, run.Accounts);
        Assert.Equal(0, run.FindingCount);
    }

    [Fact]
    public async Task Clock_skew_an_account_whose_only_post_is_dated_in_the_future_is_flagged_for_faked_dates_and_still_counts_as_never_posted()
    {
        using var app = InspectionAppFactory.ForRecipe("inspection-empty");
        await using (var scope = app.TenantScope("empty"))
        {
            var db = app.Db(scope);
            db.Add(new NewMediaCms.Accounts.Account
            {
                Id = "kong-wechat", TenantId = "empty", Platform = NewMediaCms.Accounts.Platform.WeChat, Name = "空县无账号局", OperatingUnit = "空县无账号局",
                FilingNumber = "K-1", OpenedOn = new DateOnly(2026, 9, 1), FiledOn = new DateOnly(2026, 9, 2), CreatedUtc = Matrix.Now.AddDays(-90), UpdatedUtc = Matrix.Now.AddDays(-90),
            });
            db.Add(new NewMediaCms.Content.ContentItem
            {
                Id = "kong-future", TenantId = "empty", ContentType = "news", AccountId = "kong-wechat", Owner = "test", CreatedUtc = Matrix.Now,
                Versions =
                [
                    new() { TenantId = "empty", Number = 1, Latest = true, Published = true, Title = "三天后的新闻", Markdown = "正文", RenderedHtml = "<p>正文</p>",
                            PublishedUtc = Matrix.Now.AddDays(3), CreatedUtc = Matrix.Now, Author = "test" },
                ],
            });
            await db.SaveChangesAsync();
        }

        var run = await app.RunInspectionAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        await using var read = app.TenantScope(null);
        var db2 = app.Db(read);
        var rules = await db2.Set<InspectionFinding>().Where(f => f.RunId == run.Id && f.AccountId == "kong-wechat").Select(f => f.RuleId).ToListAsync();
        Assert.Contains("WEB-V05", rules);    // the faked date
        Assert.Contains("NM-V06", rules);     // a future date does not make the account active
        Assert.DoesNotContain("NM-D13", rules);   // outside the window that ends at the check time
        var result = await db2.Set<InspectionAccountResult>().SingleAsync(r => r.RunId == run.Id && r.AccountId == "kong-wechat");
        Assert.Null(result.LastPostUtc);
        Assert.Equal((0, 0, 0), (result.Posts14, result.Posts30, result.Posts90));
        Assert.Equal(AccountStatus.Veto, result.Status);
    }

    [Fact]
    public async Task Bad_calendar_file_fails_the_run_with_an_error_naming_the_file_and_the_entry()
    {
        using var temp = new TempFolder("nmc-cal-");
        var folder = temp.Path;
        await File.WriteAllTextAsync(Path.Combine(folder, "cn-2026.json"), """{ "year": 2026, "holidays": [ { "date": "2026-01-01" }, { "date": "2026-02-30", "name": "春节" } ] }""");
        using var app = InspectionAppFactory.ForRecipe("inspection-empty");
        await using (var scope = app.TenantScope(null))
        {
            var store = scope.ServiceProvider.GetRequiredService<InspectionSettingsStore>();
            var settings = await store.GetAsync(CancellationToken.None);
            settings.CalendarFolder = folder;
            await store.SaveAsync(settings, CancellationToken.None);
        }
        var run = await app.RunInspectionAsync();
        Assert.Equal(RunState.Failed, run.State);
        Assert.Contains("cn-2026.json", run.Error);
        Assert.Contains("holidays[1]", run.Error);
        Assert.Contains("2026-02-30", run.Error);
    }

    [Theory]
    [InlineData("""{ "year": 2026, "workdays": [ "2026-13-01" ] }""", "workdays[0]")]
    [InlineData("""{ "year": 2026, "holidays": [ { "date": "2025-10-01" } ] }""", "不在 2026 年内")]
    [InlineData("""{ "holidays": [] }""", "year")]
    [InlineData("""{ "year": 2026, "holidays": [ "2026-10-01" ], "workdays": [ "2026-10-01" ] }""", "同时被列为")]
    [InlineData("not json", "不是有效的 JSON")]
    public void Calendar_loader_names_the_file_and_the_bad_entry(string json, string expected)
    {
        using var temp = new TempFolder("nmc-cal-");
        var folder = temp.Path;
        File.WriteAllText(Path.Combine(folder, "cn-2026.json"), json);
        var ex = Assert.Throws<CalendarFileException>(() => WorkingCalendarLoader.Load(folder, "cn"));
        Assert.Contains("cn-2026.json", ex.Message);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Shipped_calendars_cover_2025_to_2027_with_2027_marked_provisional()
    {
        var calendar = Matrix.Calendar;
        Assert.Equal([2025, 2026, 2027], calendar.Years);
        Assert.Equal([2027], calendar.ProvisionalYears);
        Assert.False(calendar.IsWorkingDay(new DateOnly(2025, 1, 28)));   // 除夕 2025
        Assert.True(calendar.IsWorkingDay(new DateOnly(2025, 1, 26)));    // Sunday, make-up working day
        Assert.True(calendar.IsWorkingDay(new DateOnly(2026, 2, 14)));    // Saturday, make-up working day
        Assert.False(calendar.IsWorkingDay(new DateOnly(2026, 2, 23)));   // Monday, Spring Festival holiday
        Assert.Equal(new DateOnly(2026, 2, 26), calendar.AddWorkingDays(new DateOnly(2026, 2, 12), 5));  // 13, 14(Sat), 24, 25, 26
        Assert.Contains("暂定", calendar.CoverageNote(2027));
        Assert.Contains("未包含 2028", calendar.CoverageNote(2028));
        Assert.True(WorkingCalendar.WeekendsOnly().IsWorkingDay(new DateOnly(2026, 10, 1)));
    }
}
