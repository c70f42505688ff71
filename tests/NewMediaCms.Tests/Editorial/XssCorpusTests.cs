using AngleSharp.Html.Parser;
using NewMediaCms.Content.Markdown;

namespace NewMediaCms.Tests.Editorial;

/// <summary>
/// Markdown written by an editor (or pasted from a hacked page) must render harmless: no script, no event
/// handler, no javascript:/vbscript:/data: URL, no style. Every vector goes through the one pipeline used for
/// preview and publishing, and the output is parsed like a browser would parse it.
/// </summary>
public sealed class XssCorpusTests
{
    private static readonly MarkdownRenderer Renderer = new();

    public static readonly TheoryData<string> Vectors = new(
    [
        // Raw script and its disguises
        "<script>alert(1)</script>",
        "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
        "<scr<script>ipt>alert(1)</scr</script>ipt>",
        "<script/xss src=\"//evil.example/x.js\"></script>",
        "<<script>alert(1);//<</script>",
        "\"><script>alert(1)</script>",
        "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
        "<template><script>alert(1)</script></template>",
        // Event handlers
        "<img src=x onerror=alert(1)>",
        "<img src=x onerror=\"alert(1)\"/>",
        "<body onload=alert(1)>",
        "<div onmouseover=\"alert(1)\">悬停</div>",
        "<a href=\"https://example.org\" onclick=\"alert(1)\">点</a>",
        "<details open ontoggle=alert(1)>",
        "<video><source onerror=\"alert(1)\"></video>",
        "<input autofocus onfocus=alert(1)>",
        "<marquee onstart=alert(1)>x</marquee>",
        "<img src=x oNeRrOr=alert(1)>",
        "<img/src=x/onerror=alert(1)>",
        // URLs in Markdown links and images
        "[点我](javascript:alert(1))",
        "[点我](JaVaScRiPt:alert(1))",
        "[点我](  javascript:alert(1))",
        "[点我](java\tscript:alert(1))",
        "[点我](javascript&#58;alert(1))",
        "[点我](&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1))",
        "[点我](&#x6A;avascript:alert(1))",
        "[点我](javascript%3Aalert(1))",
        "[点我](vbscript:msgbox(1))",
        "[点我](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[点我](DATA:text/html,<script>alert(1)</script>)",
        "![图](javascript:alert(1))",
        "![图](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
        "[点我][ref]\n\n[ref]: javascript:alert(1)",
        "<javascript:alert(1)>",
        "[a](<javascript:alert(1)>)",
        "[点我](livescript:alert(1))",
        "[点我](file:///etc/passwd)",
        // Raw HTML URLs
        "<a href=\"javascript:alert(1)\">x</a>",
        "<a href=\"&#14;javascript:alert(1)\">x</a>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "<iframe srcdoc=\"<script>alert(1)</script>\"></iframe>",
        "<object data=\"javascript:alert(1)\"></object>",
        "<embed src=\"data:text/html,<script>alert(1)</script>\">",
        "<form action=\"javascript:alert(1)\"><button>x</button></form>",
        "<button formaction=\"javascript:alert(1)\">x</button>",
        "<base href=\"javascript:alert(1)//\">",
        "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
        "<link rel=\"stylesheet\" href=\"javascript:alert(1)\">",
        // CSS tricks (hidden links, overlays, expression())
        "<div style=\"position:fixed;top:0;left:0;width:100%;height:100%\">覆盖</div>",
        "<a href=\"https://spam.example\" style=\"display:none\">暗链</a>",
        "<p style=\"background:url(javascript:alert(1))\">x</p>",
        "<div style=\"width: expression(alert(1))\">x</div>",
        "<style>body{background:url(javascript:alert(1))}</style>",
        "<style>@import 'https://evil.example/x.css';</style>",
        "<div style=\"text-indent:-9999px\"><a href=\"https://spam.example\">隐藏</a></div>",
        // SVG and MathML
        "<svg onload=alert(1)>",
        "<svg><script>alert(1)</script></svg>",
        "<svg><a xlink:href=\"javascript:alert(1)\"><text x=\"20\" y=\"20\">x</text></a></svg>",
        "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
        "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>",
        "<math href=\"javascript:alert(1)\">x</math>",
        // Markdig GenericAttributes: authors must not add handlers or styles with {...}
        "段落 {onclick=\"alert(1)\"}",
        "# 标题 {onmouseover=alert(1)}",
        "[链接](https://example.org){onclick=alert(1)}",
        "![图](https://example.org/a.png){onerror=alert(1)}",
        "段落 {style=\"display:none\"}",
        "[链接](https://example.org){href=javascript:alert(1)}",
        "段落 {.x onfocus=alert(1) tabindex=1}",
        // Other smuggling
        "<img src=\"x\" alt=\"\" onerror=\"alert(1)\"\n>",
        "<a href=\"https://example.org\" target=\"_blank\" rel=\"opener\">x</a><a href=x onclick=alert(1)>y</a>",
        "```html\n<script>alert(1)</script>\n```\n<script>alert(2)</script>",
        "<!--><script>alert(1)</script>-->",
        "<![CDATA[<script>alert(1)</script>]]>",
        "<xss onafterscriptexecute=alert(1)><script>1</script>",
        "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
        "<a href=\"\u0001javascript:alert(1)\">x</a>",
    ]);

    [Fact]
    public void The_corpus_has_at_least_fifty_vectors()
        => Assert.True(Vectors.Count >= 50, $"only {Vectors.Count} vectors");

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Rendered_markdown_carries_no_script_handler_dangerous_url_or_style(string markdown)
    {
        var html = Renderer.Render(markdown).Html;
        var document = new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");

        foreach (var element in document.Body!.QuerySelectorAll("*"))
        {
            var tag = element.LocalName;
            Assert.DoesNotContain(tag, ForbiddenTags);
            foreach (var attribute in element.Attributes)
            {
                var name = attribute.LocalName.ToLowerInvariant();
                Assert.False(name.StartsWith("on", StringComparison.Ordinal), $"事件属性 {name} 出现在：{html}");
                Assert.False(name is "style" or "srcdoc" or "formaction" or "action", $"属性 {name} 出现在：{html}");
                if (name is "href" or "src" or "xlink:href" or "background" or "poster" or "data" or "cite")
                {
                    Assert.True(SafeUrl(attribute.Value), $"不安全的地址 {attribute.Value}：{html}");
                }
            }
        }
        // Escaped source shown as text is harmless; what must never appear is live markup.
        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(@"(?i)<[^>]+\son\w+\s*=", html);
    }

    [Fact]
    public void Ordinary_markdown_still_renders_with_chinese_heading_anchors_and_tables()
    {
        var html = Renderer.Render("## 办理地点\n\n| 事项 | 地点 |\n|---|---|\n| 身份证 | 户政大厅 |\n\n[官网](https://example.org)").Html;
        Assert.Contains("<h2 id=\"user-content-办理地点\">", html);
        Assert.Contains("<table", html);
        Assert.Contains("href=\"https://example.org\"", html);
    }

    private static readonly string[] ForbiddenTags = ["script", "style", "iframe", "object", "embed", "form", "input", "button", "base", "meta", "link", "svg", "math", "frame", "frameset", "template", "noscript", "marquee", "video", "audio", "source", "animate", "set"];

    private static bool SafeUrl(string value)
    {
        var v = new string(value.Where(c => !char.IsControl(c) && !char.IsWhiteSpace(c)).ToArray());
        if (v.StartsWith('#') || v.StartsWith('/') || v.StartsWith('?') || v.Length == 0)
        {
            return true;
        }
        var colon = v.IndexOf(':');
        if (colon < 0 || (v.IndexOf('/') is var slash && slash >= 0 && slash < colon))
        {
            return true; // relative
        }
        return v[..colon].ToLowerInvariant() is "http" or "https" or "mailto" or "tel";
    }
}
