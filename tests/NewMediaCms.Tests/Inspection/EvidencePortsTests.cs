using System.Net;
using System.Text.RegularExpressions;
using ClosedXML.Excel;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Tests.Inspection;

/// <summary>Fake content-safety and page-monitor capabilities answering the inspection's ports, as the test host registers them.</summary>
internal sealed class FakeSafetyEvidence : ISafetyEvidence
{
    public Task<IReadOnlyList<PublishedSafetyFinding>> CollectAsync(SafetyQuery query, CancellationToken cancellationToken)
        => Task.FromResult<IReadOnlyList<PublishedSafetyFinding>>(
        [
            new("sfj", "sfj-weibo", "sfj-w-1", 1, "司法局普法", "NM-V01", "严重", "body", "中华人民共合国", "中华人民共和国", query.NowUtc.AddHours(-1), "formulation", "http://localhost/sfj/notices/sfj-w-1"),
            new("mzj", "mzj-wechat", "mzj-w-1", 1, "民政局养老服务", "NM-V02", "严重", "body", "330106199001011234", "3301**********1234", query.NowUtc.AddHours(-1), "pii-id-number", "http://localhost/mzj/notices/mzj-w-1"),
        ]);
}

internal sealed class FakeSiteIntegrityEvidence : ISiteIntegrityEvidence
{
    public Task<SiteIntegrityFacts> CollectAsync(SiteIntegrityQuery query, CancellationToken cancellationToken)
        => Task.FromResult(new SiteIntegrityFacts(
            [new ProbeFacts("portal", 140, 7, 7, 7)],
            [new IncidentFacts("jtj", "jtj-wechat", "inc-9", "SEC-V01", "signature", "http://localhost/jtj/notices/jtj-w-1", "标题前堆砌博彩关键词", query.NowUtc.AddHours(-2), null)],
            [new BrokenLinkFacts("portal", "portal-site", "http://localhost/", "http://localhost/old-guide", 404, "", query.NowUtc.AddHours(-1))]));
}

/// <summary>The inspection county with both fake ports registered.</summary>
public sealed class EvidencePortsAppFactory : NmcAppFactoryWithClock
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ISafetyEvidence>();
            services.RemoveAll<ISiteIntegrityEvidence>();
            services.AddScoped<ISafetyEvidence, FakeSafetyEvidence>();
            services.AddScoped<ISiteIntegrityEvidence, FakeSiteIntegrityEvidence>();
        });
    }
}

/// <summary>The inspection county with neither port registered (whatever the capabilities register).</summary>
public sealed class NoEvidencePortsAppFactory : NmcAppFactoryWithClock
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<ISafetyEvidence>();
            services.RemoveAll<ISiteIntegrityEvidence>();
        });
    }
}

public abstract class NmcAppFactoryWithClock : NewMediaCms.Tests.Infrastructure.NmcAppFactory
{
    protected NmcAppFactoryWithClock() : base(NewMediaCms.Tests.Infrastructure.StoreKind.Sqlite, NewMediaCms.Tests.Infrastructure.TestPaths.Recipe("inspection-county"))
    {
        Clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(Matrix.Now));
    }

    public async Task<InspectionRun> RunInspectionAsync()
    {
        await using var scope = TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<InspectionRunner>().RunAsync("测试", CancellationToken.None);
    }
}

public sealed class EvidencePortsTests(EvidencePortsAppFactory app) : IClassFixture<EvidencePortsAppFactory>
{
    [Fact]
    public async Task Findings_from_the_safety_and_monitor_ports_are_stored_with_their_evidence_and_shown_in_the_drill_down()
    {
        var run = await app.RunInspectionAsync();
        Assert.Equal(RunState.Succeeded, run.State);
        await using var scope = app.TenantScope(null);
        var findings = await app.Db(scope).Set<InspectionFinding>().Where(f => f.RunId == run.Id).ToListAsync();
        var wording = findings.Single(f => f.RuleId == "NM-V01");
        Assert.Equal(("sfj-weibo", Severity.Veto), (wording.AccountId, wording.Severity));
        Assert.Contains("中华人民共合国", wording.EvidenceJson);
        Assert.Contains("http://localhost/sfj/notices/sfj-w-1", wording.EvidenceJson);
        Assert.Equal(Severity.Deduction, findings.Single(f => f.RuleId == "NM-V02").Severity);
        Assert.Equal(Severity.Veto, findings.Single(f => f.RuleId == "WEB-V01" && f.AccountId == "portal-site").Severity);
        // A site the monitor has no probes of is not clean: it could not be checked.
        var unchecked_ = findings.Single(f => f.RuleId == "WEB-V01" && f.AccountId == "wjw-site");
        Assert.Equal(Severity.Warning, unchecked_.Severity);
        Assert.Contains("没有可用性探测记录", unchecked_.Message);
        Assert.Equal("jtj-wechat", findings.Single(f => f.RuleId == "SEC-V01").AccountId);
        Assert.Equal("portal-site", findings.Single(f => f.RuleId == "NM-D11").AccountId);
        var results = await app.Db(scope).Set<InspectionAccountResult>().Where(r => r.RunId == run.Id).ToDictionaryAsync(r => r.AccountId);
        Assert.Equal(AccountStatus.Veto, results["sfj-weibo"].Status);
        Assert.Equal(AccountStatus.Veto, results["portal-site"].Status);

        var auditor = await app.SignInAsync("auditor");
        var detail = await InspectionPagesTests.Page(auditor, $"/admin/inspection/runs/{run.Id}/accounts/sfj-weibo");
        Assert.Contains("data-rule=\"NM-V01\"", detail);
        Assert.Contains("“中华人民共合国”，建议改为“中华人民共和国”", detail);
        Assert.Contains("href=\"http://localhost/sfj/notices/sfj-w-1\"", detail);
        Assert.Contains("/admin/inspection/content/sfj-w-1", detail);

        // The dashboard's rule view lists the findings of the rule with their evidence.
        var dashboard = await InspectionPagesTests.Page(auditor, $"/admin/inspection?run={run.Id}&rule=SEC-V01");
        Assert.Contains("id=\"rule-findings\"", dashboard);
        Assert.Contains("标题前堆砌博彩关键词", dashboard);
        Assert.Contains("http://localhost/jtj/notices/jtj-w-1", dashboard);

        // The report lists the veto findings with their evidence.
        var report = await InspectionPagesTests.Page(auditor, $"/admin/inspection/report?run={run.Id}");
        Assert.Contains("中华人民共合国", report);
    }

    [Fact]
    public async Task The_evidence_is_in_the_findings_csv_and_the_excel_export()
    {
        var run = await app.RunInspectionAsync();
        var auditor = await app.SignInAsync("auditor");
        var csv = System.Text.Encoding.UTF8.GetString(await auditor.GetByteArrayAsync($"/admin/inspection/runs/{run.Id}/findings.csv"));
        Assert.StartsWith("\uFEFF部门,账号ID,规则,性质,扣分,问题,阈值,证据,证据链接,整改任务", csv);
        var line = csv.Split('\n').Single(l => l.Contains(",NM-V01,"));
        Assert.Contains("中华人民共合国", line);
        Assert.Contains("http://localhost/sfj/notices/sfj-w-1", line);
        Assert.Contains("/admin/inspection/content/sfj-w-1", line);

        using var workbook = new XLWorkbook(new MemoryStream(await auditor.GetByteArrayAsync($"/admin/inspection/runs/{run.Id}/export.xlsx")));
        var row = workbook.Worksheet("问题").RowsUsed().Single(r => r.Cell(3).GetString() == "SEC-V01");
        Assert.Contains("标题前堆砌博彩关键词", row.Cell(8).GetString());
        Assert.Contains("http://localhost/jtj/notices/jtj-w-1", row.Cell(9).GetString());
    }
}

public sealed class EvidencePortsWaitingTests(NoEvidencePortsAppFactory app) : IClassFixture<NoEvidencePortsAppFactory>
{
    [Fact]
    public async Task Without_the_ports_the_new_rules_are_listed_as_waiting_for_data_and_give_no_findings()
    {
        var run = await app.RunInspectionAsync();
        var outcomes = System.Text.Json.JsonSerializer.Deserialize<List<RuleOutcome>>(run.RulesJson, InspectionSettings.Json)!.ToDictionary(o => o.RuleId);
        foreach (var id in new[] { "NM-V01", "NM-V02", "NM-V03", "NM-D05", "NM-D07", "WEB-V01", "WEB-W01", "SEC-V01", "NM-D11" })
        {
            Assert.False(outcomes[id].Evaluated, id);
            Assert.Contains("等待", outcomes[id].Note);
        }
        Assert.True(outcomes["WEB-V05"].Evaluated);
        Assert.Contains("篡改部分等待", outcomes["WEB-V05"].Note);
        var auditor = await app.SignInAsync("auditor");
        var page = await InspectionPagesTests.Page(auditor, $"/admin/inspection?run={run.Id}");
        Assert.Contains("等待内容安全", page);
        Assert.Contains("等待页面监测", page);
    }
}

public sealed partial class AuditorViewPagesTests(InspectionAppFactory app) : IClassFixture<InspectionAppFactory>
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string pageUrl, string postUrl, List<KeyValuePair<string, string>> fields)
    {
        var html = await client.GetStringAsync(pageUrl);
        fields.Add(new("__RequestVerificationToken", Token().Match(html).Groups[1].Value));
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields));
    }

    [Fact]
    public async Task Exports_follow_the_filter_on_screen()
    {
        var run = await app.RunInspectionAsync();
        var auditor = await app.SignInAsync("auditor");
        var dashboard = await InspectionPagesTests.Page(auditor, $"/admin/inspection?run={run.Id}&department=jtj&status=Veto");
        Assert.Contains($"/admin/inspection/runs/{run.Id}/export.csv?department=jtj&status=Veto", dashboard);
        Assert.Contains($"/admin/inspection/runs/{run.Id}/export.xlsx?department=jtj&status=Veto", dashboard);

        var csv = System.Text.Encoding.UTF8.GetString(await auditor.GetByteArrayAsync($"/admin/inspection/runs/{run.Id}/export.csv?department=jtj&status=Veto"));
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);   // the header and jtj-wechat, as on screen
        Assert.Contains(",jtj-wechat,", lines[1]);

        using var workbook = new XLWorkbook(new MemoryStream(await auditor.GetByteArrayAsync($"/admin/inspection/runs/{run.Id}/export.xlsx?rule=NM-D02")));
        var accounts = workbook.Worksheet("账号").RowsUsed().Skip(1).Select(r => r.Cell(3).GetString()).Order().ToList();
        Assert.Equal(["jtj-wechat", "jtj-wechat-2"], accounts);
        var rules = workbook.Worksheet("问题").RowsUsed().Skip(1).Select(r => r.Cell(3).GetString()).Distinct().ToList();
        Assert.Equal(["NM-D02"], rules);
        Assert.Equal("rule=NM-D02", workbook.Worksheet("说明").Cell(6, 2).GetString());

        var all = System.Text.Encoding.UTF8.GetString(await auditor.GetByteArrayAsync($"/admin/inspection/runs/{run.Id}/export.csv"));
        Assert.Equal(13, all.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Dashboard_trend_and_report_give_the_same_passing_count()
    {
        var run = await app.RunInspectionAsync();
        var auditor = await app.SignInAsync("auditor");
        var passing = run.Passed + run.Warned;
        Assert.True(run.Warned > 0);   // the case where the counts used to differ
        var dashboard = await InspectionPagesTests.Page(auditor, $"/admin/inspection?run={run.Id}");
        Assert.Contains($"<span id=\"passing\">合格 {passing}</span>", dashboard);
        var report = await InspectionPagesTests.Page(auditor, $"/admin/inspection/report?run={run.Id}");
        Assert.Contains($"合格 <span id=\"passing\">{passing}</span> 个", report);
        var trend = await InspectionPagesTests.Page(auditor, "/admin/inspection/trend");
        Assert.Matches($"<td>第 {run.Id} 次</td><td>[^<]*</td><td>{run.Inspected}</td><td>{passing}</td>", trend);
    }

    [Fact]
    public async Task One_rectification_notice_covers_every_finding_of_an_account_and_a_second_is_refused()
    {
        var run = await app.RunInspectionAsync();
        var auditor = await app.SignInAsync("auditor");
        var url = $"/admin/inspection/runs/{run.Id}/accounts/nyj-wechat";
        var detail = await InspectionPagesTests.Page(auditor, url);
        var ids = Regex.Matches(detail, "name=\"findingIds\" value=\"(\\d+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(3, ids.Count);   // NM-V06, NM-D01, NM-D12: one form for all
        Assert.Single(Regex.Matches(detail, "handler=Issue"));
        var fields = ids.Select(id => new KeyValuePair<string, string>("findingIds", id)).Append(new("deadline", "2026-12-10")).ToList();
        var issued = await PostFormAsync(auditor, url, url + "?handler=Issue", fields);
        Assert.Equal(HttpStatusCode.Redirect, issued.StatusCode);
        var after = await InspectionPagesTests.Page(auditor, url);
        Assert.Contains("覆盖 3 项问题", after);
        Assert.Contains("id=\"notice-open\"", after);
        Assert.DoesNotContain("handler=Issue", after);

        await using (var scope = app.TenantScope(null))
        {
            var notices = await app.Db(scope).Set<RectificationNotice>().AcrossTenants().Include(n => n.Items).Where(n => n.RunId == run.Id && n.AccountId == "nyj-wechat").ToListAsync();
            var notice = Assert.Single(notices);
            Assert.Equal(["NM-D01", "NM-D12", "NM-V06"], notice.Items.Select(i => i.RuleId).Order());
            Assert.Equal("NM-D01,NM-D12,NM-V06", notice.RuleId);
            var service = scope.ServiceProvider.GetRequiredService<RectificationService>();
            var again = await Assert.ThrowsAsync<RectificationException>(() => service.IssueAsync(run.Id, "nyj-wechat", [], new DateOnly(2026, 12, 10), "", "auditor", CancellationToken.None));
            Assert.Contains($"第 {notice.Id} 号", again.Message);
        }

        // The department sees one notice listing the three problems.
        var department = await app.SignInAsync("nyj.admin", pathBase: "/nyj");
        var list = await InspectionPagesTests.Page(department, "/nyj/admin/inspection/rectifications");
        Assert.Single(Regex.Matches(list, "<tr id=\"notice-"));
        Assert.Equal(3, Regex.Matches(list, "<li data-rule=").Count);
    }

    [Fact]
    public async Task Comparing_before_and_after_closing_a_zombie_shows_an_improvement()
    {
        using var own = new InspectionAppFactory();
        var before = await own.RunInspectionAsync();
        await using (var scope = own.TenantScope(null))
        {
            await scope.ServiceProvider.GetRequiredService<NewMediaCms.Accounts.AccountLifecycleService>().CloseAsync("nyj-wechat", "matrix", "本账号停止更新。", CancellationToken.None);
        }
        var after = await own.RunInspectionAsync();
        var auditor = await own.SignInAsync("auditor");
        var compare = await InspectionPagesTests.Page(auditor, $"/admin/inspection/compare?a={before.Id}&b={after.Id}");
        var row = Regex.Match(compare, "<tr data-account=\"nyj-wechat\">([\\s\\S]*?)</tr>").Groups[1].Value;
        Assert.Contains("data-direction=\"Better\">变好（已关停，清理整合完成）", row);
        Assert.DoesNotContain("变差", row);
    }
}

public sealed partial class ServiceExemptionSettingTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [Fact]
    public async Task Matrix_admin_widens_the_service_exemption_on_the_settings_page_and_the_next_run_follows_it()
    {
        using var app = new InspectionAppFactory();
        var client = await app.SignInAsync("matrix");
        var html = await client.GetStringAsync("/admin/inspection/settings");
        Assert.Contains("value=\"national\" selected=\"selected\"", html);   // the national reading by default
        var fields = new List<KeyValuePair<string, string>> { new("serviceExemption", "broad"), new("__RequestVerificationToken", Token().Match(html).Groups[1].Value) };
        foreach (Match m in Regex.Matches(html, "name=\"([A-Z]+-[A-Z0-9]+)\\.enabled\" checked=\"checked\""))
        {
            fields.Add(new(m.Groups[1].Value + ".enabled", "on"));
        }
        Assert.Equal(HttpStatusCode.Redirect, (await client.PostAsync("/admin/inspection/settings", new FormUrlEncodedContent(fields))).StatusCode);
        Assert.Contains("value=\"broad\" selected=\"selected\"", await client.GetStringAsync("/admin/inspection/settings"));
        var run = await app.RunInspectionAsync();
        await using var scope = app.TenantScope(null);
        var rules = await app.Db(scope).Set<InspectionFinding>().Where(f => f.RunId == run.Id && f.AccountId == "sfj-app").Select(f => f.RuleId).ToListAsync();
        Assert.Empty(rules);   // nationally NM-D01 and NM-D12 (InspectionRunTests.ExpectedFindings)
    }
}
