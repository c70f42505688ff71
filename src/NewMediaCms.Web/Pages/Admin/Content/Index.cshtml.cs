using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.WebUtilities;
using NewMediaCms.Accounts;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Export;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Content;

/// <summary>
/// The content list (内容管理): search, filters, order and keyset paging from the query string (a filtered view can be
/// bookmarked), bulk submit / delete / move with per-item results, and the CSV of exactly what the filters select.
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IndexModel(ContentList list, ContentActionsService actions, BulkActions bulk, AccountDirectory accounts, ContentTypeRegistry types,
    ITenantContext tenant, TimeProvider time) : PageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Query { get; set; }

    [BindProperty(SupportsGet = true, Name = "body")]
    public bool InBody { get; set; }

    [BindProperty(SupportsGet = true, Name = "type")]
    public string? Type { get; set; }

    [BindProperty(SupportsGet = true, Name = "state")]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true, Name = "account")]
    public string? Account { get; set; }

    [BindProperty(SupportsGet = true, Name = "author")]
    public string? Author { get; set; }

    [BindProperty(SupportsGet = true, Name = "from")]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true, Name = "to")]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true, Name = "date")]
    public string? DateField { get; set; }

    [BindProperty(SupportsGet = true, Name = "sort")]
    public string? Sort { get; set; }

    [BindProperty(SupportsGet = true, Name = "dir")]
    public string? Direction { get; set; }

    [BindProperty(SupportsGet = true, Name = "after")]
    public string? After { get; set; }

    [BindProperty(SupportsGet = true, Name = "before")]
    public string? Before { get; set; }

    [BindProperty(SupportsGet = true, Name = "size")]
    public int? Size { get; set; }

    /// <summary>The page number shown ("第 n 页"); paging itself is by cursor.</summary>
    // Not "page": that is Razor Pages' own route value.
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public ContentListPage Result { get; private set; } = new([], null, null);

    public Dictionary<string, ContentActions> RowActions { get; private set; } = new();

    public IReadOnlyList<ContentTypeDefinition> Types { get; private set; } = [];

    public List<AccountOption> Accounts { get; private set; } = [];

    /// <summary>The accounts that may receive content (the target of 移动到其他账号).</summary>
    public List<AccountOption> MoveTargets { get; private set; } = [];

    public Dictionary<string, string> Errors { get; } = new();

    public bool CanWrite { get; private set; }

    public bool CanBulk { get; private set; }

    public string? Flash { get; private set; }

    public List<BulkItemResult> BulkFailures { get; private set; } = [];

    public static readonly (string Value, string Name)[] States =
        Enum.GetValues<ListState>().Select(s => (s.ToString().ToLowerInvariant(), ContentList.StateName(s))).ToArray();

    public static readonly (string Value, string Name)[] Sorts = [("updated", "修改时间"), ("created", "创建时间"), ("title", "标题"), ("published", "发布时间")];

    public static readonly (string Value, string Name)[] DateFields = [("updated", "修改时间"), ("created", "创建时间"), ("published", "发布时间")];

    public int PageSize => Math.Clamp(Size ?? ContentList.DefaultPageSize, 1, ContentList.MaxPageSize);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        Flash = TempData["Message"] as string;
        if (TempData["BulkFailures"] is string failures)
        {
            BulkFailures = System.Text.Json.JsonSerializer.Deserialize<List<BulkItemResult>>(failures) ?? [];
        }
        var filter = Filter();
        Result = await list.PageAsync(filter, After, Before, PageSize, ct);
        var actor = User.ToEditorialActor();
        RowActions = Result.Rows.ToDictionary(r => r.ItemId, r => actions.For(actor, r));
        return Page();
    }

    /// <summary>The CSV of every row the filters select (not only this page), in the order on screen.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        await PrepareAsync(ct);
        var filter = Filter();
        var names = Accounts.ToDictionary(a => a.Id, a => a.Name);
        var clock = tenant.Clock(time);
        var stamp = clock.LocalNow.ToString("yyyyMMdd-HHmm", CultureInfo.InvariantCulture);
        Response.ContentType = "text/csv; charset=utf-8";
        Response.Headers.ContentDisposition = $"attachment; filename=\"content-{tenant.TenantId}-{stamp}.csv\"; filename*=UTF-8''{Uri.EscapeDataString($"内容列表-{stamp}.csv")}";
        await SpreadsheetCsv.WriteAsync(Response.Body, ExportColumns, Rows(), ct);
        return new EmptyResult();

        async IAsyncEnumerable<IReadOnlyList<string>> Rows()
        {
            await foreach (var r in list.AllAsync(filter, ct))
            {
                yield return
                [
                    r.ItemId, r.Title, global::NewMediaCms.Content.ContentTypes.DisplayName(r.ContentType), ContentList.StateName(r.State),
                    r.AccountId is null ? "" : names.GetValueOrDefault(r.AccountId, r.AccountId), r.Author, r.Number.ToString(CultureInfo.InvariantCulture),
                    clock.Show(r.CreatedUtc), clock.Show(r.UpdatedUtc), clock.Show(r.PublishedUtc), clock.Show(r.PublishAtUtc),
                ];
            }
        }
    }

    public static readonly string[] ExportColumns = ["编号", "标题", "类型", "状态", "账号", "作者", "版本", "创建时间", "修改时间", "发布时间", "计划发布"];

    /// <summary>Bulk submit, delete or move of the ticked rows; the results come back on the same filtered page.</summary>
    public async Task<IActionResult> OnPostBulkAsync([FromForm(Name = "ids")] List<string>? ids, [FromForm(Name = "bulk")] string? action,
        [FromForm(Name = "target")] string? target, [FromForm(Name = "submitOne")] string? one, CancellationToken ct)
    {
        // A row's own 提交审核 button submits that one item, whatever the bulk controls say.
        var selected = one is { Length: > 0 } ? [one] : ids ?? [];
        var verb = one is { Length: > 0 } ? "submit" : action;
        var bulkAction = verb switch
        {
            "submit" => BulkAction.Submit,
            "delete" => BulkAction.Delete,
            "move" => BulkAction.Move,
            _ => (BulkAction?)null,
        };
        if (bulkAction is null || selected.Count == 0)
        {
            TempData["Message"] = bulkAction is null ? "请选择要执行的批量操作。" : "请先勾选要操作的内容。";
            return Redirect(Link());
        }
        if (bulkAction == BulkAction.Move && string.IsNullOrWhiteSpace(target))
        {
            TempData["Message"] = "移动到其他账号：请选择目标账号。";
            return Redirect(Link());
        }
        var result = await bulk.RunAsync(User.ToEditorialActor(), bulkAction.Value, selected, target, ct);
        TempData["Message"] = result.Summary;
        TempData["BulkFailures"] = System.Text.Json.JsonSerializer.Serialize(result.Failed.ToList());
        // Back to the same filtered page (post, redirect, get: a reload does not run the action again).
        return Redirect(Link());
    }

    private async Task PrepareAsync(CancellationToken ct)
    {
        var actor = User.ToEditorialActor();
        CanWrite = actor.TenantId == tenant.TenantId && (actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin));
        CanBulk = CanWrite || actor.IsMatrixAdmin;
        Types = await types.AllAsync(ct);
        // Name and platform: two accounts of one name (the site channel and the WeChat account) stay apart.
        var all = await accounts.ListAsync(ct);
        Accounts = all.Select(a => new AccountOption(a.Id, $"{a.Name}（{PlatformNames.Chinese(a.Platform)}）")).ToList();
        MoveTargets = all.Where(a => a.State == AccountState.Active).Select(a => new AccountOption(a.Id, $"{a.Name}（{PlatformNames.Chinese(a.Platform)}）")).ToList();
    }

    public sealed record AccountOption(string Id, string Name);

    /// <summary>The filter the query string says; a value that does not parse is reported next to its field and ignored.</summary>
    public ContentListFilter Filter()
    {
        ListState? state = null;
        if (State is { Length: > 0 })
        {
            if (Enum.TryParse<ListState>(State, ignoreCase: true, out var s) && Enum.IsDefined(s))
            {
                state = s;
            }
            else
            {
                Errors["state"] = "没有这个状态。";
            }
        }
        var from = Date(From, "from");
        var to = Date(To, "to");
        if (from is { } f && to is { } t && t < f)
        {
            Errors["to"] = "结束日期不能早于开始日期。";
            to = null;
        }
        if (Type is { Length: > 0 } type && Types.All(x => x.Name != type))
        {
            Errors["type"] = "没有这个内容类型。";
            Type = null;
        }
        return new ContentListFilter(Query?.Trim() is { Length: > 0 } q ? q[..Math.Min(q.Length, 100)] : null, InBody, Type, state,
            Account is { Length: > 0 } ? Account : null, Author, from, to,
            DateField switch { "created" => ContentListDate.Created, "published" => ContentListDate.Published, _ => ContentListDate.Updated },
            Sort switch { "created" => ContentListSort.Created, "title" => ContentListSort.Title, "published" => ContentListSort.Published, _ => ContentListSort.Updated },
            Direction != "asc");
    }

    private DateOnly? Date(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (ContentFields.TryParseDate(value, out var date))
        {
            return date;
        }
        Errors[field] = "日期格式应为 年-月-日，例如 2026-05-01。";
        return null;
    }

    /// <summary>The current filters as a query string, with some values replaced (null removes one).</summary>
    public string Link(params (string Key, string? Value)[] changes)
    {
        var values = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["q"] = Query, ["body"] = InBody ? "true" : null, ["type"] = Type, ["state"] = State, ["account"] = Account, ["author"] = Author,
            ["from"] = From, ["to"] = To, ["date"] = DateField, ["sort"] = Sort, ["dir"] = Direction, ["size"] = Size?.ToString(CultureInfo.InvariantCulture),
            ["after"] = After, ["before"] = Before, ["p"] = PageNumber > 1 ? PageNumber.ToString(CultureInfo.InvariantCulture) : null,
        };
        foreach (var (key, value) in changes)
        {
            values[key] = value;
        }
        var path = Request.PathBase + "/admin/content";
        return QueryHelpers.AddQueryString(path, values.Where(v => !string.IsNullOrEmpty(v.Value)).Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
    }

    public string AccountName(string? id) => id is null ? "（不指定）" : Accounts.FirstOrDefault(a => a.Id == id)?.Name ?? id;

    public string ShowTime(DateTime? utc) => tenant.Clock(time).Show(utc);
}
