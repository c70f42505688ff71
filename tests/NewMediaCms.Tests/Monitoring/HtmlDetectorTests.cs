using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Html;

namespace NewMediaCms.Tests.Monitoring;

public sealed class HtmlDetectorTests
{
    private static string Page(string body, string head = "") =>
        $"<!doctype html><html><head><title>关于开展安全检查的通知 - 县公安局</title>{head}</head><body><h1>关于开展安全检查的通知</h1>{body}<p>联系电话：0571-12345678</p></body></html>";

    private static List<SafetyFinding> Hidden(string html) => new HiddenLinkDetector().Detect(html, "page").ToList();

    [Theory]
    [InlineData("<div style=\"display:none\"><a href=\"http://casino.example\">娱乐城</a></div>", "display:none")]
    [InlineData("<a style=\"display: none !important\" href=\"http://casino.example\">娱乐城</a>", "display:none")]
    [InlineData("<span style=\"visibility:hidden\"><a href=\"http://casino.example\">娱乐城</a></span>", "visibility:hidden")]
    [InlineData("<div style=\"height:0;overflow:hidden\"><a href=\"http://casino.example\">娱乐城</a></div>", "尺寸为 0")]
    [InlineData("<div style=\"width:0px;height:0px\"><a href=\"http://casino.example\">娱乐城</a></div>", "尺寸为 0")]
    [InlineData("<div style=\"font-size:0\"><a href=\"http://casino.example\">娱乐城</a></div>", "字号为 0")]
    [InlineData("<div style=\"position:absolute;left:-9999px;top:0\"><a href=\"http://casino.example\">娱乐城</a></div>", "定位到屏幕之外")]
    [InlineData("<div style=\"text-indent:-9999px\"><a href=\"http://casino.example\">娱乐城</a></div>", "缩进到屏幕之外")]
    [InlineData("<marquee height=\"0\"><a href=\"http://casino.example\">娱乐城</a></marquee>", "滚动字幕")]
    [InlineData("<marquee style=\"height:0px\" scrollamount=\"9000\"><a href=\"http://casino.example\">娱乐城</a></marquee>", "滚动字幕")]
    [InlineData("<div style=\"opacity:0\"><a href=\"http://casino.example\">娱乐城</a></div>", "opacity:0")]
    [InlineData("<div hidden><a href=\"http://casino.example\">娱乐城</a></div>", "hidden")]
    public void Each_inline_hiding_style_makes_the_link_a_serious_finding(string snippet, string reason)
    {
        var findings = Hidden(Page(snippet));
        var finding = Assert.Single(findings);
        Assert.Equal(SafetyTier.Serious, finding.Tier);
        Assert.Equal("SEC-V01", finding.RuleCode);
        Assert.Equal("http://casino.example", finding.Matched);
        Assert.Contains(reason, finding.Message);
    }

    [Theory]
    [InlineData(".ad-x{display:none}", "<div class=\"ad-x\"><a href=\"http://bet.example\">bet</a></div>")]
    [InlineData("#k9{position:fixed;top:-2000px}", "<p id=\"k9\"><a href=\"http://bet.example\">bet</a></p>")]
    [InlineData("div.f a{visibility:hidden}", "<div class=\"f\"><a href=\"http://bet.example\">bet</a></div>")]
    [InlineData("marquee{height:0}", "<marquee><a href=\"http://bet.example\">bet</a></marquee>")]
    public void A_rule_in_the_pages_own_style_block_hides_the_link(string css, string snippet)
    {
        var finding = Assert.Single(Hidden(Page(snippet, $"<style>{css}</style>")));
        Assert.Contains("样式表", finding.Message);
    }

    [Theory]
    [InlineData("<p><a href=\"https://www.gov.cn/\">中国政府网</a></p>")]
    [InlineData("<div style=\"display:block;height:20px;overflow:hidden\"><a href=\"/notices/1\">下一篇</a></div>")]
    [InlineData("<div style=\"position:absolute;left:10px\"><a href=\"/\">首页</a></div>")]
    [InlineData("<div style=\"width:0\"><a href=\"/\">首页</a></div>")]
    [InlineData("<marquee height=\"40\"><a href=\"/notices/2\">最新通知</a></marquee>")]
    [InlineData("<div style=\"display:none\"><a href=\"#top\">返回顶部</a></div>")]
    public void Visible_links_and_in_page_anchors_are_clean(string snippet)
    {
        Assert.Empty(Hidden(Page(snippet, "<style>.nav{display:flex}</style>")));
    }

    [Fact]
    public void In_content_a_hidden_link_feeds_forbidden_content_rather_than_the_served_page_rule()
    {
        var finding = Assert.Single(new HiddenLinkDetector().Detect("<p style=\"display:none\"><a href=\"http://x.example\">x</a></p>", "body"));
        Assert.Equal("NM-V03", finding.RuleCode);
    }

    [Fact]
    public void A_block_of_empty_tags_sharing_one_random_id_is_a_signature()
    {
        var block = string.Concat(Enumerable.Repeat("<div id=\"a8x2kq7\"></div>", 8));
        var finding = Assert.Single(new EmptyTagBlockDetector().Detect(Page(block), "page"));
        Assert.Equal("SEC-V01", finding.RuleCode);
        Assert.Contains("a8x2kq7", finding.Message);
        Assert.Contains("8", finding.Message);
    }

    [Theory]
    [InlineData("<div id=\"a8x2kq7\"></div><div id=\"a8x2kq7\"></div>")]
    [InlineData("<div id=\"content\"></div><div id=\"content\"></div><div id=\"content\"></div><div id=\"content\"></div><div id=\"content\"></div>")]
    [InlineData("<p id=\"x1y2z3a\">正文</p><p id=\"x1y2z3a\">正文</p><p id=\"x1y2z3a\">正文</p><p id=\"x1y2z3a\">正文</p><p id=\"x1y2z3a\">正文</p>")]
    public void Few_repeats_words_as_ids_or_tags_with_text_are_not_that_signature(string snippet)
    {
        Assert.Empty(new EmptyTagBlockDetector().Detect(Page(snippet), "page"));
    }

    [Fact]
    public void Traditional_text_with_pinyin_in_parentheses_is_a_serious_signature()
    {
        var finding = Assert.Single(new PinyinAnnotationDetector().Detect(Page("<p>經濟發(fā)展與政務公開(kāi)工作</p>"), "page"));
        Assert.Equal(SafetyTier.Serious, finding.Tier);
        Assert.Contains("發(fā)", finding.Matched);
        Assert.Contains("開(kāi)", finding.Matched);
    }

    [Fact]
    public void One_pinyin_note_is_only_suspected_and_plain_parentheses_are_clean()
    {
        Assert.Equal(SafetyTier.Suspected, Assert.Single(new PinyinAnnotationDetector().Detect("“单(shàn)县”的读音", "body")).Tier);
        Assert.Empty(new PinyinAnnotationDetector().Detect(Page("<p>按照《条例》(2019年修订)和通知(试行)执行，联系人(张三)</p>"), "page"));
        Assert.Empty(new PinyinAnnotationDetector().Detect(Page("<p>Beijing (China) and html(abc)</p>"), "page"));
    }

    [Theory]
    [InlineData("<p>代开发票，联系QQ：88886666</p>", "代开发票")]
    [InlineData("<p>专业办证刻章 微信 abc12345 诚信经营</p>", "办证")]
    [InlineData("<p>正规网贷秒到账，电话：13800001111。</p>", "网贷")]
    public void A_contact_line_with_a_spam_service_is_a_signature(string snippet, string service)
    {
        var finding = Assert.Single(new SpamContactDetector().Detect(Page(snippet), "page"));
        Assert.Equal(SafetyTier.Serious, finding.Tier);
        Assert.Contains(service, finding.Message);
    }

    [Theory]
    [InlineData("<p>办理地点：政务服务中心一楼。咨询电话：0571-88886666。</p>")]
    [InlineData("<p>严厉打击代开发票违法行为。</p><p>举报电话：12366</p>")]
    public void Ordinary_contact_lines_and_warnings_in_other_sentences_are_clean(string snippet)
    {
        Assert.Empty(new SpamContactDetector().Detect(Page(snippet), "page"));
    }

    [Fact]
    public void The_title_parts_are_cut_out_for_the_safety_check()
    {
        var parts = PageTitleText.Extract("<html><head><title>澳门赌场_关于开展安全检查的通知</title><meta name=\"keywords\" content=\"六合彩,百家乐\"></head><body><div>在线博彩</div><h1>关于开展安全检查的通知</h1><p>正文</p></body></html>");
        Assert.StartsWith("澳门赌场", parts.Title);
        Assert.Contains("百家乐", parts.Keywords);
        Assert.Equal("在线博彩", parts.BeforeHeading.Trim());
    }
}
