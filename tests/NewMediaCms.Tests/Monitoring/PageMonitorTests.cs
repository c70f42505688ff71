using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Safety;
using NewMediaCms.Monitoring;

namespace NewMediaCms.Tests.Monitoring;

public sealed class PageMonitorTests
{
    private const string HiddenLink = "<div style=\"display:none\"><a href=\"http://casino.example/\">娱乐城</a></div>";

    private static async Task<MonitoredPage> GajNoticeAsync(MonitorApp app)
        => (await app.PagesAsync("gaj")).Where(p => p.Kind == "notice").OrderBy(p => p.Path).First();

    [Fact]
    public async Task Every_published_page_is_sealed_and_found_clean_through_a_cdn_that_adds_headers_and_a_comment()
    {
        await using var app = await MonitorApp.StartAsync();
        await app.RunMonitorAsync();
        var pages = await app.PagesAsync("gaj");
        Assert.Contains(pages, p => p.Kind == "home");
        Assert.Contains(pages, p => p.Kind == "list");
        Assert.True(pages.Count(p => p.Kind == "notice") >= 2);
        Assert.All(pages, p =>
        {
            Assert.NotNull(p.HtmlHash);
            Assert.False(string.IsNullOrEmpty(p.SealText));
            Assert.Equal(CheckResults.Clean, p.LastResult);
        });
        Assert.Empty(await app.IncidentsAsync());
    }

    [Fact]
    public async Task An_injected_hidden_link_opens_incidents_with_the_fetched_html_and_the_diff()
    {
        await using var app = await MonitorApp.StartAsync(restore: false);
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path ? html.Replace("</h1>", "</h1>" + HiddenLink + "<p>澳门娱乐城欢迎您</p>") : html;

        var summary = await app.RunMonitorAsync();

        Assert.True(summary.Incidents >= 1);
        var incidents = (await app.IncidentsAsync()).Where(i => i.PageId == notice.Id).ToList();
        var hidden = Assert.Single(incidents, i => i.Kind == IncidentKinds.HiddenLink);
        Assert.Equal("SEC-V01", hidden.RuleCode);
        Assert.Contains("casino.example", hidden.FetchedHtml);
        Assert.Contains("display:none", hidden.Summary);
        var tampered = Assert.Single(incidents, i => i.Kind == IncidentKinds.Tampered);
        Assert.Equal("WEB-V05", tampered.RuleCode);
        Assert.Contains("+ 澳门娱乐城欢迎您", tampered.Diff);
        Assert.Contains("未经审核的链接", tampered.Findings);
        Assert.Null(hidden.HandledUtc);
        Assert.Null(hidden.RestoreState);
        // Other pages stay clean; a second run does not open the same incidents again.
        Assert.All((await app.PagesAsync("gaj")).Where(p => p.Id != notice.Id), p => Assert.Equal(CheckResults.Clean, p.LastResult));
        await app.RunMonitorAsync();
        Assert.Equal(incidents.Count, (await app.IncidentsAsync()).Count(i => i.PageId == notice.Id));
    }

    [Fact]
    public async Task A_link_hidden_by_a_rule_in_a_linked_style_sheet_is_a_hidden_link()
    {
        await using var app = await MonitorApp.StartAsync(restore: false);
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        // The page itself carries no hiding style: the rule is in a planted sheet on the site's own host.
        app.Proxy.Planted["/gaj/assets/promo.css"] = (".promo a { position: absolute; left: -9999px; }", "text/css; charset=utf-8");
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path
            ? html.Replace("</head>", "<link rel=\"stylesheet\" href=\"/gaj/assets/promo.css\"></head>")
                .Replace("</h1>", "</h1><p class=\"promo\"><a href=\"http://casino.example/\">娱乐城</a></p>")
            : html;

        await app.RunMonitorAsync();

        var hidden = Assert.Single(await app.IncidentsAsync(), i => i.PageId == notice.Id && i.Kind == IncidentKinds.HiddenLink);
        Assert.Contains("casino.example", hidden.Summary);
        Assert.Contains("屏幕之外", hidden.Findings);
        // The theme's own sheets are read on every page too, and hide no link there.
        Assert.All((await app.PagesAsync("gaj")).Where(p => p.Id != notice.Id), p => Assert.Equal(CheckResults.Clean, p.LastResult));
    }

    [Fact]
    public async Task Content_shown_only_to_the_search_engine_spider_is_cloaking()
    {
        await using var app = await MonitorApp.StartAsync();
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Rewrite = (path, agent, html) => path == "/gaj" + notice.Path && agent.Contains("Baiduspider")
            ? html.Replace("</h1>", "</h1><p>在线博彩 <a href=\"http://bet.example/\">立即注册</a></p>") : html;

        await app.RunMonitorAsync();

        var incident = Assert.Single(await app.IncidentsAsync());
        Assert.Equal(IncidentKinds.Cloaking, incident.Kind);
        Assert.Contains("Baiduspider", incident.UserAgent);
        Assert.Contains("bet.example", incident.FetchedHtml);
    }

    [Fact]
    public async Task A_redirect_only_for_the_spider_to_another_host_is_cloaking()
    {
        await using var app = await MonitorApp.StartAsync();
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Intercept = (path, agent) => path == "/gaj" + notice.Path && agent.Contains("Baiduspider") ? 302 : null;

        await app.RunMonitorAsync();

        var incident = Assert.Single(await app.IncidentsAsync());
        Assert.Equal(IncidentKinds.Cloaking, incident.Kind);
        Assert.Contains("spam.example", incident.Summary);
    }

    [Fact]
    public async Task With_restore_on_a_poisoned_copy_is_purged_rendered_again_and_the_incident_closes_after_a_clean_recheck()
    {
        await using var app = await MonitorApp.StartAsync(restore: true);
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        var client = app.Proxy.BaseUrl;
        using var http = new HttpClient();
        var real = await http.GetStringAsync(new Uri(client, "/gaj" + notice.Path));
        app.Proxy.Poisoned["/gaj" + notice.Path] = real.Replace("</h1>", "</h1>" + HiddenLink);

        await app.RunMonitorAsync();

        Assert.Contains("/gaj" + notice.Path, app.Proxy.Purges);
        var incidents = (await app.IncidentsAsync()).Where(i => i.PageId == notice.Id).ToList();
        Assert.NotEmpty(incidents);
        Assert.All(incidents, i =>
        {
            Assert.Equal("restored", i.RestoreState);
            Assert.NotNull(i.HandledUtc);
        });
        Assert.Equal(CheckResults.Incident, (await app.PagesAsync("gaj")).Single(p => p.Id == notice.Id).LastResult);
        await app.RunMonitorAsync();
        Assert.Equal(CheckResults.Clean, (await app.PagesAsync("gaj")).Single(p => p.Id == notice.Id).LastResult);
    }

    [Fact]
    public async Task A_tampering_outside_the_cms_that_a_restore_cannot_undo_stays_open_as_still_different()
    {
        await using var app = await MonitorApp.StartAsync(restore: true);
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path ? html.Replace("</h1>", "</h1>" + HiddenLink) : html;

        await app.RunMonitorAsync();

        var incidents = (await app.IncidentsAsync()).Where(i => i.PageId == notice.Id).ToList();
        Assert.NotEmpty(incidents);
        Assert.All(incidents, i =>
        {
            Assert.Equal("still-different", i.RestoreState);
            Assert.Null(i.HandledUtc);
        });
    }

    [Theory]
    [InlineData(500, "HTTP 500")]
    [InlineData(302, "跳转到其他主机")]
    [InlineData(0, "秒内未加载完成")]
    public async Task A_page_that_answers_500_redirects_elsewhere_or_stalls_could_not_be_checked_and_is_never_clean(int answer, string reason)
    {
        await using var app = await MonitorApp.StartAsync(timeoutSeconds: 2);
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Intercept = (path, _) => path == "/gaj" + notice.Path ? answer : null;

        await app.RunMonitorAsync();

        var page = (await app.PagesAsync("gaj")).Single(p => p.Id == notice.Id);
        Assert.Equal(CheckResults.CouldNotCheck, page.LastResult);
        Assert.Contains(reason, page.LastDetail);
        Assert.Empty(await app.IncidentsAsync());
    }

    [Fact]
    public async Task Without_a_public_base_url_nothing_is_reported_clean()
    {
        await using var app = await MonitorApp.StartAsync(configure: a => a.Settings["Monitor:BaseUrl"] = "");
        await app.RunMonitorAsync();
        var pages = await app.PagesAsync("gaj");
        Assert.NotEmpty(pages);
        Assert.All(pages, p => Assert.Equal(CheckResults.CouldNotCheck, p.LastResult));
    }

    [Fact]
    public async Task A_block_of_empty_tags_injected_by_the_proxy_is_a_hacked_page_signature()
    {
        await using var app = await MonitorApp.StartAsync();
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        var block = string.Concat(Enumerable.Repeat("<div id=\"q7x9k2m\"></div>", 10));
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path ? html.Replace("<body>", "<body>" + block) : html;

        await app.RunMonitorAsync();

        var incident = Assert.Single(await app.IncidentsAsync(), i => i.Kind == IncidentKinds.Signature);
        Assert.Equal("SEC-V01", incident.RuleCode);
        Assert.Contains("q7x9k2m", incident.Summary);
    }

    [Fact]
    public async Task Keywords_stuffed_before_the_title_are_judged_by_the_safety_check()
    {
        await using var app = await MonitorApp.StartAsync(configure: a => a.SafetyCheck = new GamblingWords());
        await app.RunMonitorAsync();
        Assert.Empty(await app.IncidentsAsync());
        var notice = await GajNoticeAsync(app);
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path ? html.Replace("<title>", "<title>澳门赌场_") : html;

        await app.RunMonitorAsync();

        var incident = Assert.Single(await app.IncidentsAsync(), i => i.Kind == IncidentKinds.Signature);
        Assert.Contains("标题前堆砌违禁关键词", incident.Summary);
        Assert.Contains("澳门赌场", incident.Summary);
    }

    [Fact]
    public async Task Probes_incidents_and_broken_links_reach_the_inspection_through_the_evidence_port()
    {
        await using var app = await MonitorApp.StartAsync();
        await app.RunMonitorAsync();
        var notice = await GajNoticeAsync(app);
        app.Proxy.Rewrite = (path, _, html) => path == "/gaj" + notice.Path
            ? html.Replace("</h1>", "</h1>" + HiddenLink) : html;
        app.Proxy.Intercept = (path, _) => path == "/wjw/" || path == "/wjw" ? 500 : null;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            // The sealed list page links to a notice that is gone (the link check reads the seal's links).
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var list = db.Set<MonitoredPage>().AcrossTenants().Single(p => p.TenantId == "gaj" && p.Kind == "list");
            list.InternalLinks += "\n/gaj/notices/no-such-notice";
            using (scope.ServiceProvider.GetRequiredService<NewMediaCms.Core.Tenancy.ITenantContext>().BeginMatrixScope())
            {
                await db.SaveChangesAsync();
            }
        }
        await app.RunMonitorAsync();

        await using var read = app.Services.CreateAsyncScope();
        var now = DateTime.UtcNow.AddMinutes(1);
        var facts = await read.ServiceProvider.GetRequiredService<ISiteIntegrityEvidence>().CollectAsync(new SiteIntegrityQuery(now, now.AddDays(-7)), CancellationToken.None);
        var gaj = Assert.Single(facts.Probes, p => p.TenantId == "gaj");
        Assert.Equal(0, gaj.Failed);
        Assert.True(gaj.Probes >= 2);
        var wjw = Assert.Single(facts.Probes, p => p.TenantId == "wjw");
        Assert.True(wjw.Failed >= 1);
        Assert.Contains(facts.Incidents, i => i.TenantId == "gaj" && i.RuleCode == "SEC-V01" && i.Kind == IncidentKinds.HiddenLink && i.HandledUtc == null);
        var broken = Assert.Single(facts.BrokenLinks, l => l.LinkUrl.EndsWith("/gaj/notices/no-such-notice"));
        Assert.Equal(404, broken.Status);
    }

    /// <summary>Stands in for the SAFETY helper's check (not in this tree): gambling words are serious NM-V03 findings.</summary>
    private sealed class GamblingWords : ISafetyCheck
    {
        public Task<SafetyReport> CheckAsync(string tenantId, IReadOnlyList<SafetyText> texts, CancellationToken cancellationToken)
        {
            var findings = texts.Where(t => t.Text.Contains("澳门赌场"))
                .Select(t => new SafetyFinding("forbidden-word", SafetyTier.Serious, "NM-V03", t.Field, t.Text.IndexOf("澳门赌场"), 4, "澳门赌场", null, "赌博内容"))
                .ToList();
            return Task.FromResult(new SafetyReport(findings));
        }
    }
}
