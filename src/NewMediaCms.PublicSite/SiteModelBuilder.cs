using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.PublicSite;

/// <summary>
/// Builds the view models of public pages from the read models. One instance per request. The store is opened only
/// by pages that query it (lists, directory) through Content's and Accounts' ports, resolved on first use: a notice
/// page is served from <see cref="PublicReadModel"/> alone and creates no database context.
/// </summary>
public sealed class SiteModelBuilder(
    IServiceProvider services,
    TenantRegistry registry,
    PublicReadModel readModel,
    TimeProvider clock)
{
    private IAccountDirectory? _directory;
    private IPublishedContentSource? _content;
    private Dictionary<string, TenantClock>? _clocks;

    private IAccountDirectory AccountDirectory => _directory ??= services.GetRequiredService<IAccountDirectory>();

    private IPublishedContentSource PublishedContent => _content ??= services.GetRequiredService<IPublishedContentSource>();

    private Dictionary<string, AccountEntry?>? _accounts;
    private bool _allAccountsLoaded;

    /// <summary>The site's title, footer and notice: the department's settings over the matrix's, from the read model.</summary>
    public async Task<SiteView> SiteAsync(TenantInfo tenant, CancellationToken ct)
        => (await readModel.GetAsync(tenant.Id, ct)).Site;


    /// <summary>
    /// The page's head data. The canonical URL is the path without query, except a list page's own page number,
    /// so /notices?page=2&amp;x=y and /notices?page=2 share one canonical URL.
    /// </summary>
    public static PageView Page(HttpRequest request, string title, string description, int? listPage = null)
    {
        var canonical = $"{request.Scheme}://{request.Host}{request.PathBase}{request.Path}";
        if (listPage is > 1)
        {
            canonical += "?page=" + listPage.Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return new PageView(title, description, canonical, request.PathBase)
        {
            ReturnUrl = request.PathBase + request.Path + request.QueryString,
            Query = request.Query["q"].ToString(),
        };
    }

    public static ElderView Elder(HttpRequest request)
    {
        var mode = ElderMode.Read(request);
        var back = Uri.EscapeDataString(request.PathBase + request.Path + request.QueryString);
        var switchUrl = request.PathBase + "/elder-mode?size=";
        string[] labels = ["大字", "特大字", "超大字"];
        return new ElderView(mode.On, mode.Size, $"{switchUrl}0&return={back}",
            ElderMode.Sizes.Select((size, i) => new ElderSizeLink(size, labels[i], $"{switchUrl}{size}&return={back}", size == mode.Size)).ToList());
    }

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
        var last = await PublishedContent.LastPublishedByAccountAsync(ct);
        var running = registry.All.Where(t => t.State == TenantState.Running).ToList();
        var result = new List<DepartmentView>();
        void Walk(string? parent, int level)
        {
            foreach (var t in running.Where(t => t.ParentId == parent))
            {
                var views = accounts.Values.OfType<AccountEntry>().Where(a => a.TenantId == t.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
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
        var last = await PublishedContent.LastPublishedByAccountAsync(ct);
        return accounts.Values.OfType<AccountEntry>().Where(a => a.TenantId == tenant.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
            .Select(a => Account(a, tenant, last.TryGetValue(a.Id, out var l) ? l : null)).ToList();
    }

    public async Task<AccountEntry?> FindAccountAsync(string id, CancellationToken ct)
    {
        await LoadAccountsAsync([id], ct);
        return _accounts!.GetValueOrDefault(id);
    }

    public async Task<NoticeView> NoticeAsync(PublishedItem item, CancellationToken ct)
    {
        if (item.AccountId is not null)
        {
            await LoadAccountsAsync([item.AccountId], ct);
        }
        return Notice(item);
    }

    private NoticeView Notice(PublishedItem item)
        => Notice(item, item.AccountId is null ? null : _accounts!.GetValueOrDefault(item.AccountId));

    private NoticeView Notice(PublishedItem item, AccountEntry? account)
    {
        var tenant = registry.Find(item.TenantId)!;
        var tenantClock = Clock(tenant);
        var local = tenantClock.ToLocal(item.PublishedUtc);
        return new NoticeView(
            item.Id,
            item.Title,
            $"{tenant.PathBase}/notices/{item.Id}",
            item.Summary,
            local.ToString("yyyy-MM-dd"),
            new DateTimeOffset(local, tenantClock.Zone.GetUtcOffset(local)).ToString("yyyy-MM-ddTHH:mm:sszzz"),
            ContentTypes.DisplayName(item.ContentType),
            tenant.DisplayName,
            tenant.PathBase + "/",
            account?.Name,
            account is null ? null : $"{tenant.PathBase}/accounts/{account.Id}",
            item.Html)
        {
            ContentType = item.ContentType,
            DocNumber = Field(item.FieldsJson, "docNumber"),
            Issuer = Field(item.FieldsJson, "issuer"),
            WrittenDate = Field(item.FieldsJson, "writtenOn"),
            Cover = PublishedEntry.SafeCover(Field(item.FieldsJson, "cover")),
        };
    }

    /// <summary>
    /// A notice from the read model with its body, attachments and linked policy / interpretations (fields policyId,
    /// relatedIds; and items that link to it): no query once the department's snapshot and the body are loaded.
    /// </summary>
    public NoticeView NoticeDetail(TenantSnapshot snapshot, PublishedEntry entry, string? html, DateTime nowUtc)
    {
        var item = entry.Item with { Html = html };
        var tenant = registry.Find(item.TenantId)!;
        var view = Notice(item, item.AccountId is null ? null : snapshot.Accounts.GetValueOrDefault(item.AccountId));
        return view with
        {
            DocNumber = entry.DocNumber,
            Issuer = entry.Issuer,
            WrittenDate = entry.WrittenOn,
            Attachments = entry.Attachments,
            Related = snapshot.Linked(entry, nowUtc)
                .Select(r => new RelatedView(r.Item.Title, $"{tenant.PathBase}/notices/{r.Item.Id}", ContentTypes.DisplayName(r.Item.ContentType))).ToList(),
        };
    }

    /// <summary>Short views of read-model entries of one department (related lists).</summary>
    public IReadOnlyList<NoticeView> Notices(TenantSnapshot snapshot, IEnumerable<PublishedEntry> entries)
        => entries.Select(e => Notice(e.Item, e.Item.AccountId is null ? null : snapshot.Accounts.GetValueOrDefault(e.Item.AccountId))).ToList();

    /// <summary>The typed fields of a read-model entry worth showing to readers, in declaration order.</summary>
    public async Task<IReadOnlyList<FieldView>> FieldsAsync(PublishedEntry entry)
    {
        var type = (await readModel.ContentTypesAsync()).FirstOrDefault(t => t.Name == entry.Item.ContentType);
        return type is null ? [] : ShownFields(type, entry.Fields);
    }

    /// <summary>A string field of the item's FieldsJson, or null (absent, empty, not a string, or malformed JSON).</summary>
    public static string? Field(string fieldsJson, string key)
    {
        if (string.IsNullOrEmpty(fieldsJson) || !fieldsJson.Contains(key, StringComparison.Ordinal))
        {
            return null;
        }
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(fieldsJson);
            return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                   && doc.RootElement.TryGetProperty(key, out var v) && v.ValueKind == System.Text.Json.JsonValueKind.String
                   && v.GetString() is { Length: > 0 } text ? text : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static List<FieldView> ShownFields(Content.Types.ContentTypeDefinition type, IReadOnlyDictionary<string, string> values)
        => type.Fields
            // 文号, 发文机关 and 成文日期 are shown with the notice's facts, the reference as the related link.
            .Where(f => f.Kind is not (Content.Types.FieldKind.Reference or Content.Types.FieldKind.Attachment) && f.Name is not ("docNumber" or "issuer" or "writtenOn")
                        && values.TryGetValue(f.Name, out var v) && v.Length > 0)
            .Select(f => new FieldView(f.DisplayName, values[f.Name]))
            .ToList();

    public async Task<IReadOnlyList<NoticeView>> NoticesAsync(IEnumerable<PublishedItem> items, CancellationToken ct)
    {
        var list = items as IReadOnlyCollection<PublishedItem> ?? items.ToList();
        // The accounts of the whole list in one query.
        await LoadAccountsAsync(list.Where(i => i.AccountId is not null).Select(i => i.AccountId!).ToList(), ct);
        return list.Select(Notice).ToList();
    }

    public static PagerView Pager(HttpRequest request, ItemPage page)
    {
        string Url(int p) => p == 1 ? $"{request.PathBase}{request.Path}" : $"{request.PathBase}{request.Path}?page={p}";
        return new PagerView(page.Page, page.PageCount, page.Total,
            page.Page > 1 ? Url(page.Page - 1) : null,
            page.Page < page.PageCount ? Url(page.Page + 1) : null);
    }

    private AccountView Account(AccountEntry a, TenantInfo tenant, DateTime? lastUtc)
    {
        int? days = lastUtc is null ? null : (int)Math.Floor((clock.GetUtcNow().UtcDateTime - lastUtc.Value).TotalDays);
        var (liveness, livenessName) = a.State switch
        {
            AccountState.Closed => ("closed", "已关停"),
            AccountState.MergedInto => ("merged", "已合并"),
            AccountState.Cancelled => ("cancelled", "已注销"),
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
            lastUtc is null ? null : Clock(tenant).ToLocal(lastUtc.Value).ToString("yyyy-MM-dd"),
            days, liveness, livenessName, a.Description, a.State is AccountState.Closed or AccountState.Cancelled ? a.ClosureNotice : null,
            a.State == AccountState.Cancelled ? "注销公告" : "关停公告", a.ChangeNotice, a.ChangeNoticeOn?.ToString("yyyy-MM-dd"));
    }

    /// <summary>Every account of the matrix (directory, a department's account list), loaded once per request.</summary>
    private async Task<Dictionary<string, AccountEntry?>> AccountsAsync(CancellationToken ct)
    {
        if (!_allAccountsLoaded)
        {
            _accounts = (await AccountDirectory.AllAsync(ct)).ToDictionary(a => a.Id, a => (AccountEntry?)a);
            _allAccountsLoaded = true;
        }
        return _accounts!;
    }

    /// <summary>
    /// Only the accounts a page shows (a notice page needs one): the uncached notice page does not read the whole
    /// Accounts table. Ids already looked up in this request (found or not) are not queried again.
    /// </summary>
    private async Task LoadAccountsAsync(IReadOnlyCollection<string> ids, CancellationToken ct)
    {
        _accounts ??= new Dictionary<string, AccountEntry?>(StringComparer.Ordinal);
        if (_allAccountsLoaded)
        {
            return;
        }
        var missing = ids.Where(id => !_accounts.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var found = await AccountDirectory.FindAsync(missing, ct);
        foreach (var id in missing)
        {
            _accounts[id] = found.FirstOrDefault(a => a.Id == id);
        }
    }

    /// <summary>A department's clock, looked up once per request and department (list pages show many dates).</summary>
    private TenantClock Clock(TenantInfo tenant)
    {
        _clocks ??= new Dictionary<string, TenantClock>(StringComparer.Ordinal);
        if (!_clocks.TryGetValue(tenant.Id, out var tenantClock))
        {
            _clocks[tenant.Id] = tenantClock = TenantClock.For(tenant, clock);
        }
        return tenantClock;
    }
}
