using System.Globalization;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;
using NewMediaCms.Themes;

namespace NewMediaCms.PublicSite;

/// <summary>
/// The public site. Routes are declared once; the tenant resolved from host/prefix decides whether "/" is the
/// matrix portal or a department's home. Pages are Liquid templates of the tenant's theme.
/// </summary>
public static class PublicSiteEndpoints
{
    public const int PageSize = 20;

    /// <summary>
    /// Every public route: pages, feeds, sitemaps, elder mode, search (/search, /api/search) and messages (/messages).
    /// The host names the rate-limiting policies of the routes a client can call in bulk (<paramref name="limits"/>).
    /// </summary>
    public static IEndpointRouteBuilder MapPublicSite(this IEndpointRouteBuilder app, PublicRateLimits limits)
    {
        var pages = app.MapGroup("").CacheOutput(PublicPageCachePolicy.Name);
        pages.MapGet("/", HomeAsync);
        pages.MapGet("/notices", NoticeListAsync);
        pages.MapGet("/notices/{id}", NoticeAsync);
        pages.MapGet("/accounts/{id}", AccountAsync);
        pages.MapGet("/category/{type}", CategoryAsync);
        pages.MapGet("/feed/rss", (HttpContext http, CancellationToken ct) => Feeds.WriteAsync(http, null, FeedFormat.Rss, ct));
        pages.MapGet("/feed/atom", (HttpContext http, CancellationToken ct) => Feeds.WriteAsync(http, null, FeedFormat.Atom, ct));
        pages.MapGet("/accounts/{id}/feed/rss", (string id, HttpContext http, CancellationToken ct) => Feeds.WriteAsync(http, id, FeedFormat.Rss, ct));
        pages.MapGet("/accounts/{id}/feed/atom", (string id, HttpContext http, CancellationToken ct) => Feeds.WriteAsync(http, id, FeedFormat.Atom, ct));
        pages.MapGet("/sitemap.xml", (HttpContext http, CancellationToken ct) => Sitemaps.WriteAsync(http, null, ct));
        pages.MapGet("/sitemap-{n:int}.xml", (int n, HttpContext http, CancellationToken ct) => Sitemaps.WriteAsync(http, n, ct));
        pages.MapGet("/robots.txt", Sitemaps.Robots);
        app.MapGet("/elder-mode", ElderMode.Switch);
        app.MapPublicSearch(limits.Search);
        app.MapPublicMessages(limits);
        return app;
    }

    private static async Task<IResult> HomeAsync(HttpContext http, ITenantContext tenant, SiteModelBuilder models, IPublishedContentSource reader, TenantRegistry registry, HomePageListing listing, CancellationToken ct)
    {
        var t = tenant.Current;
        if (t is null)
        {
            return Results.NotFound();
        }
        var model = await BaseModelAsync(http, t, models, t.IsPortal ? "首页" : "部门首页", ct);
        if (t.IsPortal)
        {
            var running = Running(registry);
            var latest = await listing.LatestAsync(t, HomePageListing.PortalLatest, ct);
            model["latest"] = await models.NoticesAsync(latest, ct);
            model["headlines"] = await models.NoticesAsync((await reader.PageAsync(1, 6, ct: ct)).Items, ct);
            var categories = new List<CategoryView>();
            foreach (var type in Categories)
            {
                var top = await reader.PageAsync(1, 5, running, contentType: type, ct: ct);
                if (top.Total > 0)
                {
                    categories.Add(new CategoryView(type, ContentTypes.DisplayName(type), $"/category/{type}", await models.NoticesAsync(top.Items, ct)));
                }
            }
            model["categories"] = categories;
            model["departments"] = await models.DirectoryAsync(ct);
            model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, (string)((SiteView)model["site"]!).Title, "政务新媒体矩阵门户：各部门、各账号的最新通知公告、政策文件与办事指南，以及全部政务新媒体账号的目录。"), http, t.DisplayName);
            return await RenderAsync(http, t, "portal", model);
        }
        model["notices"] = await models.NoticesAsync(await listing.LatestAsync(t, HomePageListing.DepartmentLatest, ct), ct);
        model["accounts"] = await models.AccountsOfAsync(t, ct);
        model["children"] = registry.All.Where(x => x.ParentId == t.Id && x.State == TenantState.Running).Select(models.Tenant).ToList();
        model["parent"] = t.ParentId is null || registry.Find(t.ParentId) is not { } parent ? null : models.Tenant(parent);
        model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, t.DisplayName, $"{t.DisplayName}网站：本部门的通知公告、政策信息和政务新媒体账号。"), http, t.DisplayName);
        return await RenderAsync(http, t, "department", model);
    }

    private static async Task<IResult> NoticeListAsync(HttpContext http, ITenantContext tenant, SiteModelBuilder models, IPublishedContentSource reader, CancellationToken ct)
    {
        var t = tenant.Current;
        if (t is null || !TryPage(http, out var pageNumber))
        {
            return Results.NotFound();
        }
        var page = await reader.PageAsync(pageNumber, PageSize, ct: ct);
        var model = await BaseModelAsync(http, t, models, "通知公告", ct);
        model["notices"] = await models.NoticesAsync(page.Items, ct);
        model["pager"] = SiteModelBuilder.Pager(http.Request, page);
        model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, PagedTitle("通知公告", page, t), $"{t.DisplayName}发布的通知公告，第 {page.Page} 页，共 {page.Total} 条。", page.Page), http, t.DisplayName);
        return await RenderAsync(http, t, "notices", model);
    }

    /// <summary>The content types that have category lists (/category/{type}).</summary>
    public static readonly string[] Categories = [ContentTypes.Notice, "news", "policy", "interpretation", "guide"];

    private static async Task<IResult> CategoryAsync(string type, HttpContext http, ITenantContext tenant, SiteModelBuilder models, IPublishedContentSource reader, TenantRegistry registry, CancellationToken ct)
    {
        var t = tenant.Current;
        if (t is null || !Categories.Contains(type, StringComparer.Ordinal) || !TryPage(http, out var pageNumber))
        {
            return Results.NotFound();
        }
        // The portal's category lists cover the whole matrix; a department's cover the department.
        var page = await reader.PageAsync(pageNumber, PageSize, t.IsPortal ? Running(registry) : null, contentType: type, ct: ct);
        var name = ContentTypes.DisplayName(type);
        var model = await BaseModelAsync(http, t, models, name, ct);
        model["category"] = new CategoryView(type, name, $"{t.PathBase}/category/{type}", await models.NoticesAsync(page.Items, ct));
        model["notices"] = ((CategoryView)model["category"]!).Notices;
        model["pager"] = SiteModelBuilder.Pager(http.Request, page);
        model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, PagedTitle(name, page, t), $"{t.DisplayName}的{name}，第 {page.Page} 页，共 {page.Total} 条。", page.Page), http, t.DisplayName);
        return await RenderAsync(http, t, "category", model);
    }

    private static string PagedTitle(string name, ItemPage page, TenantInfo t)
        => page.Page > 1 ? $"{name}（第 {page.Page} 页）- {t.DisplayName}" : $"{name} - {t.DisplayName}";

    public static List<string> Running(TenantRegistry registry)
        => registry.All.Where(x => x.State == TenantState.Running).Select(x => x.Id).ToList();

    private static PageView WithFeeds(PageView page, HttpContext http, string title, string? accountId = null)
    {
        var prefix = http.Request.PathBase + (accountId is null ? "" : "/accounts/" + accountId);
        return page with { RssUrl = prefix + "/feed/rss", AtomUrl = prefix + "/feed/atom", FeedTitle = title + " 订阅" };
    }

    /// <summary>
    /// A notice page, entirely from the in-memory read model (<see cref="PublicReadModel"/>): no query once the
    /// department's snapshot and the body are loaded. The snapshot is replaced after every committed change.
    /// </summary>
    private static async Task<IResult> NoticeAsync(string id, HttpContext http, ITenantContext tenant, SiteModelBuilder models, PublicReadModel readModel, TimeProvider clock, CancellationToken ct)
    {
        var t = tenant.Current;
        if (t is null)
        {
            return Results.NotFound();
        }
        var snapshot = await readModel.GetAsync(t.Id, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var entry = snapshot.Find(id, now);
        var html = entry is null ? null : await snapshot.BodyAsync(entry, ct);
        if (entry is null || html is null)
        {
            return Results.NotFound();
        }
        var item = entry.Item;
        var model = BaseModel(http, t, models, snapshot.Site, item.Title);
        model["notice"] = models.NoticeDetail(snapshot, entry, html, now);
        model["related"] = models.Notices(snapshot, snapshot.Related(entry, now));
        model["related_title"] = item.ContentType == "policy" ? "相关解读" : "所解读的政策文件";
        model["fields"] = await models.FieldsAsync(entry);
        model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, $"{item.Title} - {t.DisplayName}", string.IsNullOrWhiteSpace(item.Summary) ? item.Title : item.Summary) with { OgType = "article" }, http, t.DisplayName);
        return await RenderAsync(http, t, "notice", model, lastModifiedUtc: item.PublishedUtc);
    }

    private static async Task<IResult> AccountAsync(string id, HttpContext http, ITenantContext tenant, SiteModelBuilder models, IPublishedContentSource reader, CancellationToken ct)
    {
        var t = tenant.Current;
        var account = t is null ? null : await models.FindAccountAsync(id, ct);
        if (t is null || account is null || account.TenantId != t.Id || !TryPage(http, out var pageNumber))
        {
            return Results.NotFound();
        }
        // A merged account's URLs lead to the account it was merged into (permanently).
        if (account.State == NewMediaCms.Accounts.AccountState.MergedInto && account.MergedIntoAccountId is { } into
            && await models.FindAccountAsync(into, ct) is { } target && http.RequestServices.GetRequiredService<TenantRegistry>().Find(target.TenantId) is { } targetTenant)
        {
            return Results.Redirect($"{targetTenant.PathBase}/accounts/{Uri.EscapeDataString(target.Id)}", permanent: true);
        }
        var page = await reader.PageAsync(pageNumber, PageSize, accountId: account.Id, ct: ct);
        var model = await BaseModelAsync(http, t, models, account.Name, ct);
        model["account"] = (await models.AccountsOfAsync(t, ct)).First(a => a.Id == account.Id);
        model["notices"] = await models.NoticesAsync(page.Items, ct);
        model["pager"] = SiteModelBuilder.Pager(http.Request, page);
        model["page"] = WithFeeds(SiteModelBuilder.Page(http.Request, $"{account.Name} - {t.DisplayName}", $"{account.Name}（{t.DisplayName}）发布的信息，第 {page.Page} 页，共 {page.Total} 条。", page.Page), http, account.Name, account.Id);
        return await RenderAsync(http, t, "account", model);
    }

    /// <summary>"page" must be a positive whole number; beyond the last page shows the last page (numbers past a million
    /// are read as a million, so that no offset computed from them overflows). Every public paged list reads it here.</summary>
    internal static bool TryPage(HttpContext http, out int page)
    {
        page = 1;
        var raw = http.Request.Query["page"].ToString();
        if (raw.Length == 0)
        {
            return true;
        }
        if (!long.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
        {
            return false;
        }
        page = (int)Math.Min(value, 1_000_000);
        return true;
    }

    public static async Task<Dictionary<string, object?>> BaseModelAsync(HttpContext http, TenantInfo t, SiteModelBuilder models, string title, CancellationToken ct)
        => BaseModel(http, t, models, await models.SiteAsync(t, ct), title);

    public static Dictionary<string, object?> BaseModel(HttpContext http, TenantInfo t, SiteModelBuilder models, SiteView site, string title)
        => new()
        {
            ["site"] = site,
            ["tenant"] = models.Tenant(t),
            ["page"] = SiteModelBuilder.Page(http.Request, title, ""),
            ["portal_url"] = "/",
            ["elder"] = SiteModelBuilder.Elder(http.Request),
        };

    public static async Task<IResult> RenderAsync(HttpContext http, TenantInfo t, string template, Dictionary<string, object?> model, int status = 200, DateTime? lastModifiedUtc = null)
    {
        var themes = http.RequestServices.GetRequiredService<ThemeRenderer>();
        var html = await themes.RenderPageAsync(t.Theme, template, model, t.Id);
        return Conditional.Text(http, html, "text/html; charset=utf-8", lastModifiedUtc, status);
    }

    /// <summary>The theme's 404 page, for every 404 without a body (unknown route, disabled department, missing item).</summary>
    public static async Task WriteNotFoundAsync(HttpContext http)
    {
        var tenant = http.RequestServices.GetRequiredService<ITenantContext>().Current
                     ?? http.RequestServices.GetRequiredService<TenantRegistry>().Portal;
        if (tenant is null || http.Request.Path.StartsWithSegments("/api"))
        {
            return;
        }
        // A disabled department shows the portal's 404: its own pages are gone.
        if (tenant.State == TenantState.Disabled)
        {
            tenant = http.RequestServices.GetRequiredService<TenantRegistry>().Portal ?? tenant;
        }
        var models = http.RequestServices.GetRequiredService<SiteModelBuilder>();
        var model = await BaseModelAsync(http, tenant, models, "页面不存在", http.RequestAborted);
        var themes = http.RequestServices.GetRequiredService<ThemeRenderer>();
        var html = await themes.RenderPageAsync(tenant.Theme, "404", model, tenant.Id);
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync(html);
    }
}

/// <summary>The host's rate-limiting policy names for the public routes: message form posts, message lookups, search (page and API).</summary>
public sealed record PublicRateLimits(string MessageForm, string MessageLookup, string Search);
