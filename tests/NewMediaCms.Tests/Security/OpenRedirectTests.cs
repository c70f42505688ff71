using System.Net;
using System.Text.RegularExpressions;
using NewMediaCms.Core.Http;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// Every redirect that takes its target from the request (elder mode's return=, the sign-in ReturnUrl) follows only a
/// path of this site: the corpus below is what browsers turn into another origin or what breaks the Location header.
/// </summary>
public sealed class OpenRedirectTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    /// <summary>Off-site targets as a browser reads them, control characters (tab, CR, LF are dropped by browsers) and encodings.</summary>
    public static TheoryData<string> Hostile()
    {
        var data = new TheoryData<string>
        {
            "//evil.example/", "/\\evil.example", "\\\\evil.example", "\\/evil.example",
            "/\r\n/evil.example", " //evil.example", "https://evil.example/", "http:evil.example", "javascript:alert(1)",
            "JaVaScRiPt:alert(1)", "data:text/html,<script>alert(1)</script>", "/\\/evil.example", "/a\\..\\\\evil.example",
            "%2F%2Fevil.example", "%09/evil.example", "/%09/evil.example\t", "\u3000//evil.example", "/\u0000", "\u0000/admin",
            "/admin\u0000", "/\u007f/evil.example", "/\u0085/evil.example", "/\u200b/evil.example", "evil.example", "",
        };
        for (var c = 1; c < 0x20; c++)
        {
            data.Add("/" + (char)c + "/evil.example");
            data.Add(((char)c).ToString());
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task The_elder_mode_switch_sends_every_hostile_target_home(string target)
    {
        var response = await app.Client().GetAsync("/gaj/elder-mode?size=20&return=" + Uri.EscapeDataString(target));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/gaj/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/gaj/notices?page=2", "/gaj/notices?page=2")]
    [InlineData("/", "/")]
    [InlineData("/gaj/notices/%E9%80%9A%E7%9F%A5", "/gaj/notices/%E9%80%9A%E7%9F%A5")]
    [InlineData("/gaj/notices/通知", "/gaj/notices/%E9%80%9A%E7%9F%A5")]
    public async Task The_elder_mode_switch_returns_to_a_local_page_with_non_ascii_encoded(string target, string expected)
    {
        var response = await app.Client().GetAsync("/gaj/elder-mode?size=20&return=" + Uri.EscapeDataString(target));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/admin\u0000")]
    [InlineData("\u0000")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("javascript:alert(1)")]
    [InlineData("/\u0001/evil.example")]
    [InlineData("/\u001f\r\nSet-Cookie: x=1")]
    public async Task Signing_in_with_a_hostile_return_url_lands_on_the_admin_home(string target)
    {
        var client = app.Client();
        var form = await client.GetStringAsync("/admin/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        // In the query string, where the sign-in redirect puts it (a NUL inside a form body is refused by ASP.NET Core's
        // form reader for every field alike, before any page runs).
        var response = await client.PostAsync("/admin/login?ReturnUrl=" + Uri.EscapeDataString(target), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = NmcAppFactory.AdminPassword,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Signing_in_returns_to_the_local_page_that_asked_for_it()
    {
        var client = app.Client();
        var form = await client.GetStringAsync("/admin/login?ReturnUrl=%2Fadmin%2Fcontent%3Fstate%3Ddraft");
        Assert.Contains("value=\"/admin/content?state=draft\"", form);
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin",
            ["Password"] = NmcAppFactory.AdminPassword,
            ["ReturnUrl"] = "/admin/content?state=draft",
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal("/admin/content?state=draft", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void The_local_url_check_refuses_the_corpus(string target) => Assert.False(LocalUrl.IsLocal(target));
}
