using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Detection;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Text;

namespace NewMediaCms.Tests.Safety;

/// <summary>The text detectors over a small dictionary, without the store.</summary>
public sealed class SafetyDetectorTests
{
    private static readonly DateOnly Today = new(2026, 12, 4);

    internal static readonly DictionarySnapshot Starter = new(1, 0,
    [
        new(SafetyLists.Forbidden, "赌博", null, "matrix"),
        new(SafetyLists.Forbidden, "百家乐", null, "matrix"),
        new(SafetyLists.ForbiddenLinks, "bet365.com", null, "matrix"),
        new(SafetyLists.Names, "中华人民共合国", "中华人民共和国", "matrix"),
        new(SafetyLists.Formulations, "扫黑险恶", "扫黑除恶", "matrix"),
        new(SafetyLists.Typos, "倍受", "备受", "matrix"),
        new(SafetyLists.Typos, "拔款", "拨款", "matrix"),
        new(SafetyLists.Typos, "关健", "关键", "matrix"),
        new(SafetyLists.Typos, "登陆系统", "登录系统", "matrix"),
        new(SafetyLists.Advertising, "taobao.com", null, "matrix"),
        new(SafetyLists.Exceptions, "打击赌博", null, "matrix", "执法通报"),
    ],
    [
        new("周文博", ["县长", "县委副书记"], "青禾县", "matrix"),
        new("林振华", ["县委书记"], "青禾县", "matrix"),
    ]);

    private static IReadOnlyList<SafetyFinding> Check(string text, string field = "body", DictionarySnapshot? snapshot = null)
        => new SafetyEngine([]).Check(new CompiledDictionary(snapshot ?? Starter), [new SafetyText(field, text)], Today);

    // 110101199003074514 has a valid check digit (GB 11643 example computation); changing the last digit breaks it.
    private const string ValidId = "110101199003074514";

    [Fact]
    public void A_valid_ID_number_is_serious_and_its_suggestion_is_the_masked_form()
    {
        Assert.Equal('4', PersonalDataDetector.IdCheckDigit(ValidId.AsSpan(0, 17)));
        var f = Assert.Single(Check($"申请人身份证号{ValidId}，请核对。"));
        Assert.Equal("pii-id-number", f.Detector);
        Assert.Equal(SafetyTier.Serious, f.Tier);
        Assert.Equal("NM-V02", f.RuleCode);
        Assert.Equal(7, f.Start);
        Assert.Equal(18, f.Length);
        Assert.Equal("1101**********4514", f.Suggestion);
    }

    [Fact]
    public void An_ID_number_with_a_wrong_check_digit_or_an_impossible_birth_date_is_not_an_ID_number()
    {
        Assert.DoesNotContain(Check("编号110101199003074515。"), f => f.Detector == "pii-id-number");
        // Valid check digit but born on 2099-03-07.
        var future = "11010120990307451";
        var id = future + PersonalDataDetector.IdCheckDigit(future);
        Assert.DoesNotContain(Check($"编号{id}。"), f => f.Detector == "pii-id-number");
    }

    [Fact]
    public void An_ID_number_with_the_check_character_X_is_found()
    {
        var first17 = Enumerable.Range(0, 1000).Select(i => $"33010219851201{i:D3}").First(s => PersonalDataDetector.IdCheckDigit(s) == 'X');
        Assert.Contains(Check($"身份证：{first17}x"), f => f.Detector == "pii-id-number");
    }

    [Fact]
    public void A_masked_ID_number_is_not_reported()
    {
        Assert.Empty(Check("身份证号1101**********4514。"));
    }

    [Fact]
    public void Mobile_numbers_are_found_with_or_without_separators_and_masked_as_three_stars_four()
    {
        var f = Assert.Single(Check("联系人：王女士，电话 138-1234-5678。"));
        Assert.Equal("pii-mobile", f.Detector);
        Assert.Equal("138****5678", f.Suggestion);
        Assert.Equal("138-1234-5678", f.Matched);
        Assert.Empty(Check("服务热线 0571-12345，邮编 310000。"));
    }

    [Fact]
    public void A_bank_card_number_is_found_only_when_it_passes_Luhn()
    {
        Assert.True(PersonalDataDetector.IsLuhnValid("6222021234567890128"));
        var f = Assert.Single(Check("收款账号 6222 0212 3456 7890 128。"));
        Assert.Equal("pii-bank-card", f.Detector);
        Assert.Equal("6222***********0128", f.Suggestion);
        Assert.Empty(Check("收款账号 6222021234567890127。"));
    }

    [Fact]
    public void Secret_markings_are_serious()
    {
        var f = Assert.Single(Check("机密★1年 关于某事项的通知"));
        Assert.Equal("secret-marking", f.Detector);
        Assert.Equal(SafetyTier.Serious, f.Tier);
        Assert.Contains(Check("密级：秘密"), x => x.Detector == "secret-marking");
    }

    [Theory]
    [InlineData("网上赌\u200B博平台")]
    [InlineData("网上赌\u200D\uFEFF博平台")]
    [InlineData("网上賭博平台")]
    [InlineData("网上赌 博平台")]
    [InlineData("网上赌bo平台")]
    [InlineData("网上du博平台")]
    [InlineData("网上赌bо平台")] // Cyrillic о in the pinyin
    [InlineData("网上dυ博平台")] // Greek υ
    public void A_forbidden_word_still_matches_through_zero_width_characters_traditional_characters_pinyin_and_look_alike_letters(string text)
    {
        var f = Assert.Single(Check(text));
        Assert.Equal("forbidden-word", f.Detector);
        Assert.Equal(SafetyTier.Serious, f.Tier);
        // The span maps back to the original text, the inserted characters included.
        Assert.Equal(2, f.Start);
        Assert.Equal(text[2..^2], f.Matched);
    }

    [Fact]
    public void A_katakana_look_alike_of_a_Han_character_inside_a_forbidden_word_still_matches_and_plain_Cyrillic_prose_does_not()
    {
        var snapshot = new DictionarySnapshot(1, 0, [new(SafetyLists.Forbidden, "卜卦算命", null, "matrix"), new(SafetyLists.Forbidden, "bet365.com", null, "matrix")], []);
        var f = Assert.Single(Check("街头ト卦算命摊点", snapshot: snapshot)); // katakana ト for 卜
        Assert.Equal("ト卦算命", f.Matched);
        Assert.Empty(Check("Москва и Санкт-Петербург", snapshot: snapshot));
    }

    [Theory]
    [InlineData("访问ｂｅｔ３６５．ｃｏｍ领取")]
    [InlineData("访问BET365.COM领取")]
    [InlineData("访问bet\u200B365.com领取")]
    [InlineData("访问bеt365.cоm领取")] // Cyrillic е and о among Latin letters
    [InlineData("访问ВЕТ365.СОМ领取")] // Cyrillic capitals only
    [InlineData("访问ｂеｔ３６５．ｃоｍ领取")] // full-width and Cyrillic mixed
    public void A_forbidden_link_domain_matches_through_full_width_letters_case_zero_width_characters_and_mixed_scripts(string text)
    {
        var f = Assert.Single(Check(text));
        Assert.Equal("forbidden-link", f.Detector);
        Assert.Equal(2, f.Start);
    }

    [Fact]
    public void An_exception_of_the_dictionary_suppresses_the_word_inside_it()
    {
        Assert.Empty(Check("县公安局开展打击赌博专项行动。"));
        Assert.Single(Check("县公安局开展赌博专项行动。"));
    }

    [Fact]
    public void Formulations_and_names_are_serious_with_their_correction_and_typos_are_ordinary()
    {
        var findings = Check("深入开展扫黑险恶专项斗争，中华人民共合国成立，倍受关注，财政拔款，关健环节，请登陆系统。");
        Assert.Contains(findings, f => f.Detector == "formulation" && f.Tier == SafetyTier.Serious && f.Suggestion == "扫黑除恶" && f.RuleCode == "NM-V01");
        Assert.Contains(findings, f => f.Detector == "wrong-name" && f.Suggestion == "中华人民共和国");
        Assert.Equal(["备受", "拨款", "关键", "登录系统"], findings.Where(f => f.Detector == "typo").Select(f => f.Suggestion));
        Assert.All(findings.Where(f => f.Detector == "typo"), f => Assert.Equal(SafetyTier.Ordinary, f.Tier));
    }

    [Fact]
    public void A_typo_in_the_title_is_one_tier_worse_than_in_the_body()
    {
        Assert.Equal(SafetyTier.Ordinary, Assert.Single(Check("项目倍受关注", "body")).Tier);
        Assert.Equal(SafetyTier.Suspected, Assert.Single(Check("项目倍受关注", "title")).Tier);
    }

    [Fact]
    public void Advertising_links_are_ordinary_and_feed_NM_D05()
    {
        var f = Assert.Single(Check("详见 https://item.taobao.com/x"));
        Assert.Equal(("advertising", SafetyTier.Ordinary, "NM-D05"), (f.Detector, f.Tier, f.RuleCode));
    }

    [Fact]
    public void A_leader_with_a_title_that_is_not_theirs_is_a_serious_finding()
    {
        var f = Assert.Single(Check("县委书记周文博出席会议。"));
        Assert.Equal("leader-title", f.Detector);
        Assert.Equal(SafetyTier.Serious, f.Tier);
        Assert.Equal("周文博", f.Matched);
        Assert.Empty(Check("县长周文博出席会议。"));
        Assert.Empty(Check("县委书记林振华、县长周文博出席会议。"));
    }

    [Fact]
    public void A_homophone_of_a_leader_name_next_to_a_title_is_serious_and_found_by_pinyin()
    {
        var f = Assert.Single(Check("县长周闻博出席会议。"));
        Assert.Equal("leader-name", f.Detector);
        Assert.Equal(SafetyTier.Serious, f.Tier);
        Assert.Equal("周闻博", f.Matched);
        Assert.Equal("周文博", f.Suggestion);
        Assert.Equal(2, f.Start);
    }

    [Fact]
    public void A_homophone_without_a_title_but_with_the_right_surname_is_suspected_and_without_either_nothing()
    {
        Assert.Equal(SafetyTier.Suspected, Assert.Single(Check("会上周文波作了发言。")).Tier);
        Assert.Empty(Check("舟文博物馆开放。"));
    }

    [Fact]
    public void A_near_miss_of_a_leader_name_with_their_own_title_is_suspected()
    {
        var f = Assert.Single(Check("县委书记林振中讲话。"));
        Assert.Equal(SafetyTier.Suspected, f.Tier);
        Assert.Equal("林振华", f.Suggestion);
    }

    [Fact]
    public void A_leader_name_in_traditional_characters_is_the_same_name()
    {
        Assert.Empty(Check("縣長周文博出席會議。"));
        Assert.Single(Check("縣委書記周文博出席會議。"));
    }

    [Fact]
    public void Clean_government_prose_passes()
    {
        Assert.Empty(Check("为进一步做好秋冬季安全生产工作，县应急管理局定于11月15日开展专项检查，请各单位于11月10日前报送自查情况。联系电话：0571-86001234。"));
    }

    [Fact]
    public void Folding_maps_every_character_back_to_the_original()
    {
        var n = NormalizedText.Of("Ａ\u200B發展");
        Assert.Equal("a发展", n.Text);
        Assert.Equal((0, 4), n.ToOriginal(0, 3));
        Assert.Equal((2, 1), n.ToOriginal(1, 1));
    }

    [Fact]
    public void A_five_megabyte_body_is_checked_without_failing()
    {
        var body = string.Concat(Enumerable.Repeat("县应急管理局开展专项检查，倍受关注。", 5_000_000 / 18));
        var findings = Check(body);
        Assert.Equal(body.Length / 18, findings.Count(f => f.Detector == "typo"));
    }
}
