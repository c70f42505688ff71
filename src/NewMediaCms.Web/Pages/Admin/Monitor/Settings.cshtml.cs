using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;
using NewMediaCms.Monitoring;

namespace NewMediaCms.Web.Pages.Admin.Monitor;

/// <summary>监测设置 (matrix-wide): public base URL, origin, restore on/off, the schedule and limits. Matrix and system administrators only.</summary>
[Authorize(Roles = Roles.SystemAdmin + "," + Roles.MatrixAdmin)]
public sealed class SettingsModel(MonitorSettingsStore store) : PageModel
{
    [BindProperty] public string? BaseUrl { get; set; }
    [BindProperty] public string? OriginUrl { get; set; }
    [BindProperty] public bool Enabled { get; set; }
    [BindProperty] public bool Restore { get; set; }
    [BindProperty] public bool PurgePublicCache { get; set; }
    [BindProperty] public string? IntervalMinutes { get; set; }
    [BindProperty] public string? ProbeIntervalMinutes { get; set; }
    [BindProperty] public string? TimeoutSeconds { get; set; }
    [BindProperty] public string? LinkCheckHours { get; set; }
    [BindProperty] public string? Parallelism { get; set; }

    public IReadOnlyList<string> Problems { get; private set; } = [];
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["MonitorMessage"] as string;
        Fill(await store.GetAsync(ct));
    }

    private void Fill(MonitorSettings s)
    {
        BaseUrl = s.BaseUrl;
        OriginUrl = s.OriginUrl;
        Enabled = s.Enabled;
        Restore = s.Restore;
        PurgePublicCache = s.PurgePublicCache;
        IntervalMinutes = s.IntervalMinutes.ToString();
        ProbeIntervalMinutes = s.ProbeIntervalMinutes.ToString();
        TimeoutSeconds = s.TimeoutSeconds.ToString();
        LinkCheckHours = s.LinkCheckHours.ToString();
        Parallelism = s.Parallelism.ToString();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var current = await store.GetAsync(ct);
        var problems = new List<string>();
        int Number(string? text, string name, int fallback)
        {
            if (int.TryParse(text?.Trim(), out var n))
            {
                return n;
            }
            problems.Add($"{name}须填写整数");
            return fallback;
        }
        var value = current with
        {
            BaseUrl = (BaseUrl ?? "").Trim().TrimEnd('/'),
            OriginUrl = (OriginUrl ?? "").Trim().TrimEnd('/'),
            Enabled = Enabled,
            Restore = Restore,
            PurgePublicCache = PurgePublicCache,
            IntervalMinutes = Number(IntervalMinutes, "页面检查间隔", current.IntervalMinutes),
            ProbeIntervalMinutes = Number(ProbeIntervalMinutes, "可用性探测间隔", current.ProbeIntervalMinutes),
            TimeoutSeconds = Number(TimeoutSeconds, "超时", current.TimeoutSeconds),
            LinkCheckHours = Number(LinkCheckHours, "链接检查间隔", current.LinkCheckHours),
            Parallelism = Number(Parallelism, "并发数", current.Parallelism),
        };
        if (problems.Count == 0)
        {
            problems.AddRange(await store.SaveAsync(value, User.Identity?.Name ?? "", ct));
        }
        if (problems.Count > 0)
        {
            Problems = problems;
            return Page();
        }
        TempData["MonitorMessage"] = "监测设置已保存。";
        return Redirect($"{Request.PathBase}/admin/monitor/settings");
    }
}
