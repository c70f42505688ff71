using System.Xml.Linq;
using AngleSharp.Html.Parser;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.PublicSite;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// Markup typed into a title or a body reaches feed readers as text: RSS readers decode title and description as HTML,
/// so what the feed carries, once XML-decoded and then read as HTML, must have no element in it. Atom says type="text".
/// </summary>
public sealed class FeedEncodingTests : IAsyncLifetime
{
    private const string Title = "<script>alert(1)</script>通告<a href=\"https://evil.example/\" style=\"display:none\">暗链</a>&amp;";
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public async Task InitializeAsync()
    {
        await using var scope = _app.TenantScope(null);
        var recipe = System.Text.Json.JsonSerializer.Serialize(new
        {
            name = "hostile-feed",
            steps = new object[]
            {
                new
                {
                    name = "content",
                    items = new object[]
                    {
                        new
                        {
                            id = "gaj-n-hostile", type = "notice", tenant = "gaj", account = "gaj-site", title = Title,
                            body = "正文<img src=x onerror=alert(2)><a href=\"https://evil.example/\"></a>结束", published = "today-1h",
                        },
                    },
                },
            },
        });
        var result = await scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("hostile-feed.recipe.json", recipe);
        Assert.Equal(1, result.Changed);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static readonly HtmlParser Html = new();

    /// <summary>What a reader that treats the text as HTML shows: the elements it would build, and the visible text.</summary>
    private static (int Elements, string Text) AsReaderHtml(string value)
    {
        var body = Html.ParseDocument("<body>" + value).Body!;
        return (body.QuerySelectorAll("*").Length, body.TextContent);
    }

    [Fact]
    public async Task Rss_titles_and_descriptions_carry_markup_only_as_text()
    {
        var rss = XDocument.Parse(await _app.Client().GetStringAsync("/gaj/feed/rss"));
        var item = rss.Descendants("item").Single(i => i.Element("link")!.Value.EndsWith("/gaj/notices/gaj-n-hostile", StringComparison.Ordinal));

        var title = AsReaderHtml(item.Element("title")!.Value);
        Assert.Equal(0, title.Elements);
        Assert.Equal(Title, title.Text);

        var description = AsReaderHtml(item.Element("description")!.Value);
        Assert.Equal(0, description.Elements);
        Assert.Contains("<img src=x onerror=alert(2)>", description.Text);
        foreach (var text in rss.Descendants("channel").Elements().Where(e => !e.HasElements).Select(e => e.Value))
        {
            Assert.Equal(0, AsReaderHtml(text).Elements);
        }
    }

    [Fact]
    public async Task Atom_entries_stay_plain_text()
    {
        XNamespace atom = "http://www.w3.org/2005/Atom";
        var feed = XDocument.Parse(await _app.Client().GetStringAsync("/gaj/feed/atom"));
        var entry = feed.Descendants(atom + "entry").Single(e => e.Element(atom + "id")!.Value.EndsWith("/gaj/notices/gaj-n-hostile", StringComparison.Ordinal));
        var title = entry.Element(atom + "title")!;
        Assert.True(title.Attribute("type") is null || title.Attribute("type")!.Value == "text");
        Assert.Equal(Title, title.Value);
        Assert.Equal("text", entry.Element(atom + "summary")!.Attribute("type")!.Value);
    }

    [Theory]
    [InlineData("标题\u0001\u0000\u001f\uFFFE", "标题")]
    [InlineData("正常 😀 标题", "正常 😀 标题")]
    public void Feed_text_drops_what_xml_cannot_carry(string text, string expected)
    {
        Assert.Equal(expected, FeedText.Plain(text));
        Assert.Equal(expected, XElement.Parse(new XElement("t", FeedText.Html(text)).ToString()).Value);
    }

    [Fact]
    public void A_lone_surrogate_is_dropped_and_a_pair_kept()
    {
        var text = new string(['\uD800', '半', '\uD83D', '\uDE00', '\uDC00']);
        Assert.Equal("半\uD83D\uDE00", FeedText.Plain(text));
    }
}
