using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Rules;

namespace NewMediaCms.Tests.Inspection;

public sealed class DormancyRuleTests
{
    private static readonly TimeSpan Minute = TimeSpan.FromMinutes(1);

    [Fact]
    public void Account_that_posted_exactly_fourteen_days_before_the_check_is_not_dormant()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-14));
        Assert.Empty(m.Run("NM-V06"));
    }

    [Fact]
    public void Account_is_vetoed_one_minute_past_fourteen_days_without_a_post()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-14) - Minute);
        var f = Assert.Single(m.Run("NM-V06"));
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Equal("a", f.AccountId);
        Assert.Contains(f.Evidence, e => e.Label == "最后发布" && e.ContentItemId == "a-last");
        Assert.Contains("14", f.Threshold);
    }

    [Fact]
    public void Account_that_posted_thirteen_days_ago_is_not_dormant()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-13));
        Assert.Empty(m.Run("NM-V06"));
    }

    [Fact]
    public void Service_accounts_are_exempt_from_the_fourteen_day_rule_and_closed_accounts_are_not_inspected()
    {
        var m = new Matrix();
        m.Account("service", Platform.MiniProgram, lastPost: Matrix.Now.AddDays(-60), kind: AccountKind.Service);
        m.Account("closed", lastPost: Matrix.Now.AddDays(-60), state: AccountState.Closed);
        m.Account("merged", lastPost: Matrix.Now.AddDays(-60), state: AccountState.MergedInto);
        Assert.Empty(m.Run("NM-V06"));
        Assert.Empty(m.Run("NM-W01"));
        Assert.Empty(m.Run("NM-D01"));
    }

    [Fact]
    public void Account_that_never_posted_is_dormant_fourteen_days_after_opening_but_not_before()
    {
        var m = new Matrix();
        m.Account("old", openedOn: new DateOnly(2026, 11, 12));   // 15 days before the check
        m.Account("new", openedOn: new DateOnly(2026, 11, 14));   // 13 days before the check
        var f = Assert.Single(m.Run("NM-V06"));
        Assert.Equal("old", f.AccountId);
        Assert.Contains("从未发布", f.Message);
    }

    [Fact]
    public void Threshold_is_a_setting()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-8));
        Assert.Empty(m.Run("NM-V06"));
        Assert.Single(m.Run("NM-V06", s => s.Threshold = 7));
    }

    [Fact]
    public void Early_warning_starts_just_after_ten_days_and_gives_way_to_the_veto_after_fourteen()
    {
        var m = new Matrix();
        m.Account("ten", lastPost: Matrix.Now.AddDays(-10));
        m.Account("ten-plus", lastPost: Matrix.Now.AddDays(-10) - Minute);
        m.Account("nine", lastPost: Matrix.Now.AddDays(-9));
        m.Account("fifteen", lastPost: Matrix.Now.AddDays(-15));
        var f = Assert.Single(m.Run("NM-W01"));
        Assert.Equal("ten-plus", f.AccountId);
        Assert.Equal(Severity.Warning, f.Severity);
    }

    [Fact]
    public void Site_channels_are_judged_by_the_home_page_rule_at_fourteen_days()
    {
        var m = new Matrix();
        m.Account("site-at", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-14));
        m.Account("site-over", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-14) - Minute, unit: "测试县公安局交警大队");
        m.Account("site-under", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-13), unit: "测试县公安局治安大队");
        Assert.Empty(m.Run("NM-V06"));
        var f = Assert.Single(m.Run("WEB-V02"));
        Assert.Equal("site-over", f.AccountId);
        Assert.Equal(Severity.Veto, f.Severity);
    }

    [Fact]
    public void Zombie_starts_just_after_ninety_days_or_ninety_days_after_opening_without_any_post()
    {
        var m = new Matrix();
        m.Account("at", lastPost: Matrix.Now.AddDays(-90));
        m.Account("over", lastPost: Matrix.Now.AddDays(-90) - Minute);
        m.Account("under", lastPost: Matrix.Now.AddDays(-89));
        m.Account("never", openedOn: new DateOnly(2026, 8, 1));
        var found = m.Run("NM-D01");
        Assert.Equal(["never", "over"], found.Select(f => f.AccountId!).Order());
        Assert.All(found, f => Assert.NotNull(f.Task));
        Assert.All(found, f => Assert.Equal(20, f.Points));
    }
}

public sealed class AccountRuleTests
{
    [Fact]
    public void One_account_per_unit_and_platform_is_fine_two_are_duplicates()
    {
        var m = new Matrix();
        m.Account("wechat-1", Platform.WeChat);
        m.Account("weibo", Platform.Weibo);
        Assert.Empty(m.Run("NM-D02"));
        m.Account("wechat-2", Platform.WeChat, name: "测试公安发布");
        var found = m.Run("NM-D02");
        Assert.Equal(["wechat-1", "wechat-2"], found.Select(f => f.AccountId!).Order());
        Assert.Contains(found.Single(f => f.AccountId == "wechat-1").Evidence, e => e.Value.Contains("wechat-2"));
    }

    [Fact]
    public void Duplicate_threshold_is_a_setting_and_closed_accounts_do_not_count()
    {
        var m = new Matrix();
        m.Account("w1");
        m.Account("w2");
        m.Account("w3", state: AccountState.Closed);
        Assert.Empty(m.Run("NM-D02", s => s.Threshold = 2));
        m.Account("w4");
        Assert.Equal(3, m.Run("NM-D02", s => s.Threshold = 2).Count);
    }

    // 2026-09-30 (Wed) + 5 working days: 10-01..10-07 are the National Day holiday, 10-10 (Sat) is a make-up working day:
    // 10-08 (1), 10-09 (2), 10-10 (3), 10-12 (4), 10-13 (5).
    [Fact]
    public void Filing_deadline_counts_working_days_across_the_national_day_holiday_and_its_make_up_saturday()
    {
        Assert.Equal(new DateOnly(2026, 10, 13), Matrix.Calendar.AddWorkingDays(new DateOnly(2026, 9, 30), 5));
    }

    [Fact]
    public void Filing_on_the_deadline_is_on_time_the_next_day_is_late()
    {
        var m = new Matrix();
        m.Account("on-time", openedOn: new DateOnly(2026, 9, 30), filedOn: new DateOnly(2026, 10, 13));
        m.Account("late", Platform.Weibo, openedOn: new DateOnly(2026, 9, 30), filedOn: new DateOnly(2026, 10, 14));
        var f = Assert.Single(m.Run("NM-D03"));
        Assert.Equal("late", f.AccountId);
        Assert.Contains("迟延 1 个工作日", f.Message);
        Assert.Contains(f.Evidence, e => e.Value.StartsWith("2026-10-13"));
    }

    [Fact]
    public void Unfiled_account_is_not_late_on_the_deadline_and_is_late_the_working_day_after()
    {
        var m = new Matrix { At = Matrix.Local(2026, 10, 13) };
        m.Account("unfiled", openedOn: new DateOnly(2026, 9, 30), filingNumber: "");
        Assert.Empty(m.Run("NM-D03"));
        m.At = Matrix.Local(2026, 10, 14);
        var f = Assert.Single(m.Run("NM-D03"));
        Assert.Contains("未备案", f.Message);
        m.At = Matrix.Local(2026, 10, 12);
        Assert.Empty(m.Run("NM-D03"));
    }

    [Fact]
    public void A_recorded_change_must_also_be_filed_within_five_working_days()
    {
        var m = new Matrix();
        m.Account("a");
        m.Filing("a", "变更", new DateOnly(2026, 11, 16), null);   // Mon; deadline Mon 11-23; check 11-27
        m.Filing("a", "变更", new DateOnly(2026, 11, 20), null);   // Fri; deadline Fri 11-27 = today: not yet late
        var f = Assert.Single(m.Run("NM-D03"));
        Assert.Contains("变更未备案", f.Message);
    }

    [Theory]
    [InlineData("测试公安", "测试县公安局", true)]
    [InlineData("测试县卫生健康局网站", "测试县卫生健康局", true)]
    [InlineData("测试卫健", "测试县卫生健康局", true)]
    [InlineData("平安小卫士", "测试县公安局", false)]
    [InlineData("法治小喇叭", "测试县司法局", false)]
    public void Account_name_must_identify_its_operating_unit(string name, string unit, bool ok)
    {
        var m = new Matrix();
        m.Account("a", name: name, unit: unit);
        Assert.Equal(ok, m.Run("NM-D04").Count == 0);
    }

    [Fact]
    public void Names_that_differ_across_platforms_are_flagged_on_the_odd_one_out()
    {
        var m = new Matrix();
        m.Account("wechat", Platform.WeChat, name: "测试公安");
        m.Account("weibo", Platform.Weibo, name: "测试公安");
        m.Account("douyin", Platform.Douyin, name: "测试县公安");
        var f = Assert.Single(m.Run("NM-D04"));
        Assert.Equal("douyin", f.AccountId);
        Assert.Contains("不一致", f.Message);
    }

    [Fact]
    public void Original_content_floor_is_one_post_in_thirty_days()
    {
        var m = new Matrix();
        m.Account("one", originals: 1, lastPost: Matrix.Now.AddDays(-1));
        m.Account("none", Platform.Weibo, originals: 0, lastPost: Matrix.Now.AddDays(-1));
        m.Account("two", Platform.Douyin, originals: 2, lastPost: Matrix.Now.AddDays(-1));
        m.Account("young", Platform.App, originals: 0, openedOn: new DateOnly(2026, 11, 20));
        var f = Assert.Single(m.Run("NM-D12"));
        Assert.Equal("none", f.AccountId);
        Assert.Equal(["none", "one"], m.Run("NM-D12", s => s.Threshold = 2).Select(x => x.AccountId!).Order());
    }

    [Fact]
    public void Review_chain_rule_waits_for_editorial_data_and_counts_each_unreviewed_post_when_it_exists()
    {
        var m = new Matrix();
        m.Account("a");
        var rule = new RuleCatalog().Find("NM-D13")!;
        Assert.NotNull(rule.MissingData(m.Snapshot()));
        m.Unreviewed = [new UnreviewedPost("n1", "gaj", "a", "未审先发", Matrix.Now.AddDays(-2), 3, 1, "缺少科室负责人、分管领导审核")];
        Assert.Null(rule.MissingData(m.Snapshot()));
        var f = Assert.Single(m.Run("NM-D13"));
        Assert.Contains("1/3", f.Message);
        Assert.Equal("n1", f.Evidence[0].ContentItemId);
    }

    [Fact]
    public void Manual_flags_recorded_by_an_auditor_become_findings_of_their_rule()
    {
        var m = new Matrix();
        m.Account("a");
        m.Flag("NM-V05", "a", "购买粉丝 2 万");
        m.Flag("NM-D06", "a", "转发娱乐八卦");
        Assert.Equal(Severity.Veto, Assert.Single(m.Run("NM-V05")).Severity);
        Assert.Equal(Severity.Deduction, Assert.Single(m.Run("NM-D06")).Severity);
        Assert.Empty(m.Run("NM-V04"));
    }
}

public sealed class SiteRuleTests
{
    private static readonly string[] Types = ["news", "notice", "policy", "interpretation", "guide"];

    [Fact]
    public void Four_stale_sections_pass_five_stale_sections_are_vetoed()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Section("news", Matrix.Now.AddDays(-15));                 // news: 14 days
        foreach (var t in Types.Skip(1).Take(3))
        {
            m.Section(t, Matrix.Now.AddDays(-181));                 // 6 months
        }
        m.Section("guide", Matrix.Now.AddDays(-180));               // exactly at 180 days: not stale
        Assert.Empty(m.Run("WEB-V03"));
        var f = Assert.Single(m.Run("WEB-V03", s => s.Options["sections"] = "news:14,notice:180,policy:180,interpretation:180,guide:179"));
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Equal(5, f.Evidence.Count(e => e.Label == "未按期更新"));
    }

    [Fact]
    public void Five_blank_sections_are_vetoed_four_are_not()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Section("notice", Matrix.Now.AddDays(-1));
        Assert.Empty(m.Run("WEB-V03"));                              // 4 blank
        Assert.Single(m.Run("WEB-V03", s => s.Options["sections"] = "news:14,notice:180,policy:180,interpretation:180,guide:180,rules:180"));
    }

    [Fact]
    public void Department_without_a_site_has_no_section_findings()
    {
        var m = new Matrix();
        m.Account("wechat", lastPost: Matrix.Now.AddDays(-1));
        Assert.Empty(m.Run("WEB-V03"));
    }

    [Fact]
    public void Service_guide_with_all_ten_elements_passes_and_one_missing_is_a_deduction()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        const string full = """{"itemName":"身份证办理","legalBasis":"居民身份证法","conditions":"本县户籍","materials":"户口簿","location":"户政大厅","agency":"县公安局","fees":"20 元","hours":"工作日","phone":"0000-1234567","process":["受理","审核","发证"]}""";
        m.Item("g-full", "guide", full);
        m.Item("g-nine", "guide", full.Replace("\"phone\":\"0000-1234567\",", ""));
        m.Item("g-empty-value", "guide", full.Replace("\"20 元\"", "\"\""));
        var found = m.Run("WEB-D01");
        Assert.Equal(["g-empty-value", "g-nine"], found.Select(f => f.Evidence[0].ContentItemId!).Order());
        Assert.Contains("联系电话", found.Single(f => f.Evidence[0].ContentItemId == "g-nine").Message);
        Assert.All(found, f => Assert.Equal("site", f.AccountId));
    }

    [Fact]
    public void Guide_field_names_are_settings()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Item("g", "guide", """{"事项名称":"x"}""");
        Assert.Empty(m.Run("WEB-D01", s => s.Options["fields"] = "事项名称"));
        Assert.Single(m.Run("WEB-D01", s => s.Options["fields"] = "事项名称,联系电话"));
    }

    [Fact]
    public void Policy_and_interpretation_linked_both_ways_pass_and_one_way_links_are_flagged()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Item("p1", "policy", """{"interpretations":["i1"]}""").Item("i1", "interpretation", """{"policy":"p1"}""");
        m.Item("p2", "policy", """{"interpretations":"i2"}""").Item("i2", "interpretation", "{}");
        m.Item("p3", "policy", "{}").Item("i3", "interpretation", """{"policy":"p3"}""");
        m.Item("i4", "interpretation", """{"policy":"missing"}""");
        var found = m.Run("WEB-D02");
        Assert.Equal(3, found.Count);
        Assert.Contains(found, f => f.Message.Contains("《i2》未反向关联"));
        Assert.Contains(found, f => f.Message.Contains("《p3》未反向关联"));
        Assert.Contains(found, f => f.Message.Contains("“missing” 不存在"));
    }

    [Fact]
    public void Post_dated_ten_minutes_ahead_is_tolerated_eleven_minutes_ahead_is_a_faked_date()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        m.Future("at", Matrix.Now.AddMinutes(10), "a");
        Assert.Empty(m.Run("WEB-V05"));
        m.Future("over", Matrix.Now.AddMinutes(11), "a");
        m.Future("far", Matrix.Now.AddDays(30), "a");
        var f = Assert.Single(m.Run("WEB-V05"));
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Equal(["far", "over"], f.Evidence.Where(e => e.ContentItemId is not null).Select(e => e.ContentItemId!).Order());
    }
}

public sealed class ScoringTests
{
    private static Finding Deduction(string rule, double points) => new(rule, Severity.Deduction, "gaj", "a", points, "", "", []);

    [Fact]
    public void Any_veto_fails_whatever_the_score()
    {
        var v = InspectionScoring.Score([new Finding("NM-V06", Severity.Veto, "gaj", "a", 0, "", "", [])], Matrix.Settings());
        Assert.Equal(AccountStatus.Veto, v.Status);
        Assert.Equal(100, v.Score);
    }

    [Fact]
    public void Sixty_points_pass_and_just_below_sixty_fails()
    {
        var settings = Matrix.Settings(s =>
        {
            s.Rules["NM-D06"].Cap = 100;
            s.Rules["NM-D06"].Points = 1;
        });
        var at = InspectionScoring.Score(Enumerable.Repeat(Deduction("NM-D06", 40), 1), settings);
        Assert.Equal(60, at.Score);
        Assert.Equal(AccountStatus.Warning, at.Status);
        var below = InspectionScoring.Score([Deduction("NM-D06", 40.5)], settings);
        Assert.Equal(AccountStatus.Fail, below.Status);
        var above = InspectionScoring.Score([Deduction("NM-D06", 39.5)], settings);
        Assert.Equal(AccountStatus.Warning, above.Status);
    }

    [Fact]
    public void Each_indicator_takes_off_at_most_its_cap()
    {
        var settings = Matrix.Settings();   // NM-D06: 2 points each, capped at 10
        var v = InspectionScoring.Score(Enumerable.Range(0, 8).Select(_ => Deduction("NM-D06", 2)).Append(Deduction("NM-D02", 5)), settings);
        Assert.Equal(100 - 10 - 5, v.Score);
        Assert.Equal(["NM-D02", "NM-D06"], v.RulesBroken);
    }

    [Fact]
    public void Pass_mark_is_a_jurisdiction_setting()
    {
        var v = InspectionScoring.Score([Deduction("NM-D01", 20), Deduction("NM-D02", 5), Deduction("NM-D02", 5), Deduction("NM-D03", 5)], Matrix.Settings(s => s.PassMark = 70));
        Assert.Equal(65, v.Score);
        Assert.Equal(AccountStatus.Fail, v.Status);
    }

    [Fact]
    public void No_findings_pass_and_closed_accounts_are_not_inspected()
    {
        Assert.Equal(AccountStatus.Pass, InspectionScoring.Score([], Matrix.Settings()).Status);
        Assert.Equal(AccountStatus.NotInspected, InspectionScoring.Score([], Matrix.Settings(), inspected: false).Status);
    }

    [Fact]
    public void Engine_reports_rules_waiting_for_data_and_does_not_evaluate_them()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        var result = new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings());
        var waiting = result.Rules.Where(r => !r.Evaluated).Select(r => r.RuleId).ToHashSet();
        foreach (var id in new[] { "NM-D10", "WEB-V04", "NM-V01", "NM-V02", "NM-V03", "NM-V07", "NM-D11", "SEC-V01", "WEB-V01", "NM-D13" })
        {
            Assert.Contains(id, waiting);
        }
        Assert.Contains("NM-V06", result.Rules.Where(r => r.Evaluated).Select(r => r.RuleId));
    }

    [Fact]
    public void Empty_matrix_gives_no_findings_and_no_errors()
    {
        var result = new InspectionEngine(new RuleCatalog()).Evaluate(new Matrix().Snapshot(), Matrix.Settings());
        Assert.Empty(result.Findings);
        Assert.DoesNotContain(result.Rules, r => r.Note?.Contains("出错") == true);
    }
}
