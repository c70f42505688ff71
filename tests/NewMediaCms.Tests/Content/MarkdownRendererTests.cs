using NewMediaCms.Content.Markdown;

namespace NewMediaCms.Tests.Content;

public sealed class MarkdownRendererTests
{
    private readonly MarkdownRenderer _renderer = new();

    [Fact]
    public void Chinese_headings_get_their_own_anchors()
    {
        var html = _renderer.Render("## 一、工作目标\n\n## 二、保障措施").Html;
        Assert.Contains("<h2 id=\"user-content-一工作目标\">", html);
        Assert.Contains("<h2 id=\"user-content-二保障措施\">", html);
    }

    [Fact]
    public void Emphasis_next_to_chinese_punctuation_works()
        => Assert.Contains("<strong>“重点任务”</strong>", _renderer.Render("请落实**“重点任务”**要求。").Html);

    [Fact]
    public void Tables_render()
        => Assert.Contains("<td>消防检查</td>", _renderer.Render("| 事项 | 单位 |\n|---|---|\n| 消防检查 | 应急局 |").Html);

    [Theory]
    [InlineData("[x](javascript:alert(1))", "javascript:")]
    [InlineData("<script>alert(1)</script>", "<script")]
    [InlineData("[x](data:text/html;base64,PHNjcmlwdD4=)", "data:text")]
    [InlineData("[x](https://example.org){onclick=\"alert(1)\"}", "onclick")]
    [InlineData("![a](https://example.org/a.png){style=\"position:fixed\"}", "style=")]
    public void Dangerous_markdown_renders_harmless(string markdown, string forbidden)
        => Assert.DoesNotContain(forbidden, _renderer.Render(markdown).Html, StringComparison.OrdinalIgnoreCase);

    [Fact]
    public void The_plain_text_excerpt_drops_markup()
    {
        var plain = _renderer.Render("## 标题\n\n正文**加粗**内容").PlainText;
        Assert.Equal("标题 正文加粗内容", plain);
    }
}
