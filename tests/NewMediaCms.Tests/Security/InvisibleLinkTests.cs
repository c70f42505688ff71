using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Html;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// A link a reader cannot see because it has no visible text ([](url), [ ](url), [\u200b](url)) is a hidden link for
/// the one detector the gate and the page monitor share; author-chosen ids cannot clobber the page's names.
/// </summary>
public sealed class InvisibleLinkTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    [Theory]
    [InlineData("<a href=\"https://evil.example/\"></a>")]
    [InlineData("<a href=\"https://evil.example/\"> \t\n</a>")]
    [InlineData("<a href=\"https://evil.example/\">\u200b</a>")]
    [InlineData("<a href=\"https://evil.example/\">\u200c\u200d\u2060\ufeff\u00ad</a>")]
    [InlineData("<a href=\"https://evil.example/\">\u3000\u00a0</a>")]
    [InlineData("<a href=\"https://evil.example/\">\u3164\u2800</a>")]
    [InlineData("<a href=\"https://evil.example/\">\u0301</a>")]
    [InlineData("<a href=\"https://evil.example/\"><span></span><em> </em></a>")]
    [InlineData("<a href=\"https://evil.example/\"><span style=\"display:none\">娱乐城</span></a>")]
    public void A_link_with_nothing_visible_inside_is_a_hidden_link_on_a_page_and_in_content(string link)
    {
        var page = Assert.Single(new HiddenLinkDetector().Detect($"<html><body><p>正文{link}</p></body></html>", "page"));
        Assert.Equal((HiddenLinkDetector.Key, SafetyTier.Serious, "SEC-V01"), (page.Detector, page.Tier, page.RuleCode));
        Assert.Equal("https://evil.example/", page.Matched);
        var content = Assert.Single(new HiddenLinkDetector().Detect($"<p>正文{link}</p>", "body:html"));
        Assert.Equal("NM-V03", content.RuleCode);
    }

    [Theory]
    [InlineData("<a href=\"https://www.gov.cn/\">中国政府网</a>")]
    [InlineData("<a href=\"https://www.gov.cn/\"><img src=\"/media/logo.png\" alt=\"\"></a>")]
    [InlineData("<a href=\"https://www.gov.cn/\"><strong>政</strong></a>")]
    [InlineData("<a href=\"#user-content-top\"></a>")]
    public void A_link_with_visible_text_or_an_image_is_not_flagged(string link)
        => Assert.Empty(new HiddenLinkDetector().Detect($"<p>正文{link}</p>", "body:html"));

    [Theory]
    [InlineData("见[](https://evil.example/)。")]
    [InlineData("见[ ](https://evil.example/)。")]
    [InlineData("见[\u200b](https://evil.example/)。")]
    [InlineData("见[**\u200b**](https://evil.example/)。")]
    public async Task A_markdown_link_without_visible_text_is_refused_at_publication_by_the_gate(string body)
    {
        var saved = await _desk.NewAsync("含隐藏链接的通知", body);
        Assert.True(saved.Ok, saved.Message);
        var finding = Assert.Single(saved.Safety!.Report.Findings, f => f.Detector == HiddenLinkDetector.Key);
        Assert.Equal(("NM-V03", SafetyTier.Serious), (finding.RuleCode, finding.Tier));

        var id = saved.ItemId!;
        Assert.True((await _desk.DoAsync(s => s.SubmitAsync(People.Editor, id))).Ok);
        foreach (var reviewer in new[] { People.Reviewer1, People.Reviewer2, People.Reviewer3 })
        {
            Assert.True((await _desk.DoAsync(s => s.ApproveAsync(reviewer, id))).Ok);
        }
        var refused = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.False(refused.Ok);
        Assert.Contains("没有可见的文字", refused.Message);
        Assert.Null(await _desk.PublicAsync(id));
    }

    [Fact]
    public void Author_chosen_ids_are_prefixed_and_in_page_anchors_follow()
    {
        var html = new MarkdownRenderer().Render("## 一、工作目标\n\n## 配置 {#config}\n\n见[目标](#一工作目标)与[配置](#config)，脚注[^1]。\n\n![图](https://example.org/a.png){#location name=cookie}\n\n[^1]: 注释。").Html;
        Assert.Contains("<h2 id=\"user-content-一工作目标\">", html);
        Assert.Contains("<h2 id=\"user-content-config\">", html);
        Assert.Contains("href=\"#user-content-config\"", html);
        Assert.Contains("href=\"#user-content-%E4%B8%80%E5%B7%A5%E4%BD%9C%E7%9B%AE%E6%A0%87\"", html);
        Assert.DoesNotContain("name=", html);
        Assert.DoesNotContain("id=\"location\"", html);
        Assert.DoesNotContain("id=\"config\"", html);
        // Footnotes: the reference and the note still point at each other.
        var refs = System.Text.RegularExpressions.Regex.Matches(html, "href=\"#([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        var ids = System.Text.RegularExpressions.Regex.Matches(html, "id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(ids, i => Assert.StartsWith(MarkdownRenderer.IdPrefix, i));
        Assert.All(refs.Where(r => r.Contains("fn", StringComparison.Ordinal)), r => Assert.Contains(Uri.UnescapeDataString(r), ids));
    }
}
