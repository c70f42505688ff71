using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Content;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.PublicSite;

/// <summary>Feeds, sitemap, robots, category lists, conditional requests, compression and elder mode on the test county.</summary>
public sealed class ReaderSiteTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Sitemap = "http://www.sitemaps.org/schemas/sitemap/0.9";

    [Fact]
    public async Task The_portal_rss_feed_is_rss_2_0_and_covers_every_running_department()
    {
        var response = await app.Client().GetAsync("/feed/rss");
        Assert.Equal("application/rss+xml", response.Content.Headers.ContentType!.MediaType);
        var doc = XDocument.Parse(await response.Content.ReadAsStringAsync());
        var channel = AssertValidRss(doc);
        var links = channel.Elements("item").Select(i => i.Element("link")!.Value).ToList();
        Assert.Contains(links, l => l.EndsWith("/notices/portal-n-1", StringComparison.Ordinal));
        Assert.Contains(links, l => l.EndsWith("/gaj/notices/gaj-n-1", StringComparison.Ordinal));
        Assert.Contains(links, l => l.EndsWith("/wjw/notices/wjw-n-1", StringComparison.Ordinal));
        Assert.DoesNotContain(links, l => l.Contains("draft", StringComparison.Ordinal) || l.Contains("old-n-1", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_portal_atom_feed_is_atom_1_0()
    {
        var response = await app.Client().GetAsync("/feed/atom");
        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        var feed = AssertValidAtom(XDocument.Parse(await response.Content.ReadAsStringAsync()));
        Assert.True(feed.Elements(Atom + "entry").Count() >= 4);
    }

    [Fact]
    public async Task A_department_feed_has_only_its_own_items_and_an_account_feed_only_that_accounts()
    {
        var channel = AssertValidRss(XDocument.Parse(await app.Client().GetStringAsync("/gaj/feed/rss")));
        var titles = channel.Elements("item").Select(i => i.Element("title")!.Value).ToList();
        Assert.Equal(["公安局关于办理居民身份证的通告", "公安局冬季交通安全提示"], titles);

        var feed = AssertValidAtom(XDocument.Parse(await app.Client().GetStringAsync("/gaj/accounts/gaj-wechat/feed/atom")));
        Assert.Equal(["公安局冬季交通安全提示"], feed.Elements(Atom + "entry").Select(e => e.Element(Atom + "title")!.Value));
        var rss = AssertValidRss(XDocument.Parse(await app.Client().GetStringAsync("/gaj/accounts/gaj-wechat/feed/rss")));
        Assert.Single(rss.Elements("item"));
    }

    [Theory]
    [InlineData("/gaj/accounts/wjw-site/feed/rss")]
    [InlineData("/gaj/accounts/no-such/feed/atom")]
    [InlineData("/old/feed/rss")]
    [InlineData("/nosuchdept/feed/rss")]
    public async Task Feeds_of_unknown_or_foreign_accounts_and_departments_answer_404(string path)
        => Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync(path)).StatusCode);

    [Fact]
    public async Task Pages_advertise_their_feeds_canonical_url_and_open_graph_data()
    {
        var html = await app.Client().GetStringAsync("/gaj/notices/gaj-n-1?utm=x");
        Assert.Contains("<link rel=\"alternate\" type=\"application/rss+xml\"", html);
        Assert.Contains("href=\"/gaj/feed/atom\"", html);
        Assert.Contains("<link rel=\"canonical\" href=\"http://localhost/gaj/notices/gaj-n-1\">", html);
        Assert.Contains("<meta property=\"og:type\" content=\"article\">", html);
        Assert.Contains("<meta property=\"og:title\" content=\"公安局关于办理居民身份证的通告 - 测试县公安局\">", html);
        Assert.Contains("<meta name=\"description\"", html);
        Assert.Contains("<html lang=\"zh-CN\">", html);
        Assert.Contains("<a class=\"skip-link\" href=\"#main\">", html);
    }

    [Fact]
    public async Task The_sitemap_lists_homes_accounts_and_published_items_of_running_departments()
    {
        var doc = XDocument.Parse(await app.Client().GetStringAsync("/sitemap.xml"));
        Assert.Equal(Sitemap + "urlset", doc.Root!.Name);
        var locs = doc.Root.Elements(Sitemap + "url").Select(u => u.Element(Sitemap + "loc")!.Value).ToList();
        Assert.Contains("http://localhost/", locs);
        Assert.Contains("http://localhost/gaj/", locs);
        Assert.Contains("http://localhost/gaj/accounts/gaj-wechat", locs);
        Assert.Contains("http://localhost/wjw/notices/wjw-n-1", locs);
        Assert.DoesNotContain(locs, l => l.Contains("gaj-draft-1", StringComparison.Ordinal) || l.Contains("/old/", StringComparison.Ordinal));
        Assert.Equal(locs.Count, locs.Distinct().Count());

        var gaj = XDocument.Parse(await app.Client().GetStringAsync("/gaj/sitemap.xml"));
        Assert.All(gaj.Root!.Elements(Sitemap + "url"), u => Assert.StartsWith("http://localhost/gaj/", u.Element(Sitemap + "loc")!.Value));
    }

    [Fact]
    public async Task Robots_txt_points_to_the_sitemap_and_keeps_crawlers_out_of_admin()
    {
        var text = await app.Client().GetStringAsync("/robots.txt");
        Assert.Contains("User-agent: *", text);
        Assert.Contains("Disallow: /admin", text);
        Assert.Contains("Sitemap: http://localhost/sitemap.xml", text);
    }

    [Fact]
    public async Task A_category_list_pages_and_rejects_unknown_categories_and_bad_page_numbers()
    {
        var client = app.Client();
        var portal = await client.GetStringAsync("/category/notice");
        Assert.Contains("公安局关于办理居民身份证的通告", portal);        // the portal's list covers the matrix
        Assert.Contains("卫生健康局关于开展流感疫苗接种的通知", portal);
        var gaj = await client.GetStringAsync("/gaj/category/notice");
        Assert.DoesNotContain("卫生健康局关于开展流感疫苗接种的通知", gaj);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/category/unknown")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/category/notice?page=-3")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/gaj/category/notice?page=two")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/gaj/category/notice?page=4294967296")).StatusCode);
        var notFound = await client.GetAsync("/gaj/category/unknown");
        Assert.Contains("页面不存在", await notFound.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_page_answers_304_to_its_own_etag_and_a_notice_page_carries_last_modified()
    {
        var client = app.Client();
        var first = await client.GetAsync("/gaj/notices/gaj-n-1");
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.NotNull(first.Content.Headers.LastModified);
        var again = new HttpRequestMessage(HttpMethod.Get, "/gaj/notices/gaj-n-1");
        again.Headers.IfNoneMatch.Add(etag);
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(again)).StatusCode);
        var since = new HttpRequestMessage(HttpMethod.Get, "/gaj/notices/gaj-n-1");
        since.Headers.IfModifiedSince = first.Content.Headers.LastModified;
        Assert.Equal(HttpStatusCode.NotModified, (await client.SendAsync(since)).StatusCode);
        var other = new HttpRequestMessage(HttpMethod.Get, "/gaj/notices/gaj-n-1");
        other.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(other)).StatusCode);
    }

    [Fact]
    public async Task Pages_and_feeds_are_compressed_for_clients_that_accept_it()
    {
        foreach (var path in new[] { "/gaj/", "/feed/rss" })
        {
            var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.AcceptEncoding.ParseAdd("br");
            var response = await app.Client().SendAsync(request);
            Assert.Contains("br", response.Content.Headers.ContentEncoding);
        }
    }

    [Fact]
    public async Task The_elder_mode_link_sets_a_cookie_and_returns_to_the_page_in_large_type()
    {
        var client = app.Client();
        var plain = await client.GetStringAsync("/gaj/");
        Assert.Contains("<html lang=\"zh-CN\">", plain);
        Assert.Contains("<form class=\"elder-bar\" action=\"/gaj/elder-mode\" method=\"get\"", plain);
        Assert.Contains("<input type=\"hidden\" name=\"return\" value=\"/gaj/\">", plain);

        var toggle = await client.GetAsync("/gaj/elder-mode?size=24&return=%2Fgaj%2F");
        Assert.Equal(HttpStatusCode.Redirect, toggle.StatusCode);
        Assert.Equal("/gaj/", toggle.Headers.Location!.OriginalString);
        Assert.Contains(toggle.Headers.GetValues("Set-Cookie"), c => c.StartsWith("nmc-elder=24", StringComparison.Ordinal));

        var elder = await client.GetStringAsync("/gaj/");   // same client: the cookie goes along
        Assert.Contains("<html lang=\"zh-CN\" class=\"elder elder-24\">", elder);
        Assert.Contains("aria-pressed=\"true\">特大字</button>", elder);

        // The cached large-type page is not served to a visitor without the cookie.
        Assert.Contains("<html lang=\"zh-CN\">", await app.Client().GetStringAsync("/gaj/"));

        await client.GetAsync("/elder-mode?size=0&return=%2F");
        Assert.Contains("<html lang=\"zh-CN\">", await client.GetStringAsync("/gaj/"));
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task The_elder_mode_switch_never_redirects_off_site(string target)
    {
        var response = await app.Client().GetAsync("/elder-mode?size=20&return=" + Uri.EscapeDataString(target));
        Assert.Equal("/", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Markup_in_the_query_string_is_encoded_in_the_elder_links()
    {
        var html = await app.Client().GetStringAsync("/gaj/notices?x=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E");
        Assert.DoesNotContain("<script>alert(1)", html);
        Assert.DoesNotContain("\"><script>", html);
    }

    private static XElement AssertValidRss(XDocument doc)
    {
        Assert.Equal("rss", doc.Root!.Name.LocalName);
        Assert.Equal("2.0", doc.Root.Attribute("version")!.Value);
        var channel = Assert.Single(doc.Root.Elements("channel"));
        foreach (var required in new[] { "title", "link", "description" })
        {
            Assert.False(string.IsNullOrWhiteSpace(channel.Element(required)?.Value), $"channel/{required}");
        }
        Assert.True(Uri.IsWellFormedUriString(channel.Element("link")!.Value, UriKind.Absolute));
        foreach (var item in channel.Elements("item"))
        {
            Assert.False(string.IsNullOrWhiteSpace(item.Element("title")?.Value));
            Assert.True(Uri.IsWellFormedUriString(item.Element("link")!.Value, UriKind.Absolute));
            Assert.Equal("true", item.Element("guid")!.Attribute("isPermaLink")!.Value);
            // RFC 822 dates, as RSS 2.0 requires.
            Assert.True(DateTime.TryParseExact(item.Element("pubDate")!.Value, "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _));
        }
        return channel;
    }

    private static XElement AssertValidAtom(XDocument doc)
    {
        var feed = doc.Root!;
        Assert.Equal(Atom + "feed", feed.Name);
        foreach (var required in new[] { "id", "title", "updated" })
        {
            Assert.False(string.IsNullOrWhiteSpace(feed.Element(Atom + required)?.Value), $"feed/{required}");
        }
        Assert.Contains(feed.Elements(Atom + "link"), l => l.Attribute("rel")?.Value == "self");
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.True(DateTimeOffset.TryParse(feed.Element(Atom + "updated")!.Value, CultureInfo.InvariantCulture, out _));
        foreach (var entry in feed.Elements(Atom + "entry"))
        {
            foreach (var required in new[] { "id", "title", "updated" })
            {
                Assert.False(string.IsNullOrWhiteSpace(entry.Element(Atom + required)?.Value), $"entry/{required}");
            }
            Assert.True(Uri.IsWellFormedUriString(entry.Element(Atom + "id")!.Value, UriKind.Absolute));
            Assert.Contains(entry.Elements(Atom + "link"), l => l.Attribute("rel")?.Value == "alternate");
        }
        return feed;
    }
}
