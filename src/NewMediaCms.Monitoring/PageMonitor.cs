using System.Text;
using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Safety;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.PublicSite;
using NewMediaCms.Safety.Html;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Monitoring;

/// <summary>The outcome of one page check.</summary>
public sealed record PageCheckOutcome(long PageId, string Result, string Detail, IReadOnlyList<string> IncidentIds, bool Deferred = false);

/// <summary>
/// Checks one sealed page as readers and search engines get it: fetched from the public base URL with a browser's user
/// agent and with Baiduspider's (and a Baidu referrer), each compared with the seal — bytes (after removing what varies
/// per response, see <see cref="PageSeal"/>), then visible text, then links outside the approved set, then the HTML
/// detectors and the title-stuffing check. A difference opens an incident with its evidence; with the setting on, the
/// sealed version is restored (caches evicted, page rendered again) and checked again.
/// </summary>
public sealed class PageMonitor(
    NmcDbContext db,
    ITenantContext tenantContext,
    TenantRegistry registry,
    PageFetcher fetcher,
    SiteUrls urls,
    IEnumerable<IHtmlSafetyDetector> detectors,
    LinkedStyleSheets sheets,
    IServiceProvider services,
    Screenshots screenshots,
    IOutputCacheStore cache,
    PublicReadModel readModel,
    TimeProvider clock,
    ILogger<PageMonitor> logger)
{
    private sealed record Finding(string Kind, string Text);

    private sealed record Analysis(PageSeal Seal, List<Finding> Findings, string Diff);

    public async Task<PageCheckOutcome> CheckAsync(long pageId, MonitorSettings settings, IReadOnlyCollection<string> siteHosts, CancellationToken ct, bool deferCleanResult = false)
    {
        using var matrix = tenantContext.BeginMatrixScope();
        var page = await db.Set<MonitoredPage>().AcrossTenants().FirstOrDefaultAsync(p => p.Id == pageId, ct);
        if (page is null || page.Removed)
        {
            return new PageCheckOutcome(pageId, CheckResults.Pending, "页面已不再检查", []);
        }
        var tenant = registry.Find(page.TenantId);
        if (tenant is null || tenant.State != TenantState.Running)
        {
            page.Removed = true;
            await db.SaveChangesAsync(ct);
            return new PageCheckOutcome(pageId, CheckResults.Pending, "部门已停用", []);
        }
        var outcome = await CheckLoadedAsync(page, tenant, settings, siteHosts, ct);
        if (deferCleanResult && outcome.Result == CheckResults.Clean && !db.ChangeTracker.HasChanges())
        {
            // Nothing changed but the check time: the job writes those in batches (one write per page would make the
            // store, not the fetching, the limit of a 10,000-page run).
            return outcome with { Deferred = true };
        }
        page.LastCheckedUtc = clock.GetUtcNow().UtcDateTime;
        page.LastResult = outcome.Result;
        page.LastDetail = outcome.Detail.Length > 2000 ? outcome.Detail[..2000] : outcome.Detail;
        await db.SaveChangesAsync(ct);
        return outcome;
    }

    private async Task<PageCheckOutcome> CheckLoadedAsync(MonitoredPage page, TenantInfo tenant, MonitorSettings settings, IReadOnlyCollection<string> siteHosts, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        if ((page.NeedsSeal || page.HtmlHash is null) && await SealAsync(page, tenant, settings, siteHosts, ct) is { } sealProblem)
        {
            return new PageCheckOutcome(page.Id, CheckResults.CouldNotCheck, "无法生成封签：" + sealProblem, []);
        }
        if (SiteUrls.Public(settings, tenant, page.Path) is not { } url)
        {
            return new PageCheckOutcome(page.Id, CheckResults.CouldNotCheck, "未配置公开访问地址（页面监测设置）", []);
        }
        var browser = await fetcher.FetchAsync(url, Visitor.Browser, timeout, ct);
        if (!browser.Ok)
        {
            return new PageCheckOutcome(page.Id, CheckResults.CouldNotCheck, $"{Visitor.Browser.Name}访问：{browser.Problem}", []);
        }
        var spider = await fetcher.FetchAsync(url, Visitor.Spider, timeout, ct);
        var resealed = false;
        var browserAnalysis = await AnalyzeAsync(page, tenant, browser.Html, url, Visitor.Browser, settings, siteHosts, allowReseal: true, ct);
        resealed = browserAnalysis.Resealed;
        var spiderAnalysis = spider.Ok ? await AnalyzeAsync(page, tenant, spider.Html, url, Visitor.Spider, settings, siteHosts, allowReseal: !resealed, ct) : null;

        var opened = new List<string>();
        var kinds = new List<(string Kind, Visitor Visitor, FetchResult Fetch, Analysis Analysis)>();
        foreach (var group in browserAnalysis.Analysis.Findings.GroupBy(f => f.Kind))
        {
            kinds.Add((group.Key, Visitor.Browser, browser, browserAnalysis.Analysis with { Findings = group.ToList() }));
        }
        if (spiderAnalysis is not null && spiderAnalysis.Analysis.Findings.Count > 0 && browserAnalysis.Analysis.Findings.Count == 0)
        {
            // Only the spider sees it: cloaking (hacked-page sign 5).
            kinds.Add((IncidentKinds.Cloaking, Visitor.Spider, spider, spiderAnalysis.Analysis));
        }
        else if (spiderAnalysis is not null)
        {
            foreach (var group in spiderAnalysis.Analysis.Findings.GroupBy(f => f.Kind).Where(g => kinds.All(k => k.Kind != g.Key)))
            {
                kinds.Add((group.Key, Visitor.Spider, spider, spiderAnalysis.Analysis with { Findings = group.ToList() }));
            }
        }
        if (!spider.Ok && spider.RedirectedTo is not null)
        {
            var cloak = new Analysis(browserAnalysis.Analysis.Seal, [new Finding(IncidentKinds.Cloaking, $"只对搜索引擎跳转到其他网站：{spider.RedirectedTo}")], "");
            kinds.Add((IncidentKinds.Cloaking, Visitor.Spider, spider, cloak));
        }
        if (kinds.Count == 0)
        {
            if (!spider.Ok)
            {
                return new PageCheckOutcome(page.Id, CheckResults.CouldNotCheck, $"{Visitor.Spider.Name}访问：{spider.Problem}（浏览器访问一致，但不能判定为正常）", []);
            }
            var note = browserAnalysis.Note ?? "与封签一致";
            return new PageCheckOutcome(page.Id, CheckResults.Clean, note, []);
        }
        foreach (var (kind, visitor, fetch, analysis) in kinds)
        {
            if (await OpenAsync(page, tenant, kind, visitor, fetch, analysis, url, ct) is { } id)
            {
                opened.Add(id);
            }
        }
        var detail = string.Join("；", kinds.SelectMany(k => k.Analysis.Findings.Select(f => $"[{k.Visitor.Name}] {f.Text}")).Distinct().Take(10));
        if (settings.Restore && opened.Count > 0)
        {
            detail += "；" + await RestoreAsync(page, tenant, settings, siteHosts, url, opened, ct);
        }
        return new PageCheckOutcome(page.Id, CheckResults.Incident, detail, opened);
    }

    private sealed record AnalysisRun(Analysis Analysis, bool Resealed, string? Note);

    private async Task<AnalysisRun> AnalyzeAsync(MonitoredPage page, TenantInfo tenant, string html, Uri url, Visitor visitor, MonitorSettings settings,
        IReadOnlyCollection<string> siteHosts, bool allowReseal, CancellationToken ct)
    {
        var served = PageSeal.Of(html, siteHosts);
        var resealed = false;
        string? note = null;
        var now = clock.GetUtcNow().UtcDateTime;
        if (served.HtmlHash != page.HtmlHash && allowReseal)
        {
            // The page may have changed legitimately since the seal (a new post on a list, an account renamed): the CMS's
            // current render is the truth. Re-seal from the origin and compare with that.
            var before = page.HtmlHash;
            if (await SealAsync(page, tenant, settings, siteHosts, ct) is null && page.HtmlHash != before)
            {
                resealed = true;
            }
        }
        var findings = new List<Finding>();
        var diff = "";
        var stale = served.HtmlHash == page.PreviousHtmlHash && page.SealedUtc is { } sealedAt && now - sealedAt <= TimeSpan.FromMinutes(settings.StaleGraceMinutes);
        if (served.HtmlHash == page.HtmlHash)
        {
            note = "与封签一致";
        }
        else if (stale)
        {
            note = "与上一版封签一致（代理或 CDN 的缓存尚未更新）";
        }
        else
        {
            if (served.TextHash != page.TextHash)
            {
                diff = Diff(page.SealText ?? "", served.Text);
                findings.Add(new Finding(IncidentKinds.Tampered, "可见文字与封签不同"));
            }
            var approved = (page.SealLinks ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
            var added = served.Links.Where(l => !approved.Contains(l)).ToList();
            if (added.Count > 0)
            {
                findings.Add(new Finding(IncidentKinds.Tampered, $"未经审核的链接 {added.Count} 个：{string.Join("，", added.Take(5))}"));
                if (diff.Length == 0)
                {
                    diff = Diff(PageSeal.Normalize(await OriginHtmlAsync(page, tenant, settings, ct) ?? ""), PageSeal.Normalize(html), splitTags: true);
                }
            }
            if (findings.Count == 0)
            {
                note = "字节不同，但可见文字与链接均与封签一致（差异在标记或空白）";
            }
        }
        var sealFindings = (page.SealFindings ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        // The detectors read the page with the style sheets it links (a hiding rule may live in a theme file).
        var styled = await sheets.WithSheetsAsync(html, url, siteHosts, PageFetcher.PublicClient, visitor, TimeSpan.FromSeconds(settings.TimeoutSeconds), null, ct);
        foreach (var f in detectors.SelectMany(d => d.Detect(styled, "page")).Where(f => f.Tier == SafetyTier.Serious))
        {
            var own = sealFindings.Contains(f.Detector + "|" + f.Matched);
            var kind = f.Detector == HiddenLinkDetector.Key ? IncidentKinds.HiddenLink : IncidentKinds.Signature;
            findings.Add(new Finding(kind, f.Message + (own ? "（本系统的输出本身即含此项：模板或已发布内容被植入，恢复无效，须人工处理）" : "")));
        }
        foreach (var f in await TitleStuffingAsync(tenant.Id, html, ct))
        {
            findings.Add(new Finding(IncidentKinds.Signature, f));
        }
        return new AnalysisRun(new Analysis(served, findings, diff), resealed, note);
    }

    /// <summary>
    /// Hacked-page sign 1: forbidden words stuffed into the title, the meta keywords or before the page's heading. The
    /// words are the safety check's (ISafetyCheck, the department's dictionaries); without one registered this is skipped.
    /// </summary>
    private async Task<List<string>> TitleStuffingAsync(string tenantId, string html, CancellationToken ct)
    {
        if (services.GetService<ISafetyCheck>() is not { } check)
        {
            return [];
        }
        var parts = PageTitleText.Extract(html);
        var texts = new List<SafetyText> { new("page-title", parts.Title) };
        if (parts.Keywords.Length > 0)
        {
            texts.Add(new SafetyText("page-keywords", parts.Keywords));
        }
        if (parts.BeforeHeading.Length > 0)
        {
            texts.Add(new SafetyText("page-before-title", parts.BeforeHeading));
        }
        var report = await check.CheckAsync(tenantId, texts, ct);
        return report.Findings.Where(f => f.Tier == SafetyTier.Serious && f.RuleCode is "NM-V03")
            .Select(f => $"标题前堆砌违禁关键词（{(f.Field == "page-title" ? "标题" : f.Field == "page-keywords" ? "关键词" : "标题前文字")}）：{f.Matched}")
            .Distinct().ToList();
    }

    /// <summary>Takes the seal from the CMS's own render (origin, past every cache). Returns a problem, or null.</summary>
    internal async Task<string?> SealAsync(MonitoredPage page, TenantInfo tenant, MonitorSettings settings, IReadOnlyCollection<string> siteHosts, CancellationToken ct)
    {
        var origin = await OriginAsync(page, tenant, settings, ct);
        if (!origin.Ok)
        {
            return origin.Problem;
        }
        var html = origin.Html;
        var seal = PageSeal.Of(html, siteHosts);
        var now = clock.GetUtcNow().UtcDateTime;
        if (page.HtmlHash is not null && page.HtmlHash != seal.HtmlHash)
        {
            page.PreviousHtmlHash = page.HtmlHash;
            page.PreviousTextHash = page.TextHash;
            page.PreviousSealedUtc = page.SealedUtc;
        }
        if (page.HtmlHash != seal.HtmlHash)
        {
            page.SealedUtc = now;
        }
        page.SealedUtc ??= now;
        page.HtmlHash = seal.HtmlHash;
        page.TextHash = seal.TextHash;
        page.SealText = seal.Text;
        page.SealLinks = string.Join('\n', seal.Links);
        page.InternalLinks = string.Join('\n', seal.InternalLinks);
        var styled = urls.Origin(settings, tenant, page.Path) is { } at
            ? await sheets.WithSheetsAsync(html, at.Url, siteHosts, PageFetcher.OriginClient, Visitor.Browser, TimeSpan.FromSeconds(settings.TimeoutSeconds), OriginRequest(at.Host), ct)
            : html;
        page.SealFindings = string.Join('\n', detectors.SelectMany(d => d.Detect(styled, "page")).Select(f => f.Detector + "|" + f.Matched).Distinct());
        page.Title = PageTitleText.Extract(html).Title is { Length: > 0 } t ? (t.Length > 500 ? t[..500] : t) : page.Title;
        page.NeedsSeal = false;
        return null;
    }

    private async Task<string?> OriginHtmlAsync(MonitoredPage page, TenantInfo tenant, MonitorSettings settings, CancellationToken ct)
        => (await OriginAsync(page, tenant, settings, ct)) is { Ok: true } r ? r.Html : null;

    private async Task<FetchResult> OriginAsync(MonitoredPage page, TenantInfo tenant, MonitorSettings settings, CancellationToken ct)
    {
        if (urls.Origin(settings, tenant, page.Path) is not { } origin)
        {
            return FetchResult.Failed(page.Path, null, 0, "源站地址无效");
        }
        // An Authorization header makes the public page cache neither serve nor store this render (PublicPageCachePolicy):
        // the seal is the CMS's fresh render, never a cached copy that could itself have been altered.
        var result = await fetcher.FetchAsync(PageFetcher.OriginClient, origin.Url, Visitor.Browser, TimeSpan.FromSeconds(settings.TimeoutSeconds), OriginRequest(origin.Host), ct);
        return result.Ok ? result : result with { Problem = "源站 " + result.Problem };
    }

    private static Action<HttpRequestMessage> OriginRequest(string? host) => request =>
    {
        request.Headers.TryAddWithoutValidation("Authorization", "NmcSeal origin");
        if (host is not null)
        {
            request.Headers.Host = host;
        }
    };

    private async Task<string?> OpenAsync(MonitoredPage page, TenantInfo tenant, string kind, Visitor visitor, FetchResult fetch, Analysis analysis, Uri url, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var open = await db.Set<PageIncident>().AcrossTenants().FirstOrDefaultAsync(i => i.PageId == page.Id && i.Kind == kind && i.HandledUtc == null, ct);
        var findings = string.Join('\n', analysis.Findings.Select(f => f.Text).Distinct());
        if (open is not null)
        {
            open.LastSeenUtc = now;
            return null;
        }
        var incident = new PageIncident
        {
            Id = Guid.NewGuid().ToString("N")[..20],
            TenantId = page.TenantId,
            AccountId = page.AccountId,
            PageId = page.Id,
            Url = url.ToString(),
            Kind = kind,
            RuleCode = IncidentKinds.RuleCode(kind),
            Summary = analysis.Findings.First().Text is var s && s.Length > 480 ? s[..480] : analysis.Findings.First().Text,
            Findings = findings,
            UserAgent = $"{visitor.Name}：{visitor.UserAgent}",
            FetchedHtml = fetch.Html.Length > 2_000_000 ? fetch.Html[..2_000_000] : fetch.Html,
            Diff = analysis.Diff,
            OpenedUtc = now,
            LastSeenUtc = now,
        };
        if (fetch.Html.Length > 0)
        {
            incident.Screenshot = await screenshots.TakeAsync(incident.Id, fetch.Html, url, ct);
        }
        db.Add(incident);
        db.Raise(new PageIncidentOpened(page.TenantId, incident.Id, kind, incident.Url, incident.Summary, $"{tenant.PathBase}/admin/monitor/incidents/{incident.Id}"));
        await db.SaveChangesAsync(ct);
        logger.LogWarning("页面监测：{Kind} {Url} {Summary}", kind, incident.Url, incident.Summary);
        return incident.Id;
    }

    /// <summary>Restores the sealed version: the department's cached pages are evicted and the page rendered again; then checked again.</summary>
    private async Task<string> RestoreAsync(MonitoredPage page, TenantInfo tenant, MonitorSettings settings, IReadOnlyCollection<string> siteHosts, Uri url, List<string> incidentIds, CancellationToken ct)
    {
        readModel.Invalidate(tenant.Id);
        await cache.EvictByTagAsync(CacheTags.Tenant(tenant.Id), ct);
        await cache.EvictByTagAsync(CacheTags.Matrix, ct);
        var purged = settings.PurgePublicCache ? await fetcher.PurgeAsync(url, TimeSpan.FromSeconds(settings.TimeoutSeconds), ct) : null;
        logger.LogInformation("页面监测：恢复 {Url}（已清除本系统缓存；代理/CDN PURGE：{Status}）", url, purged?.ToString() ?? "未发送或无响应");
        if (await SealAsync(page, tenant, settings, siteHosts, ct) is { } problem)
        {
            return "恢复失败：无法重新生成页面（" + problem + "）";
        }
        var timeout = TimeSpan.FromSeconds(settings.TimeoutSeconds);
        var browser = await fetcher.FetchAsync(url, Visitor.Browser, timeout, ct);
        var spider = await fetcher.FetchAsync(url, Visitor.Spider, timeout, ct);
        var clean = browser.Ok && spider.Ok
                    && (await AnalyzeAsync(page, tenant, browser.Html, url, Visitor.Browser, settings, siteHosts, false, ct)).Analysis.Findings.Count == 0
                    && (await AnalyzeAsync(page, tenant, spider.Html, url, Visitor.Spider, settings, siteHosts, false, ct)).Analysis.Findings.Count == 0;
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var incident in await db.Set<PageIncident>().AcrossTenants().Where(i => incidentIds.Contains(i.Id)).ToListAsync(ct))
        {
            incident.RestoreState = clean ? "restored" : "still-different";
            incident.RestoredUtc = now;
            if (clean)
            {
                incident.HandledUtc = now;
                incident.HandledBy = "页面监测（自动恢复）";
                incident.HandledNote = "已清除缓存并重新生成封签版本，复查一致";
            }
            db.Raise(new PageRestored(page.TenantId, incident.Id, incident.Url, clean));
        }
        await db.SaveChangesAsync(ct);
        return clean ? "已恢复封签版本，复查一致" : "已清除缓存并重新生成，复查仍不一致：篡改发生在本系统之外（代理、CDN 或网络），须人工处理";
    }

    internal static string Diff(string sealedText, string servedText, bool splitTags = false)
    {
        if (splitTags)
        {
            sealedText = sealedText.Replace(">", ">\n");
            servedText = servedText.Replace(">", ">\n");
        }
        var model = InlineDiffBuilder.Diff(sealedText, servedText, ignoreWhiteSpace: true);
        var lines = model.Lines.Where(l => !string.IsNullOrWhiteSpace(l.Text)).ToList();
        var keep = new bool[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            if (lines[i].Type is ChangeType.Inserted or ChangeType.Deleted)
            {
                for (var j = Math.Max(0, i - 2); j <= Math.Min(lines.Count - 1, i + 2); j++)
                {
                    keep[j] = true;
                }
            }
        }
        var builder = new StringBuilder();
        var skipped = false;
        for (var i = 0; i < lines.Count && builder.Length < 200_000; i++)
        {
            if (!keep[i])
            {
                skipped = true;
                continue;
            }
            if (skipped)
            {
                builder.Append("…\n");
                skipped = false;
            }
            builder.Append(lines[i].Type switch { ChangeType.Inserted => "+ ", ChangeType.Deleted => "- ", _ => "  " }).Append(lines[i].Text).Append('\n');
        }
        return builder.ToString();
    }
}
