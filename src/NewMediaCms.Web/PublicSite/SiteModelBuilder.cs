using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Settings;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Web.PublicSite;

/// <summary>Builds the view models of public pages from the read model. One instance per request.</summary>
public sealed class SiteModelBuilder(
    NmcDbContext db,
    TenantRegistry registry,
    SettingsStore settings,
    PublishedContentReader reader,
    NewMediaCms.Content.Types.ContentTypeRegistry types,
    TimeProvider clock)
{
    private static readonly TimeZoneInfo China = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private Dictionary<string, Account>? _accounts;

    public async Task<SiteView> SiteAsync(TenantInfo tenant, CancellationToken ct)
    {
        var values = await settings.GetAllAsync(tenant.Id, ct);
        return new SiteView(
            values.GetValueOrDefault("site.title") ?? "政务新媒体矩阵",
            values.GetValueOrDefault("site.footer") ?? "",
            values.GetValueOrDefault("site.demoNotice") ?? "");
    }

    public static PageView Page(HttpRequest request, string title, string description)
        => new(title, description, $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}", request.PathBase);

    public TenantView Tenant(TenantInfo t) => new(t.Id, t.DisplayName, t.PathBase + "/", t.IsPortal, "", Level(t));

    public int Level(TenantInfo t)
    {
        var level = 0;
        for (var p = t.ParentId; p is not null && level < 10; p = registry.Find(p)?.ParentId)
        {
            level++;
        }
        return level;
    }

    /// <summary>Running departments in tree order (parent before children), with their accounts.</summary>
    public async Task<IReadOnlyList<DepartmentView>> DirectoryAsync(CancellationToken ct)
    {
        var accounts = await AccountsAsync(ct);
        var last = await reader.LastPublishedByAccountAsync(ct);
        var running = registry.All.Where(t => t.State == TenantState.Running).ToList();
        var result = new List<DepartmentView>();
        void Walk(string? parent, int level)
        {
            foreach (var t in running.Where(t => t.ParentId == parent))
            {
                var views = accounts.Values.Where(a => a.TenantId == t.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
                    .Select(a => Account(a, t, last.TryGetValue(a.Id, out var l) ? l : null)).ToList();
                result.Add(new DepartmentView(Tenant(t) with { Description = "" }, views, level));
                Walk(t.Id, level + 1);
            }
        }
        Walk(null, 0);
        return result;
    }

    public async Task<IReadOnlyList<AccountView>> AccountsOfAsync(TenantInfo tenant, CancellationToken ct)
    {
        var accounts = await AccountsAsync(ct);
        var last = await reader.LastPublishedByAccountAsync(ct);
        return accounts.Values.Where(a => a.TenantId == tenant.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
            .Select(a => Account(a, tenant, last.TryGetValue(a.Id, out var l) ? l : null)).ToList();
    }

    public async Task<Account?> FindAccountAsync(string id, CancellationToken ct)
        => (await AccountsAsync(ct)).GetValueOrDefault(id);

    public async Task<NoticeView> NoticeAsync(PublishedItem item, CancellationToken ct)
    {
        var tenant = registry.Find(item.TenantId)!;
        var accounts = await AccountsAsync(ct);
        var account = item.AccountId is null ? null : accounts.GetValueOrDefault(item.AccountId);
        var local = TimeZoneInfo.ConvertTimeFromUtc(item.PublishedUtc, China);
        return new NoticeView(
            item.Id,
            item.Title,
            $"{tenant.PathBase}/notices/{item.Id}",
            item.Summary,
            local.ToString("yyyy-MM-dd"),
            new DateTimeOffset(local, China.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ContentTypes.DisplayName(item.ContentType),
            tenant.DisplayName,
            tenant.PathBase + "/",
            account?.Name,
            account is null ? null : $"{tenant.PathBase}/accounts/{account.Id}",
            item.Html);
    }

    /// <summary>The typed fields of an item worth showing to readers (文号, 发文机关, 成文日期, 有效期, guide elements...), in declaration order.</summary>
    public async Task<IReadOnlyList<FieldView>> FieldsAsync(PublishedItem item, CancellationToken ct)
    {
        var type = await types.FindAsync(item.ContentType, ct);
        if (type is null)
        {
            return [];
        }
        var values = Content.Types.ContentFields.Parse(item.FieldsJson);
        return type.Fields
            .Where(f => f.Kind is not (Content.Types.FieldKind.Reference or Content.Types.FieldKind.Attachment) && values.TryGetValue(f.Name, out var v) && v.Length > 0)
            .Select(f => new FieldView(f.DisplayName, values[f.Name]))
            .ToList();
    }

    public async Task<IReadOnlyList<NoticeView>> NoticesAsync(IEnumerable<PublishedItem> items, CancellationToken ct)
    {
        var list = new List<NoticeView>();
        foreach (var item in items)
        {
            list.Add(await NoticeAsync(item, ct));
        }
        return list;
    }

    public static PagerView Pager(HttpRequest request, ItemPage page)
    {
        string Url(int p) => $"{request.PathBase}{request.Path}?page={p}";
        return new PagerView(page.Page, page.PageCount, page.Total,
            page.Page > 1 ? Url(page.Page - 1) : null,
            page.Page < page.PageCount ? Url(page.Page + 1) : null);
    }

    private AccountView Account(Account a, TenantInfo tenant, DateTime? lastUtc)
    {
        int? days = lastUtc is null ? null : (int)Math.Floor((clock.GetUtcNow().UtcDateTime - lastUtc.Value).TotalDays);
        var (liveness, livenessName) = a.State switch
        {
            AccountState.Closed => ("closed", "已关停"),
            AccountState.MergedInto => ("merged", "已合并"),
            AccountState.Suspended => ("suspended", "暂停更新"),
            _ when a.Kind == AccountKind.Service => ("service", "服务类"),
            _ when days is null => ("never", "从未发布"),
            _ when days >= 90 => ("zombie", "长期未更新"),
            _ when days >= 14 => ("dormant", "超过两周未更新"),
            _ when days >= 10 => ("warning", "即将超期"),
            _ => ("active", "正常更新"),
        };
        return new AccountView(
            a.Id, a.Name, $"{tenant.PathBase}/accounts/{a.Id}", a.Platform.ToString(), PlatformNames.Chinese(a.Platform),
            a.Kind.ToString(), a.State.ToString(), PlatformNames.Chinese(a.State), a.OperatingUnit,
            lastUtc is null ? null : TimeZoneInfo.ConvertTimeFromUtc(lastUtc.Value, China).ToString("yyyy-MM-dd"),
            days, liveness, livenessName, a.Description, a.State == AccountState.Closed ? a.ClosureNotice : null);
    }

    private async Task<Dictionary<string, Account>> AccountsAsync(CancellationToken ct)
        => _accounts ??= await db.Set<Account>().AcrossTenants().AsNoTracking().ToDictionaryAsync(a => a.Id, ct);
}
