using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Monitoring;
using NewMediaCms.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Monitor;

/// <summary>One incident with its evidence (screenshot, diff, fetched HTML); mark handled with a note, or restore and check again.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class IncidentModel(MonitorDesk desk, ITenantContext tenant, TenantRegistry registry, MonitorSettingsStore settings, PageMonitor monitor, SiteUrls urls) : PageModel
{
    public IncidentDetail Item { get; private set; } = null!;
    public bool CanManage { get; private set; }
    public string? Message { get; private set; }

    [BindProperty] public string? Note { get; set; }
    public string? NoteError { get; private set; }

    private string? Filter => MonitorScope.TenantFilter(User, tenant);

    private async Task<bool> LoadAsync(string id, CancellationToken ct)
    {
        var item = await desk.IncidentAsync(Filter, id, ct);
        if (item is null)
        {
            return false;
        }
        Item = item;
        CanManage = TenantPolicies.CanManage(User, registry.Find(item.Row.TenantId));
        return true;
    }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        Message = TempData["MonitorMessage"] as string;
        return await LoadAsync(id, ct) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnGetScreenshotAsync(string id, CancellationToken ct)
        => await desk.ScreenshotFileAsync(Filter, id, ct) is { } file ? PhysicalFile(file, "image/png") : NotFound();

    public async Task<IActionResult> OnGetHtmlAsync(string id, CancellationToken ct)
        => await desk.IncidentAsync(Filter, id, ct) is { } item
            ? File(System.Text.Encoding.UTF8.GetBytes(item.FetchedHtml), "text/plain; charset=utf-8", $"incident-{id}.html.txt")
            : NotFound();

    public async Task<IActionResult> OnPostHandledAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!CanManage)
        {
            return Forbid();
        }
        if (await desk.MarkHandledAsync(Filter, id, User.Identity?.Name ?? "", Note, ct) is { } problem)
        {
            NoteError = problem;
            return Page();
        }
        TempData["MonitorMessage"] = "已标记为已处理。";
        return Redirect($"{Request.PathBase}/admin/monitor/incidents/{id}");
    }

    public async Task<IActionResult> OnPostRestoreAsync(string id, CancellationToken ct)
    {
        if (!await LoadAsync(id, ct))
        {
            return NotFound();
        }
        if (!CanManage)
        {
            return Forbid();
        }
        if (await desk.PageOfAsync(Filter, id, ct) is not { } pageId)
        {
            return NotFound();
        }
        var current = await settings.GetAsync(ct) with { Restore = true };
        var outcome = await monitor.CheckAsync(pageId, current, urls.SiteHosts(current, registry.All), ct);
        TempData["MonitorMessage"] = outcome.Result switch
        {
            CheckResults.Clean => "复查一致：页面与封签相同。",
            CheckResults.CouldNotCheck => "无法检查：" + outcome.Detail,
            _ => "已执行恢复：" + outcome.Detail,
        };
        return Redirect($"{Request.PathBase}/admin/monitor/incidents/{id}");
    }
}
