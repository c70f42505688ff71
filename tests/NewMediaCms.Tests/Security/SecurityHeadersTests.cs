using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Tests.Security;

/// <summary>Response headers on public, admin and API responses, and the pages they protect carry no inline script.</summary>
public sealed partial class SecurityHeadersTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private static string Csp(HttpResponseMessage r) => r.Headers.TryGetValues("Content-Security-Policy", out var v) ? string.Join(",", v) : "";

    private static string? Header(HttpResponseMessage r, string name)
        => r.Headers.TryGetValues(name, out var v) ? string.Join(",", v)
            : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(",", c) : null;

    private static string Directive(string csp, string name)
        => csp.Split(';', StringSplitOptions.TrimEntries).FirstOrDefault(d => d.StartsWith(name + " ", StringComparison.Ordinal)) ?? "";

    private static void AssertCommonHeaders(HttpResponseMessage r)
    {
        Assert.Equal("nosniff", Header(r, "X-Content-Type-Options"));
        Assert.False(string.IsNullOrEmpty(Header(r, "Referrer-Policy")));
        Assert.Contains("camera=()", Header(r, "Permissions-Policy") ?? "");
        var csp = Csp(r);
        Assert.Contains("report-uri /csp-report", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/gaj/")]
    [InlineData("/notices")]
    [InlineData("/search?q=通知")]
    [InlineData("/messages/new")]
    [InlineData("/gaj/no-such-page")]
    public async Task Public_pages_carry_a_policy_without_inline_script_and_may_be_framed_only_by_the_site(string path)
    {
        var response = await app.Client().GetAsync(path);
        AssertCommonHeaders(response);
        var csp = Csp(response);
        Assert.Equal("script-src 'self'", Directive(csp, "script-src"));
        Assert.Equal("style-src 'self'", Directive(csp, "style-src"));
        Assert.Equal("object-src 'none'", Directive(csp, "object-src"));
        Assert.Equal("frame-ancestors 'self'", Directive(csp, "frame-ancestors"));
        Assert.Equal("strict-origin-when-cross-origin", Header(response, "Referrer-Policy"));
    }

    [Theory]
    [InlineData("/admin/login")]
    [InlineData("/gaj/admin/login")]
    [InlineData("/admin/content")]
    public async Task Admin_pages_may_not_be_framed(string path)
    {
        var response = await app.Client().GetAsync(path);
        AssertCommonHeaders(response);
        Assert.Equal("frame-ancestors 'none'", Directive(Csp(response), "frame-ancestors"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
        Assert.Equal("same-origin", Header(response, "Referrer-Policy"));
    }

    [Fact]
    public async Task A_signed_in_admin_page_carries_the_admin_policy()
    {
        var client = await app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var response = await client.GetAsync("/gaj/admin/content");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertCommonHeaders(response);
        Assert.Equal("frame-ancestors 'none'", Directive(Csp(response), "frame-ancestors"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("/api/admin/content")]
    [InlineData("/gaj/api/admin/content")]
    [InlineData("/api/search?q=通知")]
    public async Task Api_responses_allow_nothing_to_run_and_are_never_framed(string path)
    {
        var response = await app.Client().GetAsync(path);
        AssertCommonHeaders(response);
        Assert.Equal("default-src 'none'", Directive(Csp(response), "default-src"));
        Assert.Equal("DENY", Header(response, "X-Frame-Options"));
    }

    [Theory]
    [InlineData("/admin-assets/admin.js")]
    [InlineData("/themes/matrix/assets/site.css")]
    public async Task Static_files_are_served_with_nosniff(string path)
    {
        var response = await app.Client().GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
    }

    [Fact]
    public async Task Without_https_configured_there_is_no_hsts_and_no_redirect()
    {
        var response = await app.Client().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(Header(response, "Strict-Transport-Security"));
    }

    private static readonly string[] PublicPages = ["/", "/gaj/", "/notices", "/gaj/notices", "/search?q=通知", "/gaj/messages", "/gaj/messages/new", "/gaj/messages/lookup"];

    private static readonly string[] AdminPages =
    [
        "/admin", "/admin/todo", "/admin/notifications", "/admin/content", "/admin/content/edit?type=notice", "/admin/content/deleted", "/admin/review",
        "/admin/review-chain", "/admin/schedule", "/admin/site-settings", "/admin/theme", "/admin/media", "/admin/messages",
        "/admin/messages/settings", "/admin/monitor", "/admin/monitor/probes", "/admin/users", "/admin/users/new",
        "/admin/accounts", "/admin/accounts/new", "/admin/safety/dictionaries",
    ];

    private static readonly string[] MatrixPages =
    [
        "/admin/inspection", "/admin/inspection/compare", "/admin/inspection/trend", "/admin/inspection/report",
        "/admin/inspection/rectifications", "/admin/inspection/settings", "/admin/monitor/settings", "/admin/search", "/admin/jobs", "/admin/login",
    ];

    [Fact]
    public async Task No_page_has_inline_script_inline_handlers_or_inline_style()
    {
        var problems = new List<string>();
        var anonymous = app.Client();
        foreach (var path in PublicPages)
        {
            problems.AddRange(InlineCode(path, await anonymous.GetStringAsync(path)));
        }
        // A published notice (the first link of the department's list).
        var list = await anonymous.GetStringAsync("/gaj/notices");
        var notice = NoticeLink().Match(list).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(notice), "部门通知列表里没有通知链接。");
        problems.AddRange(InlineCode(notice, await anonymous.GetStringAsync(notice)));

        var departmentAdmin = await app.SignInAsync("gaj.admin", pathBase: "/gaj");
        foreach (var path in AdminPages)
        {
            var response = await departmentAdmin.GetAsync("/gaj" + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/gaj{path}: {response.StatusCode}");
            problems.AddRange(InlineCode("/gaj" + path, await response.Content.ReadAsStringAsync()));
        }
        var content = await departmentAdmin.GetStringAsync("/gaj/admin/content");
        var item = ItemLink().Match(content).Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(item), "内容列表里没有内容链接。");
        problems.AddRange(InlineCode(item, await departmentAdmin.GetStringAsync(item)));

        var matrix = await app.SignInAsync("admin");
        foreach (var path in MatrixPages)
        {
            var response = await matrix.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path}: {response.StatusCode}");
            problems.AddRange(InlineCode(path, await response.Content.ReadAsStringAsync()));
        }
        // The audit log is the audit administrator's alone (三权分立).
        var auditAdmin = await app.SignInAsync("audit.admin");
        var audit = await auditAdmin.GetAsync("/admin/audit");
        Assert.True(audit.StatusCode == HttpStatusCode.OK, $"/admin/audit: {audit.StatusCode}");
        problems.AddRange(InlineCode("/admin/audit", await audit.Content.ReadAsStringAsync()));
        Assert.Empty(problems);
    }

    /// <summary>Script elements without src, on*= handler attributes, style attributes and elements, javascript: URLs.</summary>
    private static IEnumerable<string> InlineCode(string path, string html)
    {
        foreach (Match m in InlineScript().Matches(html))
        {
            yield return $"{path}: {m.Value}";
        }
        foreach (Match tag in Tag().Matches(html))
        {
            if (HandlerOrStyle().Match(tag.Value) is { Success: true } a)
            {
                yield return $"{path}: {a.Value.Trim()} in {tag.Value[..Math.Min(80, tag.Value.Length)]}";
            }
        }
        if (html.Contains("<style", StringComparison.OrdinalIgnoreCase))
        {
            yield return $"{path}: <style> element";
        }
    }

    [GeneratedRegex("<script(?![^>]*\\ssrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("<[a-zA-Z][^<>]*>")]
    private static partial Regex Tag();

    [GeneratedRegex("\\s(on[a-z]+|style)\\s*=|javascript:", RegexOptions.IgnoreCase)]
    private static partial Regex HandlerOrStyle();

    [GeneratedRegex("href=\"(/gaj/notices/[^\"?#]+)\"")]
    private static partial Regex NoticeLink();

    [GeneratedRegex("href=\"(/gaj/admin/content/[0-9a-zA-Z-]{6,})\"")]
    private static partial Regex ItemLink();

    [Fact]
    public async Task A_violation_report_is_accepted_logged_and_counted_in_both_formats()
    {
        var reports = app.Services.GetRequiredService<CspReports>();
        var before = reports.Count;
        var legacy = new StringContent("""{"csp-report":{"document-uri":"http://localhost/gaj/","violated-directive":"script-src-elem","blocked-uri":"inline","line-number":3}}""",
            Encoding.UTF8, "application/csp-report");
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client().PostAsync(CspReports.Path, legacy)).StatusCode);
        var modern = new StringContent("""[{"type":"csp-violation","body":{"documentURL":"http://localhost/admin","effectiveDirective":"style-src-attr","blockedURL":"inline"}},{"type":"deprecation","body":{}}]""",
            Encoding.UTF8, "application/reports+json");
        Assert.Equal(HttpStatusCode.NoContent, (await app.Client().PostAsync(CspReports.Path, modern)).StatusCode);
        Assert.Equal(before + 2, reports.Count);

        var garbage = new StringContent("not json", Encoding.UTF8, "application/csp-report");
        Assert.Equal(HttpStatusCode.BadRequest, (await app.Client().PostAsync(CspReports.Path, garbage)).StatusCode);
        Assert.Equal(before + 2, reports.Count);
    }

    [Fact]
    public void Report_fields_are_cut_and_stripped_of_control_characters()
    {
        var body = Encoding.UTF8.GetBytes("{\"csp-report\":{\"document-uri\":\"http://x/\\r\\nFAKE LOG LINE\",\"blocked-uri\":\"" + new string('a', 1000) + "\"}}");
        var v = Assert.Single(CspReports.Parse(body)!);
        Assert.DoesNotContain('\n', v.Document!);
        Assert.True(v.Blocked!.Length <= 301);
    }
}

/// <summary>With HTTPS configured: redirect, HSTS and Secure cookies (a fresh application of its own).</summary>
public sealed class HttpsTransportTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync()
    {
        _app.Settings["Https:Enabled"] = "true";
        _app.Settings["Https:Port"] = "8443";
        _app.Settings["RateLimits:csp-report:PermitLimit"] = "3";
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private HttpClient HttpsClient()
    {
        var client = _app.Client();
        client.BaseAddress = new Uri("https://localhost/");
        return client;
    }

    [Fact]
    public async Task Plain_http_is_redirected_to_https_keeping_path_and_query()
    {
        var response = await _app.Client().GetAsync("/gaj/search?q=a");
        Assert.Equal(HttpStatusCode.PermanentRedirect, response.StatusCode);
        Assert.Equal("https://localhost:8443/gaj/search?q=a", response.Headers.Location!.ToString());
        // The load balancer's health probe is answered over HTTP.
        Assert.Equal(HttpStatusCode.OK, (await _app.Client().GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task Https_responses_carry_hsts_and_upgrade_insecure_requests()
    {
        var response = await HttpsClient().GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
        Assert.Contains("upgrade-insecure-requests", string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
    }

    [Fact]
    public async Task Every_cookie_is_secure_on_https()
    {
        var client = HttpsClient();
        var cookies = new List<string>();
        var login = await client.GetAsync("/admin/login");
        cookies.AddRange(login.Headers.GetValues("Set-Cookie"));
        var form = await login.Content.ReadAsStringAsync();
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var signIn = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = "admin", ["Password"] = NmcAppFactory.AdminPassword, ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        cookies.AddRange(signIn.Headers.GetValues("Set-Cookie"));
        var elder = await client.GetAsync("/elder-mode?size=24&return=/");
        cookies.AddRange(elder.Headers.GetValues("Set-Cookie"));

        Assert.Contains(cookies, c => c.StartsWith("nmc.af", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("nmc.auth", StringComparison.Ordinal));
        Assert.Contains(cookies, c => c.StartsWith("nmc-elder", StringComparison.Ordinal));
        Assert.All(cookies, c => Assert.Contains("; secure", c, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Violation_reports_are_rate_limited_per_client()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            var body = new StringContent("""{"csp-report":{"document-uri":"https://localhost/","violated-directive":"img-src"}}""", Encoding.UTF8, "application/csp-report");
            statuses.Add((await HttpsClient().PostAsync(CspReports.Path, body)).StatusCode);
        }
        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.NoContent));
        Assert.Equal(2, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
    }
}
