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
    private Dictionary<string, Account?>? _accounts;
    private bool _allAccountsLoaded;

    public async Task<SiteView> SiteAsync(TenantInfo tenant, CancellationToken ct)
    {
        var values = await settings.GetAllAsync(tenant.Id, ct);
        return new SiteView(
            values.GetValueOrDefault("site.title") ?? "政务新媒体矩阵",
            values.GetValueOrDefault("site.footer") ?? "",
            values.GetValueOrDefault("site.demoNotice") ?? "");
    }

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
        var last = await reader.LastPublishedByAccountAsync(ct);
        var running = registry.All.Where(t => t.State == TenantState.Running).ToList();
        var result = new List<DepartmentView>();
        void Walk(string? parent, int level)
        {
            foreach (var t in running.Where(t => t.ParentId == parent))
            {
                var views = accounts.Values.OfType<Account>().Where(a => a.TenantId == t.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
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
        return accounts.Values.OfType<Account>().Where(a => a.TenantId == tenant.Id).OrderBy(a => a.Platform).ThenBy(a => a.Id)
            .Select(a => Account(a, tenant, last.TryGetValue(a.Id, out var l) ? l : null)).ToList();
    }

    public async Task<Account?> FindAccountAsync(string id, CancellationToken ct)
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
    {
        var tenant = registry.Find(item.TenantId)!;
        var account = item.AccountId is null ? null : _accounts!.GetValueOrDefault(item.AccountId);
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
            item.Html)
        {
            ContentType = item.ContentType,
            DocNumber = Field(item.FieldsJson, "docNumber"),
            Issuer = Field(item.FieldsJson, "issuer"),
            WrittenDate = Field(item.FieldsJson, "writtenOn"),
        };
    }

    /// <summary>A notice with its attachments and its linked policy / interpretations (fields policyId, relatedIds; and items that link to it).</summary>
    public async Task<NoticeView> NoticeDetailAsync(PublishedItem item, CancellationToken ct)
    {
        var view = await NoticeAsync(item, ct);
        var linkedIds = new List<string>();
        var attachments = new List<AttachmentView>();
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(string.IsNullOrWhiteSpace(item.FieldsJson) ? "{}" : item.FieldsJson);
            var root = doc.RootElement;
            if (root.ValueKind == System.Text.Json.JsonValueKind.Object)
            {
                foreach (var key in new[] { "policyId", "interpretationId", "relatedIds", "interpretationIds" })
                {
                    if (root.TryGetProperty(key, out var v))
                    {
                        if (v.ValueKind == System.Text.Json.JsonValueKind.String && v.GetString() is { Length: > 0 } one)
                        {
                            linkedIds.Add(one);
                        }
                        else if (v.ValueKind == System.Text.Json.JsonValueKind.Array)
                        {
                            linkedIds.AddRange(v.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!).Where(x => x.Length > 0));
                        }
                    }
                }
                if (root.TryGetProperty("attachments", out var list) && list.ValueKind == System.Text.Json.JsonValueKind.Array)
                {
                    foreach (var a in list.EnumerateArray())
                    {
                        var url = a.ValueKind == System.Text.Json.JsonValueKind.Object && a.TryGetProperty("url", out var u) ? u.GetString() : a.ValueKind == System.Text.Json.JsonValueKind.String ? a.GetString() : null;
                        var name = a.ValueKind == System.Text.Json.JsonValueKind.Object && a.TryGetProperty("name", out var n) ? n.GetString() : null;
                        if (url is not null && IsSafeUrl(url))
                        {
                            attachments.Add(new AttachmentView(string.IsNullOrWhiteSpace(name) ? Path.GetFileName(url) : name, url));
                        }
                    }
                }
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // Malformed fields are the editor's problem, not the reader's: show the notice without them.
        }
        var related = linkedIds.Count == 0 ? [] : await reader.FindManyAsync(linkedIds.Distinct().ToList(), ct);
        related.AddRange((await reader.ReferencingAsync(item.Id, ct)).Where(r => related.All(x => x.Id != r.Id)));
        var tenant = registry.Find(item.TenantId)!;
        return view with
        {
            Attachments = attachments,
            Related = related.Select(r => new RelatedView(r.Title, $"{tenant.PathBase}/notices/{r.Id}", ContentTypes.DisplayName(r.ContentType))).ToList(),
        };
    }

    private static bool IsSafeUrl(string url)
        => (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
           || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);

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
            // 文号, 发文机关 and 成文日期 are shown with the notice's facts, the reference as the related link.
            .Where(f => f.Kind is not (Content.Types.FieldKind.Reference or Content.Types.FieldKind.Attachment) && f.Name is not ("docNumber" or "issuer" or "writtenOn")
                        && values.TryGetValue(f.Name, out var v) && v.Length > 0)
            .Select(f => new FieldView(f.DisplayName, values[f.Name]))
            .ToList();
    }

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

    /// <summary>Every account of the matrix (directory, a department's account list), loaded once per request.</summary>
    private async Task<Dictionary<string, Account?>> AccountsAsync(CancellationToken ct)
    {
        if (!_allAccountsLoaded)
        {
            _accounts = (await db.Set<Account>().AcrossTenants().AsNoTracking().ToListAsync(ct)).ToDictionary(a => a.Id, a => (Account?)a);
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
        _accounts ??= new Dictionary<string, Account?>(StringComparer.Ordinal);
        if (_allAccountsLoaded)
        {
            return;
        }
        var missing = ids.Where(id => !_accounts.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count == 0)
        {
            return;
        }
        var found = missing.Count == 1
            ? await db.Set<Account>().AcrossTenants().AsNoTracking().Where(a => a.Id == missing[0]).ToListAsync(ct)
            : await db.Set<Account>().AcrossTenants().AsNoTracking().Where(a => missing.Contains(a.Id)).ToListAsync(ct);
        foreach (var id in missing)
        {
            _accounts[id] = found.FirstOrDefault(a => a.Id == id);
        }
    }
}
