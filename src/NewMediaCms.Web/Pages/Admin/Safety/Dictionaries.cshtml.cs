using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Safety;

/// <summary>
/// 错敏词词库: the matrix dictionary (matrix administrators change it; every department checks against its latest
/// version) and the department's own words and exceptions (the department's administrators). Add, import, export,
/// remove, and the versions with their provenance. Every change is a version and an audited event (SafetyDictionaries).
/// </summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class DictionariesModel(SafetyDictionaries dictionaries, ITenantContext tenant) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string List { get; set; } = SafetyLists.Typos;

    [BindProperty]
    public string Scope { get; set; } = "";

    [BindProperty]
    public string? Word { get; set; }

    [BindProperty]
    public string? Suggestion { get; set; }

    [BindProperty]
    public string? Titles { get; set; }

    [BindProperty]
    public string? Jurisdiction { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Source { get; set; }

    [BindProperty]
    public string? ImportText { get; set; }

    public string TenantId => tenant.TenantId!;

    public string TenantName => tenant.Current?.DisplayName ?? "";

    public bool CanManageMatrix => User.IsInRole(Roles.SystemAdmin) || User.IsInRole(Roles.MatrixAdmin);

    public bool CanManageDepartment => TenantPolicies.CanManage(User, tenant.Current);

    public (int Matrix, int Department) Versions { get; private set; }

    public List<SafetyWordRecord> MatrixWords { get; private set; } = [];

    public List<SafetyWordRecord> DepartmentWords { get; private set; } = [];

    public List<SafetyDictionaryVersion> MatrixHistory { get; private set; } = [];

    public List<SafetyDictionaryVersion> DepartmentHistory { get; private set; } = [];

    public string? Message { get; private set; }

    public string? Problem { get; private set; }

    public SafetyList Current => SafetyLists.Find(List) ?? SafetyLists.All[0];

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["Message"] as string;
        await LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostAddAsync(CancellationToken ct)
    {
        if (!MayChange(Scope))
        {
            return Forbid();
        }
        var (version, error) = await dictionaries.AddAsync(Scope, [new WordInput(List, Word ?? "", Suggestion, Titles, Jurisdiction, Reason)], Source ?? "手工录入", User.Identity!.Name!, ct);
        return await AfterAsync(version, error, ct);
    }

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (!MayChange(Scope))
        {
            return Forbid();
        }
        var (words, errors) = SafetyDictionaries.Parse(List, ImportText ?? "");
        if (errors.Count > 0)
        {
            return await AfterAsync(0, "导入未执行，请修改后重试：" + string.Join("；", errors.Take(10)), ct);
        }
        if (words.Count == 0)
        {
            return await AfterAsync(0, "没有可导入的词条：每行一个词条，用制表符或逗号分隔各列。", ct);
        }
        var (version, error) = await dictionaries.AddAsync(Scope, words, Source ?? "", User.Identity!.Name!, ct);
        return await AfterAsync(version, error, ct);
    }

    public async Task<IActionResult> OnPostRemoveAsync(long wordId, CancellationToken ct)
    {
        if (!MayChange(Scope))
        {
            return Forbid();
        }
        var (version, error) = await dictionaries.RemoveAsync(Scope, wordId, User.Identity!.Name!, ct);
        return await AfterAsync(version, error, ct);
    }

    public async Task<IActionResult> OnGetExportAsync(string scope, CancellationToken ct)
    {
        var words = await dictionaries.WordsAsync(scope == SafetyDictionaries.MatrixScope ? SafetyDictionaries.MatrixScope : TenantId, List, ct);
        var text = $"# {Current.DisplayName}（{(scope == SafetyDictionaries.MatrixScope ? "矩阵词库" : TenantName)}）\n" + SafetyDictionaries.Export(words);
        return File(Encoding.UTF8.GetBytes(text), "text/tab-separated-values; charset=utf-8", $"{List}-{scope}.tsv");
    }

    private bool MayChange(string scope) => scope == SafetyDictionaries.MatrixScope ? CanManageMatrix : scope == TenantId && CanManageDepartment;

    private async Task<IActionResult> AfterAsync(int version, string? error, CancellationToken ct)
    {
        if (error is not null)
        {
            Problem = error;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            await LoadAsync(ct);
            return Page();
        }
        TempData["Message"] = $"已保存为{(Scope == SafetyDictionaries.MatrixScope ? "矩阵" : "本部门")}词库第 {version} 版。";
        return RedirectToPage(new { list = List });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (SafetyLists.Find(List) is null)
        {
            List = SafetyLists.Typos;
        }
        Versions = await dictionaries.VersionsOfAsync(TenantId, ct);
        MatrixWords = await dictionaries.WordsAsync(SafetyDictionaries.MatrixScope, List, ct);
        DepartmentWords = await dictionaries.WordsAsync(TenantId, List, ct);
        MatrixHistory = (await dictionaries.HistoryAsync(SafetyDictionaries.MatrixScope, ct)).Take(20).ToList();
        DepartmentHistory = (await dictionaries.HistoryAsync(TenantId, ct)).Take(20).ToList();
    }

    public string Second(SafetyWordRecord w) => w.List switch
    {
        SafetyLists.Leaders => $"{w.Titles}（{w.Jurisdiction}）",
        SafetyLists.Exceptions => w.Reason ?? "",
        _ => w.Suggestion ?? "",
    };
}
