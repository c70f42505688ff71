using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Identity;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Inspection;

/// <summary>The jurisdiction's inspection settings. Auditors read them; matrix and system administrators change them.</summary>
[Authorize(Policy = TenantPolicies.Matrix)]
public sealed class SettingsModel(InspectionSettingsStore store, RuleCatalog catalog) : PageModel
{
    public InspectionSettings Settings { get; private set; } = new();
    public IReadOnlyList<InspectionRule> Rules => catalog.All;
    public bool CanEdit => User.IsInRole(Roles.MatrixAdmin) || User.IsInRole(Roles.SystemAdmin);
    public string? Message { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        Message = TempData["InspectionMessage"] as string;
        Settings = await store.GetAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanEdit)
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }
        var form = Request.Form;
        var settings = await store.GetAsync(ct);
        try
        {
            settings.BaseScore = Number(form["baseScore"], settings.BaseScore);
            settings.PassMark = Number(form["passMark"], settings.PassMark);
            settings.CalendarRegion = form["calendarRegion"].ToString().Trim() is { Length: > 0 } region ? region : settings.CalendarRegion;
            settings.CalendarFolder = form["calendarFolder"].ToString().Trim();
            settings.TimeZoneId = form["timeZone"].ToString().Trim() is { Length: > 0 } tz ? tz : settings.TimeZoneId;
            settings.ServiceExemptRules = form["serviceExemption"].ToString() switch
            {
                "broad" => [.. InspectionSettings.BroadServiceExemption],
                "national" => [.. InspectionSettings.NationalServiceExemption],
                _ => settings.ServiceExemptRules,
            };
            foreach (var rule in catalog.All)
            {
                var s = settings.Rules[rule.Id];
                s.Enabled = rule is not WaitingRule && form[$"{rule.Id}.enabled"] == "on";
                s.Severity = Enum.TryParse<Severity>(form[$"{rule.Id}.severity"], out var sev) ? sev : s.Severity;
                s.Threshold = Number(form[$"{rule.Id}.threshold"], s.Threshold);
                s.Points = Number(form[$"{rule.Id}.points"], s.Points);
                s.Cap = Number(form[$"{rule.Id}.cap"], s.Cap);
                foreach (var line in form[$"{rule.Id}.options"].ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                {
                    var eq = line.IndexOf('=');
                    if (eq > 0)
                    {
                        s.Options[line[..eq].Trim()] = line[(eq + 1)..].Trim();
                    }
                }
            }
            await store.SaveAsync(settings, ct);
            TempData["InspectionMessage"] = "检查设置已保存，下次检查生效。";
        }
        catch (Exception ex) when (ex is InspectionSettingsException or FormatException)
        {
            TempData["InspectionMessage"] = "未保存：" + ex.Message;
        }
        return Redirect($"{Request.PathBase}/admin/inspection/settings");
    }

    private static double Number(string? text, double fallback)
        => string.IsNullOrWhiteSpace(text) ? fallback
            : double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v) ? v
            : throw new FormatException($"“{text}” 不是数字。");
}
