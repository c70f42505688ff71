using System.Globalization;
using NewMediaCms.Content;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Search;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>
/// Public search: the page /search (portal-wide on the portal, the department's own on a department site) and the JSON
/// endpoint /api/search. Every parameter is optional and forgiving: a bad one is ignored, never a 500.
/// </summary>
public static class SearchEndpoints
{
    private const int PageSize = 10;

    /// <summary>Mapped by <see cref="PublicSiteEndpoints.MapPublicSite"/>.</summary>
    internal static IEndpointRouteBuilder MapPublicSearch(this IEndpointRouteBuilder app, string rateLimit)
    {
        app.MapGet("/search", SearchPageAsync).RequireRateLimiting(rateLimit);
        app.MapGet("/api/search", SearchApiAsync).RequireRateLimiting(rateLimit);
        return app;
    }

    private static async Task<IResult> SearchApiAsync(HttpContext http, ITenantContext tenant, SearchService search, TenantRegistry registry, PublicReadModel readModel, TimeProvider time, CancellationToken ct)
    {
        var site = tenant.Current;
        if (site is null || site.State != TenantState.Running)
        {
            return Results.NotFound();
        }
        var (query, _) = ParseQuery(http.Request, site, registry, time);
        var answer = await search.SearchForReaderAsync(site, query, ct);
        var r = answer.Results;
        return Results.Json(new
        {
            query = query.Text,
            total = r.Total,
            page = r.Page,
            pageSize = r.PageSize,
            pageCount = r.PageCount,
            unavailable = answer.Unavailable,
            hits = await HitsAsync(r, registry, readModel, time, ct),
        });
    }

    private static async Task<IResult> SearchPageAsync(HttpContext http, ITenantContext tenant, SearchService search, TenantRegistry registry, PublicReadModel readModel, SiteModelBuilder models, TimeProvider time, CancellationToken ct)
    {
        var site = tenant.Current;
        if (site is null || site.State != TenantState.Running)
        {
            return Results.NotFound();
        }
        var (query, form) = ParseQuery(http.Request, site, registry, time);
        var answer = await search.SearchForReaderAsync(site, query, ct);
        var r = answer.Results;
        var model = await PublicSiteEndpoints.BaseModelAsync(http, site, models, "搜索", ct);
        model["search"] = new SearchPageView(
            form.Q,
            form.Dept,
            form.Type,
            form.From,
            form.To,
            form.Sort,
            r.Total,
            answer.Unavailable,
            query.Text.Trim().Length > 0,
            await HitsAsync(r, registry, readModel, time, ct),
            site.IsPortal
                ? registry.All.Where(t => t.State == TenantState.Running).Select(t => new OptionView(t.Id, t.DisplayName, t.Id == form.Dept)).ToList()
                : [],
            Types.Select(t => new OptionView(t, ContentTypes.DisplayName(t), t == form.Type)).ToList(),
            site.PathBase + "/search");
        model["pager"] = Pager(http.Request, r);
        var title = form.Q.Length > 0 ? $"搜索“{Cut(form.Q, 30)}”- {site.DisplayName}" : $"搜索 - {site.DisplayName}";
        model["page"] = SiteModelBuilder.Page(http.Request, title, $"在{site.DisplayName}搜索通知公告等信息。");
        return await PublicSiteEndpoints.RenderAsync(http, site, "search", model);
    }

    private static readonly string[] Types = [ContentTypes.Notice, "news", "policy", "interpretation", "guide"];

    private static string Cut(string s, int n) => s.Length <= n ? s : s[..n] + "…";

    private sealed record Form(string Q, string Dept, string Type, string From, string To, string Sort);

    private static (SearchQuery Query, Form Form) ParseQuery(HttpRequest request, TenantInfo site, TenantRegistry registry, TimeProvider time)
    {
        // Dates are the site's calendar days.
        var siteClock = TenantClock.For(site, time);
        string Get(string name) => request.Query[name].ToString();
        var q = Get("q");
        q = q.Length > 200 ? q[..200] : q;
        var dept = Get("dept");
        var deptTenant = site.IsPortal && dept.Length > 0 ? registry.Find(dept) : null;
        var type = Types.Contains(Get("type")) ? Get("type") : "";
        var from = ParseDate(Get("from"));
        var to = ParseDate(Get("to"));
        var sort = Get("sort") switch
        {
            "date" or "newest" => SearchSort.Newest,
            "oldest" => SearchSort.Oldest,
            _ => SearchSort.Relevance,
        };
        var page = int.TryParse(Get("page"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is > 0 and <= 100 ? p : 1;
        var account = Get("account");
        var query = new SearchQuery
        {
            Text = q,
            TenantId = deptTenant?.Id,
            ContentType = type.Length > 0 ? type : null,
            AccountId = account.Length is > 0 and <= 64 ? account : null,
            FromUtc = from is { } f ? siteClock.ToUtc(f) : null,
            ToUtc = to is { } t ? siteClock.ToUtc(t.AddDays(1)) : null, // "to" is inclusive: the whole day
            Sort = sort,
            Page = page,
            PageSize = PageSize,
        };
        var form = new Form(q, deptTenant?.Id ?? "", type, from?.ToString("yyyy-MM-dd") ?? "", to?.ToString("yyyy-MM-dd") ?? "",
            sort == SearchSort.Newest ? "date" : sort == SearchSort.Oldest ? "oldest" : "");
        return (query, form);
    }

    private static DateTime? ParseDate(string raw)
        => DateTime.TryParseExact(raw, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) && d.Year is > 1990 and < 2200
            ? DateTime.SpecifyKind(d, DateTimeKind.Unspecified)
            : null;

    /// <summary>The page's hits as readers see them, each with its cover's thumbnail from the department's read model.</summary>
    private static async Task<List<SearchHitView>> HitsAsync(SearchResults r, TenantRegistry registry, PublicReadModel readModel, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hits = new List<SearchHitView>(r.Hits.Count);
        foreach (var h in r.Hits)
        {
            var snapshot = registry.Find(h.TenantId) is null ? null : await readModel.GetAsync(h.TenantId, ct);
            hits.Add(Hit(h, registry, time) with { Thumbnail = snapshot?.Find(h.ContentItemId, now)?.Thumbnail });
        }
        return hits;
    }

    private static SearchHitView Hit(SearchHit h, TenantRegistry registry, TimeProvider time)
    {
        var t = registry.Find(h.TenantId);
        var local = TenantClock.For(t, time).ToLocal(h.PublishedUtc);
        return new SearchHitView(
            h.ContentItemId,
            h.Title,
            h.TitleHighlight,
            h.Snippet,
            $"{t?.PathBase}/notices/{h.ContentItemId}",
            h.TenantId,
            t?.DisplayName ?? h.TenantId,
            h.ContentType,
            ContentTypes.DisplayName(h.ContentType),
            local.ToString("yyyy-MM-dd"));
    }

    private static PagerView Pager(HttpRequest request, SearchResults r)
    {
        string Url(int p)
        {
            var query = request.Query.Where(kv => kv.Key != "page").SelectMany(kv => kv.Value.Select(v => $"{Uri.EscapeDataString(kv.Key)}={Uri.EscapeDataString(v ?? "")}"));
            return $"{request.PathBase}{request.Path}?{string.Join("&", query.Append($"page={p}"))}";
        }
        var pageCount = Math.Min(r.PageCount, 100);
        return new PagerView(r.Page, pageCount, (int)Math.Min(r.Total, int.MaxValue),
            r.Page > 1 ? Url(r.Page - 1) : null,
            r.Page < pageCount ? Url(r.Page + 1) : null);
    }
}

public sealed record SearchHitView(string Id, string Title, string TitleHtml, string SnippetHtml, string Url, string Department, string DepartmentName,
    string Type, string TypeName, string Date)
{
    /// <summary>The cover's small picture, or null when the item has no cover.</summary>
    public string? Thumbnail { get; init; }
}

public sealed record OptionView(string Value, string Name, bool Selected);

public sealed record SearchPageView(string Q, string Dept, string Type, string From, string To, string Sort, long Total, bool Unavailable, bool Searched,
    IReadOnlyList<SearchHitView> Hits, IReadOnlyList<OptionView> Departments, IReadOnlyList<OptionView> Types, string Action);
