using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Search;
using NewMediaCms.Search.Outbox;

namespace NewMediaCms.Web.Pages.Admin.Search;

/// <summary>Search administration (matrix-wide): queue depth, last error, rebuild with progress.</summary>
[Authorize(Roles = Roles.SystemAdmin + "," + Roles.MatrixAdmin)]
public sealed class SearchAdminModel(SearchService search, SearchRebuild rebuild, ISearchIndex index, SearchOutboxJob job, ITenantContext tenant, TimeProvider time) : PageModel
{
    public OutboxStatus Outbox { get; private set; } = new(0, 0, null, null, null);

    public RebuildStatus Rebuild { get; private set; } = new(false, 0, 0, null, null, null);

    public string Engine => index.Name;

    [TempData]
    public string? Message { get; set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Outbox = await search.OutboxStatusAsync(ct);
        Rebuild = rebuild.Status;
    }

    public IActionResult OnPostRebuild()
    {
        Message = rebuild.TryStart(out _) ? "已开始重建索引：重建期间搜索照常可用。" : "已有重建任务在进行中。";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostDrainAsync(CancellationToken ct)
    {
        var done = await job.RunAsync(ct);
        Message = $"已处理 {done} 条索引任务。";
        return RedirectToPage();
    }

    public string Local(DateTime? utc) => utc is null ? "—" : tenant.Clock(time).ToLocal(utc.Value).ToString("yyyy-MM-dd HH:mm:ss");

    public int Percent => Rebuild.Total <= 0 ? (Rebuild.Running ? 0 : 100) : (int)Math.Min(100, Rebuild.Done * 100 / Rebuild.Total);
}
