using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Settings;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Inspection;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Interaction;

/// <summary>
/// NM-D10, WEB-V04 and NM-V07 on real messages in the store: the interaction capability's aggregate query feeds the snapshot,
/// the rules judge it at a fixed check time (Friday 27 November 2026, 10:00 Beijing) with the PRC calendar. Each test uses
/// accounts of its own, so the tests share one application.
/// </summary>
public sealed class MessageRuleTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    private async Task AccountAsync(string id, string tenant = "gaj", Platform platform = Platform.WeChat)
    {
        await using var scope = app.TenantScope(tenant);
        var db = app.Db(scope);
        db.Add(new Account { Id = id, TenantId = tenant, Name = "测试" + id, Platform = platform, OperatingUnit = "测试县公安局", CreatedUtc = Matrix.Now.AddYears(-2), UpdatedUtc = Matrix.Now });
        await db.SaveChangesAsync();
    }

    private async Task<List<Finding>> RunAsync(string ruleId, DateTime? at = null)
    {
        await using var scope = app.TenantScope(null);
        var sp = scope.ServiceProvider;
        var settings = await sp.GetRequiredService<InspectionSettingsStore>().GetAsync(CancellationToken.None);
        var calendar = sp.GetRequiredService<CalendarProvider>().Get(settings);
        var snapshot = await sp.GetRequiredService<SnapshotBuilder>().BuildAsync(at ?? Matrix.Now, settings, calendar, CancellationToken.None);
        var rule = sp.GetRequiredService<RuleCatalog>().Find(ruleId)!;
        Assert.Null(rule.MissingData(snapshot));
        return rule.Evaluate(snapshot, settings.For(rule), settings).ToList();
    }

    [Fact]
    public async Task Nm_d10_warns_only_after_the_fifth_working_day_has_passed()
    {
        await AccountAsync("d10-warn-at");
        await AccountAsync("d10-warn-over");
        await AccountAsync("d10-warn-under");
        // Received Friday 20 November: due Friday 27 November (today) — at the threshold, no warning yet.
        await MessageSite.AddAsync(app, "gaj", "预警-到期当天", Matrix.Local(2026, 11, 20, 0), "d10-warn-at");
        // Received one minute earlier, Thursday 19 November 23:59: due 26 November, overdue today.
        await MessageSite.AddAsync(app, "gaj", "预警-超期", Matrix.Local(2026, 11, 20, 0) - Minute, "d10-warn-over");
        await MessageSite.AddAsync(app, "gaj", "预警-未到期", Matrix.Local(2026, 11, 23), "d10-warn-under");

        var found = (await RunAsync("NM-D10")).Where(f => f.AccountId!.StartsWith("d10-warn", StringComparison.Ordinal)).ToList();
        var f = Assert.Single(found);
        Assert.Equal("d10-warn-over", f.AccountId);
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Equal(0, f.Points);
        Assert.Contains("超过 5 个工作日", f.Message);
    }

    [Fact]
    public async Task Nm_d10_deducts_only_after_the_fifteenth_working_day_has_passed()
    {
        await AccountAsync("d10-deduct-at");
        await AccountAsync("d10-deduct-over");
        await AccountAsync("d10-deduct-under");
        // Received Friday 6 November: the 15th working day is today.
        await MessageSite.AddAsync(app, "gaj", "扣分-到期当天", Matrix.Local(2026, 11, 6, 0), "d10-deduct-at");
        await MessageSite.AddAsync(app, "gaj", "扣分-超期", Matrix.Local(2026, 11, 6, 0) - Minute, "d10-deduct-over");
        await MessageSite.AddAsync(app, "gaj", "扣分-未到期", Matrix.Local(2026, 11, 9), "d10-deduct-under");

        var found = (await RunAsync("NM-D10")).Where(f => f.AccountId!.StartsWith("d10-deduct", StringComparison.Ordinal)).ToList();
        var deduction = Assert.Single(found, f => f.Severity == Severity.Deduction);
        Assert.Equal("d10-deduct-over", deduction.AccountId);
        Assert.Equal(2, deduction.Points);
        Assert.Contains("超过 15 个工作日未答复 1 条", deduction.Message);
        // The two others are past 5 working days: warnings, not deductions.
        Assert.Equal(["d10-deduct-at", "d10-deduct-under"], found.Where(f => f.Severity == Severity.Warning).Select(f => f.AccountId!).Order());
    }

    [Fact]
    public async Task Nm_d10_vetoes_an_account_message_open_for_more_than_three_months()
    {
        await AccountAsync("d10-veto-at");
        await AccountAsync("d10-veto-over");
        await AccountAsync("d10-veto-under");
        await MessageSite.AddAsync(app, "gaj", "否决-恰好三个月", Matrix.Local(2026, 8, 27, 10), "d10-veto-at");
        await MessageSite.AddAsync(app, "gaj", "否决-超过三个月", Matrix.Local(2026, 8, 27, 10) - Minute, "d10-veto-over");
        await MessageSite.AddAsync(app, "gaj", "否决-不足三个月", Matrix.Local(2026, 8, 28, 10), "d10-veto-under");

        var found = (await RunAsync("NM-D10")).Where(f => f.AccountId!.StartsWith("d10-veto", StringComparison.Ordinal)).ToList();
        var veto = Assert.Single(found, f => f.Severity == Severity.Veto);
        Assert.Equal("d10-veto-over", veto.AccountId);
        Assert.Contains("超过 3 个月未答复", veto.Message);
        // The veto replaces the deduction for that message; the two others are deductions.
        Assert.Equal(["d10-veto-at", "d10-veto-under"], found.Where(f => f.Severity == Severity.Deduction).Select(f => f.AccountId!).Order());
    }

    [Fact]
    public async Task Nm_d10_deducts_for_replies_given_after_fifteen_working_days_in_the_last_year()
    {
        await AccountAsync("d10-late-at");
        await AccountAsync("d10-late-over");
        await MessageSite.AddAsync(app, "gaj", "答复用时15个工作日", Matrix.Local(2026, 6, 1), "d10-late-at", MessageStatus.Answered, "已答复。", Matrix.Local(2026, 6, 22), 15);
        await MessageSite.AddAsync(app, "gaj", "答复用时16个工作日", Matrix.Local(2026, 6, 1), "d10-late-over", MessageStatus.Answered, "已答复。", Matrix.Local(2026, 6, 23), 16);

        var found = (await RunAsync("NM-D10")).Where(f => f.AccountId!.StartsWith("d10-late", StringComparison.Ordinal)).ToList();
        var f = Assert.Single(found);
        Assert.Equal("d10-late-over", f.AccountId);
        Assert.Equal(Severity.Deduction, f.Severity);
        Assert.Contains("超期答复 1 条", f.Message);
    }

    [Fact]
    public async Task Nm_d10_counts_working_days_across_the_national_day_holiday()
    {
        await AccountAsync("d10-holiday");
        await MessageSite.AddAsync(app, "gaj", "国庆前一天的留言", Matrix.Local(2026, 9, 30), "d10-holiday");
        // Due 13 October (holidays 1–7 October off, Saturday 10 October on).
        Assert.DoesNotContain(await RunAsync("NM-D10", Matrix.Local(2026, 10, 13, 23)), f => f.AccountId == "d10-holiday");
        var f = Assert.Single(await RunAsync("NM-D10", Matrix.Local(2026, 10, 14, 9)), f => f.AccountId == "d10-holiday");
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Fact]
    public async Task Web_v04_vetoes_the_site_for_a_consultation_open_more_than_three_months_looking_back_one_year()
    {
        await AccountAsync("v04-at", platform: Platform.SiteChannel);
        await AccountAsync("v04-over", platform: Platform.SiteChannel);
        await AccountAsync("v04-under", platform: Platform.SiteChannel);
        await AccountAsync("v04-old", platform: Platform.SiteChannel);
        await MessageSite.AddAsync(app, "gaj", "网站咨询-恰好三个月", Matrix.Local(2026, 8, 27, 10), "v04-at");
        await MessageSite.AddAsync(app, "gaj", "网站咨询-超过三个月", Matrix.Local(2026, 8, 27, 10) - Minute, "v04-over");
        await MessageSite.AddAsync(app, "gaj", "网站咨询-不足三个月", Matrix.Local(2026, 9, 1), "v04-under");
        // Outside the look-back year (received 27 November 2025, 09:59): not WEB-V04's, still an NM-D10 deduction.
        await MessageSite.AddAsync(app, "gaj", "网站咨询-一年以前", Matrix.Local(2025, 11, 27, 10) - Minute, "v04-old");

        // WEB-V04 judges the department's consultation box as a whole: gaj has exactly one message in range.
        var f = Assert.Single(await RunAsync("WEB-V04"), f => f.TenantId == "gaj");
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Contains("有 1 条超过 3 个月未答复", f.Message);
        Assert.Contains(f.Evidence, e => e.AtUtc == Matrix.Local(2026, 8, 27, 10) - Minute);

        // NM-D10 does not veto site channels (WEB-V04 does); their old messages are deductions.
        var d10 = (await RunAsync("NM-D10")).Where(x => x.AccountId!.StartsWith("v04-", StringComparison.Ordinal)).ToList();
        Assert.DoesNotContain(d10, x => x.Severity == Severity.Veto);
        Assert.Contains(d10, x => x.AccountId == "v04-old" && x.Severity == Severity.Deduction);
    }

    [Fact]
    public async Task Web_v04_finds_a_department_message_without_account_on_the_departments_site_account()
    {
        await MessageSite.AddAsync(app, "edu", "写给教育局的留言", Matrix.Local(2026, 6, 1));
        var f = Assert.Single(await RunAsync("WEB-V04"), f => f.TenantId == "edu");
        Assert.Equal("edu-site", f.AccountId);
        Assert.DoesNotContain(await RunAsync("WEB-V04", Matrix.Local(2026, 8, 31)), x => x.TenantId == "edu");
    }

    [Fact]
    public async Task Nm_v07_vetoes_every_account_of_a_department_whose_message_function_is_off_and_a_single_account_switched_off()
    {
        await AccountAsync("v07-open");
        await AccountAsync("v07-closed");
        await using (var scope = app.TenantScope(null))
        {
            var db = app.Db(scope);
            db.Add(new Setting { Scope = "wjw", Key = MessageSwitch.SettingKey, ValueJson = new MessageSwitch(false, []).ToJson(), UpdatedUtc = Matrix.Now });
            db.Add(new Setting { Scope = "gaj", Key = MessageSwitch.SettingKey, ValueJson = new MessageSwitch(true, ["v07-closed"]).ToJson(), UpdatedUtc = Matrix.Now });
            await db.SaveChangesAsync();
        }
        var found = await RunAsync("NM-V07");
        Assert.Contains(found, f => f.AccountId == "wjw-site" && f.Severity == Severity.Veto && f.Message.Contains("本部门留言功能已关闭"));
        Assert.Contains(found, f => f.AccountId == "v07-closed" && f.Message.Contains("本账号留言功能已关闭"));
        Assert.DoesNotContain(found, f => f.AccountId is "v07-open" or "gaj-wechat" or "edu-site");
    }

    [Fact]
    public void Without_the_interaction_capability_the_three_rules_wait_for_data()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        var result = new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings());
        var rules = result.Rules.Where(r => r.RuleId is "NM-D10" or "WEB-V04" or "NM-V07").ToList();
        Assert.Equal(3, rules.Count);
        Assert.All(rules, r => Assert.False(r.Evaluated));
    }
}
