using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests;

/// <summary>The inspection test county (zombie, dormant, duplicate accounts …) served to a real browser.</summary>
public sealed class InspectionBrowserApp : BrowserApp
{
    public InspectionBrowserApp() : base("inspection-county")
    {
    }
}

/// <summary>
/// The auditor's path of issue 7 in a real browser: dashboard -> run -> finding with its evidence -> rectification notice;
/// the department answers; the auditor accepts. Each step asserts what the person sees and leaves a screenshot in
/// artifacts/browser/inspection (the test's artefacts).
/// </summary>
public sealed class InspectionToRectificationTests(InspectionBrowserApp browser) : IClassFixture<InspectionBrowserApp>
{

    [Fact]
    public async Task Auditor_runs_an_inspection_opens_a_finding_and_issues_a_notice_the_department_answers_and_the_auditor_accepts()
    {
        var requirement = "恢复更新并建立每周发布计划 " + Guid.NewGuid().ToString("N")[..6];
        var answer = "已发布三条春耕信息，指定专人每周更新。";

        // 1. The auditor (a matrix role, no department) opens the dashboard: no run yet.
        var auditor = await browser.SignedInAsync("auditor", department: "");
        await auditor.GotoAsync("/admin/inspection");
        await Assertions.Expect(auditor.Locator("h1")).ToHaveTextAsync("新媒体矩阵检查");
        await Assertions.Expect(auditor.GetByText("还没有检查记录。点击“立即检查”开始第一次检查。")).ToBeVisibleAsync();
        await ShotAsync(auditor, "1-dashboard-empty");

        // 2. Runs an inspection now: the summary and every account with its status and broken rules.
        await auditor.GetByRole(AriaRole.Button, new() { Name = "立即检查" }).ClickAsync();
        await Assertions.Expect(auditor.GetByRole(AriaRole.Status)).ToContainTextAsync("检查完成：第 1 次");
        await Assertions.Expect(auditor.Locator("#summary")).ToContainTextAsync("第 1 次检查");
        await Assertions.Expect(auditor.Locator("#accounts caption")).ToHaveTextAsync("账号检查结果（12 个）");
        var zombie = auditor.Locator("tr[data-account='nyj-wechat']");
        await Assertions.Expect(zombie.Locator("td").Nth(0)).ToHaveTextAsync("青山县农业农村局");
        await Assertions.Expect(zombie.Locator("td").Nth(6)).ToHaveTextAsync(DaysSinceZombiePost().ToString());
        await Assertions.Expect(zombie.Locator("td").Nth(10)).ToHaveTextAsync("否决");
        await Assertions.Expect(zombie.Locator("td").Nth(12)).ToContainTextAsync("NM-V06");
        await Assertions.Expect(zombie.Locator("td").Nth(12)).ToContainTextAsync("NM-D01");
        await Assertions.Expect(auditor.Locator("tr[data-account='nyj-douyin'] td").Nth(5)).ToHaveTextAsync("从未发布");
        // A service account that never posted: exempt from the 14-day rule only (the national reading), so a zombie warning.
        await Assertions.Expect(auditor.Locator("tr[data-account='sfj-app'] td").Nth(10)).ToHaveTextAsync("预警");
        await Assertions.Expect(auditor.Locator("tr[data-account='jtj-old'] td").Nth(10)).ToHaveTextAsync("不检查");
        await ShotAsync(auditor, "2-dashboard-after-run");

        // 3. Opens the zombie account: each finding with its evidence (which post, which date, what threshold).
        await zombie.GetByRole(AriaRole.Link, new() { Name = "青山农业农村" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("h1")).ToContainTextAsync("青山农业农村");
        await Assertions.Expect(auditor.Locator("main")).ToContainTextAsync("开设日期：2021-05-01"); // ISO dates, not US ones
        var dormant = auditor.Locator("section.finding[data-rule='NM-V06']");
        await Assertions.Expect(dormant.Locator("h3")).ToContainTextAsync("否决");
        await Assertions.Expect(dormant).ToContainTextAsync("农业农村局春耕动员");     // the last post, as evidence
        await Assertions.Expect(dormant).ToContainTextAsync("阈值：");
        await Assertions.Expect(auditor.GetByText("暂无整改通知。")).ToBeVisibleAsync();
        await ShotAsync(auditor, "3-finding-with-evidence");

        // 4. Issues one rectification notice (整改通知) for all of the account's findings, with the default deadline.
        var form = auditor.Locator("#issue-form");
        await Assertions.Expect(form.Locator("input[name='findingIds']:checked")).ToHaveCountAsync(3);
        await form.GetByLabel("整改要求").FillAsync(requirement);
        await form.GetByRole(AriaRole.Button, new() { Name = "下发整改通知" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("#message")).ToContainTextAsync("已下发整改通知（第 1 号），覆盖 3 项问题");
        await Assertions.Expect(auditor.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "第 1 号" })).ToContainTextAsync("NM-D01、NM-D12、NM-V06（3 项）待整改");
        await Assertions.Expect(auditor.Locator("#issue-form")).ToHaveCountAsync(0);
        await Assertions.Expect(auditor.Locator("#notice-open")).ToContainTextAsync("第 1 号");
        await ShotAsync(auditor, "4-notice-issued");

        // 5. The department admin sees the notice in their department and answers it.
        var department = await browser.SignedInAsync("nyj.admin", department: "nyj");
        await department.GotoAsync("/nyj/admin/inspection/rectifications");
        var row = department.Locator("#notice-1");
        await Assertions.Expect(row).ToContainTextAsync(requirement);
        await Assertions.Expect(row.Locator("li[data-rule]")).ToHaveCountAsync(3);
        await Assertions.Expect(row.Locator("td").Nth(6)).ToHaveTextAsync("待整改");
        await Assertions.Expect(row.GetByRole(AriaRole.Button, new() { Name = "通过" })).ToHaveCountAsync(0);   // only the auditor accepts
        await row.GetByLabel("整改情况").FillAsync(answer);
        await row.GetByRole(AriaRole.Button, new() { Name = "提交反馈" }).ClickAsync();
        await Assertions.Expect(department.Locator("#message")).ToHaveTextAsync("已提交整改情况，等待检查员审核。");
        await Assertions.Expect(department.Locator("#notice-1 td").Nth(6)).ToHaveTextAsync("已反馈，待审核");
        await Assertions.Expect(department.Locator("#notice-1")).ToContainTextAsync("反馈：" + answer);
        await ShotAsync(department, "5-department-answered");

        // 6. The auditor reads the answer and accepts.
        await auditor.GotoAsync("/admin/inspection/rectifications");
        var notice = auditor.Locator("#notice-1");
        await Assertions.Expect(notice).ToContainTextAsync("反馈：" + answer);
        await Assertions.Expect(notice.Locator("td").Nth(6)).ToHaveTextAsync("已反馈，待审核");
        await notice.GetByLabel("审核意见").FillAsync("已核实，账号恢复更新");
        await notice.GetByRole(AriaRole.Button, new() { Name = "通过" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("#message")).ToHaveTextAsync("已通过整改。");
        await Assertions.Expect(auditor.Locator("#notice-1 td").Nth(6)).ToHaveTextAsync("已通过");
        await Assertions.Expect(auditor.Locator("#notice-1")).ToContainTextAsync("审核意见：已核实，账号恢复更新（auditor）");
        await Assertions.Expect(auditor.Locator("#notice-1")).Not.ToHaveClassAsync("overdue");
        await ShotAsync(auditor, "6-auditor-accepted");

        // The department sees the outcome too.
        await department.ReloadAsync();
        await Assertions.Expect(department.Locator("#notice-1 td").Nth(6)).ToHaveTextAsync("已通过");
    }

    /// <summary>The recipe dates the zombie's last post "today-100d 09:00" (Shanghai); the app runs on the real clock.</summary>
    private static int DaysSinceZombiePost()
    {
        var now = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        return (int)Math.Floor((now.DateTime - now.Date.AddDays(-100).AddHours(9)).TotalDays);
    }

    private static Task ShotAsync(IPage page, string name) => BrowserApp.ScreenshotAsync(page, Path.Combine("inspection", name));
}

/// <summary>
/// Issue 13's auditor views in a real browser, on a county of its own: the 合格 count agrees between dashboard and report,
/// a rule filter shows that rule's findings with their evidence and the export follows the filter, and a closed zombie
/// is an improvement on the comparison page. Screenshots in artifacts/browser/inspection.
/// </summary>
public sealed class InspectionAuditorViewsTests(InspectionBrowserApp browser) : IClassFixture<InspectionBrowserApp>
{
    [Fact]
    public async Task Auditor_filters_the_dashboard_exports_what_is_on_screen_and_sees_a_closed_zombie_as_an_improvement()
    {
        var auditor = await browser.SignedInAsync("auditor", department: "");
        await auditor.GotoAsync("/admin/inspection");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "立即检查" }).ClickAsync();
        await Assertions.Expect(auditor.GetByRole(AriaRole.Status)).ToContainTextAsync("检查完成");
        var first = await auditor.Locator("#summary").TextContentAsync();

        // The 合格 count on the dashboard is the trend's and the report's.
        var passing = await auditor.Locator("#passing").TextContentAsync();
        await auditor.GotoAsync("/admin/inspection/report");
        await Assertions.Expect(auditor.Locator("#passing")).ToHaveTextAsync(passing!.Replace("合格 ", ""));

        // Filter by a rule: the findings of that rule with their evidence; the export links carry the filter.
        await auditor.GotoAsync("/admin/inspection");
        await auditor.GetByLabel("规则").SelectOptionAsync("NM-D01");
        await auditor.GetByRole(AriaRole.Button, new() { Name = "筛选" }).ClickAsync();
        await Assertions.Expect(auditor.Locator("#rule-findings h2")).ToContainTextAsync("NM-D01 的问题与证据");
        await Assertions.Expect(auditor.Locator("#rule-findings")).ToContainTextAsync("农业农村局春耕动员");
        await Assertions.Expect(auditor.Locator("#exports a").First).ToHaveAttributeAsync("href", new System.Text.RegularExpressions.Regex("export\\.csv\\?rule=NM-D01$"));
        await ShotAsync(auditor, "7-dashboard-filtered-with-evidence");
        var download = await auditor.RunAndWaitForDownloadAsync(() => auditor.Locator("#exports a").First.ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Contains(",nyj-wechat,", csv);
        Assert.DoesNotContain(",portal-site,", csv);

        // A matrix admin closes the zombie; the next run compared with the first calls it an improvement.
        var admin = await browser.SignedInAsync("matrix", department: "");
        await admin.GotoAsync("/admin/inspection");
        await admin.Locator("tr[data-account='nyj-wechat'] a").ClickAsync();
        // The lifecycle actions live on the account screen; the inspection drill-down links to it.
        await admin.Locator("#manage-account").ClickAsync();
        await admin.Locator("#close-note").FillAsync("本账号停止更新，请关注“青山农业农村”抖音号。");
        await admin.Locator("#close").ClickAsync();
        await Assertions.Expect(admin.Locator("#flash")).ToContainTextAsync("账号已关停");
        await admin.GotoAsync("/admin/inspection");
        await admin.GetByRole(AriaRole.Button, new() { Name = "立即检查" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync("检查完成");
        await auditor.GotoAsync("/admin/inspection/compare");
        var closed = auditor.Locator("#changes tr[data-account='nyj-wechat'] td.change");
        await Assertions.Expect(closed).ToHaveTextAsync("变好（已关停，清理整合完成）");
        await Assertions.Expect(closed).ToHaveAttributeAsync("data-direction", "Better");
        await ShotAsync(auditor, "8-compare-closed-zombie-better");
        Assert.NotNull(first);
    }

    private static Task ShotAsync(IPage page, string name) => BrowserApp.ScreenshotAsync(page, Path.Combine("inspection", name));
}
