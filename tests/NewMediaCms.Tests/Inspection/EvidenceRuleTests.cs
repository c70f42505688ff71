using NewMediaCms.Accounts;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Reports;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Tests.Inspection;

/// <summary>The rules fed by the content-safety port (NM-V01, NM-V02, NM-V03, NM-D05, NM-D07).</summary>
public sealed class SafetyRuleTests
{
    [Theory]
    [InlineData("NM-V01")]
    [InlineData("NM-V02")]
    [InlineData("NM-V03")]
    [InlineData("NM-D05")]
    [InlineData("NM-D07")]
    public void Safety_rules_wait_for_data_without_a_safety_capability_and_are_evaluated_when_it_answers(string rule)
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        var result = new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings());
        var outcome = result.Rules.Single(r => r.RuleId == rule);
        Assert.False(outcome.Evaluated);
        Assert.Contains("等待", outcome.Note);
        Assert.Contains("ISafetyEvidence", outcome.Note);

        m.Safety = [];
        Assert.True(new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings()).Rules.Single(r => r.RuleId == rule).Evaluated);
        Assert.Empty(m.Run(rule));   // an empty answer is clean, not waiting
    }

    [Fact]
    public void A_serious_wording_error_on_a_published_item_is_a_veto_with_the_excerpt_the_correction_and_the_item()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        m.SafetyFinding("NM-V01", "严重", item: "n1", excerpt: "攻府", suggestion: "政府");
        m.SafetyFinding("NM-V01", "严重", item: "n1", excerpt: "扫黑险恶", suggestion: "扫黑除恶");
        m.SafetyFinding("NM-D07", "一般", item: "n1", excerpt: "倍受", suggestion: "备受");   // another rule's
        var f = Assert.Single(m.Run("NM-V01"));
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Equal("a", f.AccountId);
        Assert.Contains("2 处严重表述错误", f.Message);
        Assert.Contains(f.Evidence, e => e.Value.Contains("“攻府”") && e.Value.Contains("建议改为“政府”") && e.ContentItemId == "n1" && e.Url!.EndsWith("/gaj/notices/n1"));
        Assert.Contains(f.Evidence, e => e.Value.Contains("扫黑险恶"));
    }

    [Fact]
    public void A_suspected_wording_error_is_a_warning_for_a_person_never_a_veto()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        m.SafetyFinding("NM-V01", "疑似", excerpt: "李小明");
        var f = Assert.Single(m.Run("NM-V01"));
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("疑似", f.Message);
    }

    [Fact]
    public void A_secret_marking_is_a_veto_and_unmasked_personal_data_a_deduction_per_item()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        m.SafetyFinding("NM-V02", "严重", item: "s1", excerpt: "机密★1年", suggestion: null, detector: "secret-marking");
        m.SafetyFinding("NM-V02", "严重", item: "p1", excerpt: "330106199001011234", suggestion: "3301**********1234", detector: "pii-id-number");
        m.SafetyFinding("NM-V02", "严重", item: "p1", excerpt: "13812345678", suggestion: "138****5678", detector: "pii-mobile");
        var found = m.Run("NM-V02");
        Assert.Equal(2, found.Count);
        var secret = found.Single(f => f.Evidence[0].ContentItemId == "s1");
        Assert.Equal(Severity.Veto, secret.Severity);
        Assert.Contains("涉密", secret.Message);
        var pii = found.Single(f => f.Evidence[0].ContentItemId == "p1");
        Assert.Equal(Severity.Deduction, pii.Severity);
        Assert.Equal(2, pii.Points);
        Assert.Contains("2 处未脱敏个人信息", pii.Message);
        Assert.Contains(pii.Evidence, e => e.Value.Contains("3301**********1234"));
    }

    [Fact]
    public void Forbidden_content_and_hidden_links_are_a_veto_and_advertising_a_deduction()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        m.SafetyFinding("NM-V03", "严重", excerpt: "<a style=\"display:none\" href=\"http://bet.example\">", suggestion: null);
        m.SafetyFinding("NM-D05", "一般", item: "ad", excerpt: "限时优惠，扫码购买", suggestion: null);
        Assert.Equal(Severity.Veto, Assert.Single(m.Run("NM-V03")).Severity);
        var ad = Assert.Single(m.Run("NM-D05"));
        Assert.Equal(Severity.Deduction, ad.Severity);
        Assert.Equal(2, ad.Points);
    }

    [Fact]
    public void Ordinary_typos_take_a_point_per_item_and_at_most_the_cap_for_the_indicator()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        for (var i = 0; i < 7; i++)
        {
            m.SafetyFinding("NM-D07", "一般", item: "t" + i, excerpt: "倍受青睐", suggestion: "备受青睐");
            m.SafetyFinding("NM-D07", "一般", item: "t" + i, excerpt: "关健", suggestion: "关键");
        }
        var found = m.Run("NM-D07");
        Assert.Equal(7, found.Count);   // per item, not per typo
        Assert.All(found, f => Assert.Equal(1, f.Points));
        var verdict = InspectionScoring.Score(found, Matrix.Settings());
        Assert.Equal(95, verdict.Score);   // 7 points, capped at 5
        Assert.Equal(AccountStatus.Warning, verdict.Status);
    }

    [Fact]
    public void Safety_findings_on_closed_accounts_are_not_counted()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1), state: AccountState.Closed);
        m.SafetyFinding("NM-V01", "严重");
        Assert.Empty(m.Run("NM-V01"));
    }
}

/// <summary>The rules fed by the page monitor (WEB-V01, WEB-W01, WEB-V05 tampering, SEC-V01, NM-D11).</summary>
public sealed class SiteIntegrityRuleTests
{
    private static Matrix Site(int probes, int failed, int daysWithEnough = 7)
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Integrity = new SiteIntegrityFacts([new ProbeFacts("gaj", probes, failed, 7, daysWithEnough)], [], []);
        return m;
    }

    [Theory]
    [InlineData("WEB-V01")]
    [InlineData("WEB-W01")]
    [InlineData("SEC-V01")]
    [InlineData("NM-D11")]
    public void Integrity_rules_wait_for_data_without_a_page_monitor(string rule)
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        var outcome = new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings()).Rules.Single(r => r.RuleId == rule);
        Assert.False(outcome.Evaluated);
        Assert.Contains("等待页面监测", outcome.Note);
    }

    [Fact]
    public void Faked_dates_are_checked_without_a_monitor_and_the_run_says_the_tampering_part_waits()
    {
        var m = new Matrix();
        m.Account("a", lastPost: Matrix.Now.AddDays(-1));
        var outcome = new InspectionEngine(new RuleCatalog()).Evaluate(m.Snapshot(), Matrix.Settings()).Rules.Single(r => r.RuleId == "WEB-V05");
        Assert.True(outcome.Evaluated);
        Assert.Contains("篡改部分等待页面监测", outcome.Note);
    }

    [Fact]
    public void Five_percent_of_a_full_week_of_probes_failing_is_a_veto_and_just_below_is_not()
    {
        // 7 days x 20 probes = 140; 7 failures = 5%.
        var at = Assert.Single(Site(140, 7).Run("WEB-V01"));
        Assert.Equal(Severity.Veto, at.Severity);
        Assert.Equal("site", at.AccountId);
        Assert.Contains(at.Evidence, e => e.Value.Contains("140 次，失败 7 次（5%）"));
        Assert.Empty(Site(141, 7).Run("WEB-V01"));   // 4.96%
    }

    [Fact]
    public void A_week_without_twenty_probes_every_day_is_not_judged_clean_it_is_reported_as_unchecked()
    {
        var f = Assert.Single(Site(139, 20, daysWithEnough: 6).Run("WEB-V01"));
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("无法判定", f.Message);
        var none = new Matrix();
        none.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        none.Integrity = new SiteIntegrityFacts([], [], []);
        Assert.Contains("没有可用性探测记录", Assert.Single(none.Run("WEB-V01")).Message);
    }

    [Fact]
    public void More_than_three_percent_failing_is_an_availability_warning_exactly_three_is_not_and_the_veto_takes_over_at_five()
    {
        Assert.Empty(Site(200, 6).Run("WEB-W01"));   // 3%
        var f = Assert.Single(Site(200, 7).Run("WEB-W01"));   // 3.5%
        Assert.Equal(Severity.Warning, f.Severity);
        Assert.Contains("3.5%", f.Message);
        Assert.Empty(Site(200, 10).Run("WEB-W01"));  // 5%: vetoed by WEB-V01 instead
    }

    private static Matrix Incidents(params IncidentFacts[] incidents)
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Integrity = new SiteIntegrityFacts([], incidents, []);
        return m;
    }

    [Fact]
    public void An_unhandled_hacked_page_signature_is_a_veto_with_the_page_and_the_evidence_and_a_handled_one_is_not()
    {
        var open = new IncidentFacts("gaj", "site", "inc-1", "SEC-V01", "signature", "https://example.gov.cn/gaj/notices/n1", "标题前堆砌“博彩”关键词", Matrix.Now.AddHours(-3), null);
        var handled = open with { IncidentId = "inc-2", HandledUtc = Matrix.Now.AddHours(-2) };
        var f = Assert.Single(Incidents(open, handled).Run("SEC-V01"));
        Assert.Equal(Severity.Veto, f.Severity);
        Assert.Contains(f.Evidence, e => e.Url == "https://example.gov.cn/gaj/notices/n1");
        Assert.Contains(f.Evidence, e => e.Value.Contains("博彩"));
        Assert.Contains(f.Evidence, e => e.Value.Contains("inc-1"));
        Assert.Empty(Incidents(handled).Run("SEC-V01"));
    }

    [Fact]
    public void Tampering_not_handled_at_the_check_time_is_a_WEB_V05_veto_and_a_signature_is_not_counted_twice()
    {
        var tampered = new IncidentFacts("gaj", "site", "inc-3", "WEB-V05", "hidden-link", "https://example.gov.cn/gaj/", "新增隐藏链接 http://bet.example", Matrix.Now.AddMinutes(-5), null);
        var signature = new IncidentFacts("gaj", "site", "inc-4", "SEC-V01", "signature", "https://example.gov.cn/gaj/", "空标签块", Matrix.Now.AddMinutes(-5), null);
        var m = Incidents(tampered, signature);
        var f = Assert.Single(m.Run("WEB-V05"));
        Assert.Contains("暗链", f.Message);
        Assert.Single(m.Run("SEC-V01"));
        // Handled after the check time: it was open at the check time.
        Assert.Single(Incidents(tampered with { HandledUtc = Matrix.Now.AddMinutes(5) }).Run("WEB-V05"));
        Assert.Empty(Incidents(tampered with { HandledUtc = Matrix.Now.AddMinutes(-1) }).Run("WEB-V05"));
    }

    [Fact]
    public void Broken_links_are_a_deduction_per_link_on_their_account_with_each_link_as_evidence()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Integrity = new SiteIntegrityFacts([], [],
        [
            new BrokenLinkFacts("gaj", null, "https://example.gov.cn/gaj/", "https://example.gov.cn/gaj/bszn", 404, "", Matrix.Now.AddHours(-1)),
            new BrokenLinkFacts("gaj", "site", "https://example.gov.cn/gaj/", "https://old.example.gov.cn/", null, "连接超时", Matrix.Now.AddHours(-1)),
        ]);
        var f = Assert.Single(m.Run("NM-D11"));
        Assert.Equal("site", f.AccountId);
        Assert.Equal(2, f.Points);
        Assert.Contains(f.Evidence, e => e.Label.Contains("HTTP 404") && e.Url == "https://example.gov.cn/gaj/bszn");
        Assert.Contains(f.Evidence, e => e.Label.Contains("连接超时"));
    }
}

/// <summary>The inspection fixes of issue 14: WEB-D01 fields, NM-D04 names, WEB-V02 by the home page, the exemption scope.</summary>
public sealed class InspectionFixTests
{
    private static readonly string BuiltInGuide = """{"itemName":"身份证办理","legalBasis":"居民身份证法","conditions":"本县户籍","materials":"户口簿","location":"户政大厅","agency":"县公安局","fees":"20 元","hours":"工作日","phone":"0000-1234567","process":"受理、审核、发证"}""";

    [Fact]
    public void A_complete_guide_of_the_built_in_type_passes_and_the_editor_and_the_rule_read_one_field_list()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Item("g-full", "guide", BuiltInGuide);
        m.Item("g-no-basis", "guide", BuiltInGuide.Replace("\"legalBasis\":\"居民身份证法\",", ""));
        var f = Assert.Single(m.Run("WEB-D01"));
        Assert.Equal("g-no-basis", f.Evidence[0].ContentItemId);
        Assert.Contains("设定依据", f.Message);
        Assert.Contains(f.Evidence, e => e.Value.Contains("字段 legalBasis"));
        // The rule's elements are the type's recommended fields.
        var elements = ServiceGuideElementsRule.Elements(m.Snapshot(), Matrix.Settings().Rules["WEB-D01"]).Select(e => e.Field);
        Assert.Equal(NewMediaCms.Content.Types.BuiltInContentTypes.GuideElements.Select(e => e.Name), elements);
    }

    [Fact]
    public void Stored_settings_that_still_hold_the_old_field_names_read_the_content_type_instead()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Item("g-full", "guide", BuiltInGuide);
        Assert.Empty(m.Run("WEB-D01", s => s.Options["fields"] = ServiceGuideElementsRule.LegacyDefaultFields));
        Assert.Single(m.Run("WEB-D01", s => s.Options["fields"] = "itemName:事项名称,窗口:办理窗口"));
    }

    [Fact]
    public void The_guide_type_in_force_decides_the_elements()
    {
        var m = new Matrix { GuideElements = [("itemName", "事项名称"), ("onlineUrl", "网上办理地址")] };
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-1));
        m.Item("g", "guide", BuiltInGuide);
        Assert.Contains("网上办理地址", Assert.Single(m.Run("WEB-D01")).Message);
    }

    [Theory]
    [InlineData("青禾发布", "青禾县人民政府办公室", true)]           // 地区 + 发布: the government's main account
    [InlineData("青禾县发布", "青禾县人民政府办公室", true)]
    [InlineData("青禾通", "青禾县人民政府办公室", true)]
    [InlineData("青禾发布", "青禾县公安局", false)]                  // a main-account name for a bureau does not name it
    [InlineData("青禾交警", "青禾县公安局交通警察大队", true)]       // common abbreviation
    [InlineData("健康青禾", "青禾县卫生健康局", true)]
    [InlineData("青禾疾控", "青禾县疾病预防控制中心", true)]
    [InlineData("青禾小喇叭", "青禾县城关镇人民政府", false)]
    [InlineData("平安小卫士", "测试县公安局", false)]
    public void Standard_main_account_names_and_common_abbreviations_identify_their_unit(string name, string unit, bool ok)
    {
        var m = new Matrix();
        m.Account("a", name: name, unit: unit);
        Assert.Equal(ok, m.Run("NM-D04").Count == 0);
    }

    [Fact]
    public void The_naming_rule_is_data_a_jurisdiction_file_replaces_the_shipped_one()
    {
        using var temp = new NewMediaCms.Tests.Infrastructure.TempFolder("nmc-naming-");
        var file = Path.Combine(temp.Path, "naming.json");
        File.WriteAllText(file, """{ "reading": "本地口径", "unitSuffixes": ["局"], "mainAccount": { "units": [], "names": [] }, "abbreviations": { "公安": ["平安"] } }""");
        var m = new Matrix();
        m.Account("a", name: "平安小卫士", unit: "测试县公安局");
        Assert.Single(m.Run("NM-D04"));
        Assert.Empty(m.Run("NM-D04", s => s.Options["namingFile"] = file));
        var bad = Assert.Throws<InvalidDataException>(() => m.Run("NM-D04", s => s.Options["namingFile"] = Path.Combine(temp.Path, "missing.json")));
        Assert.Contains("missing.json", bad.Message);
    }

    [Fact]
    public void A_department_home_page_is_judged_by_what_it_shows_not_by_the_site_accounts_own_posts()
    {
        var m = new Matrix();
        m.Account("site", Platform.SiteChannel, lastPost: Matrix.Now.AddDays(-20));
        m.Account("wechat", lastPost: Matrix.Now.AddDays(-2));
        Assert.Single(m.Run("WEB-V02"));   // without the home page: the account's own posts
        m.HomePages = [new HomePageFacts("gaj", "/gaj/", "wechat-post", "微信发布的通知", Matrix.Now.AddDays(-2))];
        Assert.Empty(m.Run("WEB-V02"));
        m.HomePages = [new HomePageFacts("gaj", "/gaj/", "old", "旧通知", Matrix.Now.AddDays(-14).AddMinutes(-1))];
        var f = Assert.Single(m.Run("WEB-V02"));
        Assert.Contains(f.Evidence, e => e.Label == "首页最新信息" && e.ContentItemId == "old" && e.Url == "/gaj/");
        m.HomePages = [new HomePageFacts("gaj", "/gaj/", "at", "正好 14 天", Matrix.Now.AddDays(-14))];
        Assert.Empty(m.Run("WEB-V02"));
    }

    [Fact]
    public void Service_accounts_are_exempt_from_the_fourteen_day_rule_only_by_default_and_from_zombie_and_originality_when_set()
    {
        var m = new Matrix();
        m.Account("mp", Platform.MiniProgram, kind: AccountKind.Service, openedOn: new DateOnly(2024, 1, 1), originals: 0);
        var catalog = new RuleCatalog();
        List<Finding> Run(string rule, InspectionSettings s) => catalog.Find(rule)!.Evaluate(m.Snapshot(), s.Rules[rule], s).ToList();
        var national = Matrix.Settings();
        Assert.Empty(Run("NM-V06", national));
        Assert.Empty(Run("NM-W01", national));
        Assert.Single(Run("NM-D01", national));
        Assert.Single(Run("NM-D12", national));
        var broad = Matrix.Settings(s => s.ServiceExemptRules = [.. InspectionSettings.BroadServiceExemption]);
        Assert.Empty(Run("NM-D01", broad));
        Assert.Empty(Run("NM-D12", broad));
        Assert.Empty(Run("NM-V06", broad));
    }

    [Fact]
    public void A_stored_setting_without_the_exemption_scope_reads_the_national_one()
    {
        var resolved = InspectionSettings.Resolve(new RuleCatalog().All, """{"passMark":60,"rules":{}}""");
        Assert.Equal(InspectionSettings.NationalServiceExemption, resolved.ServiceExemptRules);
        var broad = InspectionSettings.Resolve(new RuleCatalog().All, """{"serviceExemptRules":["NM-V06","NM-W01","NM-D01","NM-D12"]}""");
        Assert.True(broad.ExemptsService("NM-D01"));
    }
}

/// <summary>Issue 13's auditor views: comparisons and one way of counting.</summary>
public sealed class AuditorViewTests
{
    private static InspectionAccountResult Result(AccountStatus status, string rules = "", double score = 100, AccountState state = AccountState.Active)
        => new() { AccountId = "a", Status = status, RulesBroken = rules, Score = score, State = state };

    [Fact]
    public void Closing_a_zombie_or_merging_a_duplicate_is_an_improvement()
    {
        var closed = RunComparison.Compare(Result(AccountStatus.Veto, "NM-D01,NM-V06", 80), Result(AccountStatus.NotInspected, state: AccountState.Closed));
        Assert.Equal(ChangeDirection.Better, closed.Direction);
        Assert.Contains("已关停", closed.Label);
        var merged = RunComparison.Compare(Result(AccountStatus.Warning, "NM-D02", 95), Result(AccountStatus.NotInspected, state: AccountState.MergedInto));
        Assert.Equal(ChangeDirection.Better, merged.Direction);
        Assert.Contains("已合并", merged.Label);
    }

    [Fact]
    public void Closing_an_account_that_was_not_on_the_clean_up_list_is_neither_better_nor_worse_and_a_new_veto_is_worse()
    {
        Assert.Equal(ChangeDirection.Same, RunComparison.Compare(Result(AccountStatus.Pass), Result(AccountStatus.NotInspected, state: AccountState.Closed)).Direction);
        Assert.Equal(ChangeDirection.Worse, RunComparison.Compare(Result(AccountStatus.Warning, "NM-W01"), Result(AccountStatus.Veto, "NM-V06")).Direction);
        Assert.Equal(ChangeDirection.Better, RunComparison.Compare(Result(AccountStatus.Warning, "NM-D04", 96), Result(AccountStatus.Warning, "NM-D04", 98)).Direction);
    }

    [Fact]
    public void Passing_counts_accounts_with_warnings_as_passing()
    {
        var run = new InspectionRun { Inspected = 10, Passed = 3, Warned = 4, Vetoed = 2, Failed = 1 };
        Assert.Equal(7, InspectionCounting.Passing(run));
        Assert.Equal(0.7, InspectionCounting.PassShare(run));
        Assert.True(InspectionCounting.IsPassing(AccountStatus.Warning));
        Assert.False(InspectionCounting.IsPassing(AccountStatus.Fail));
    }
}
