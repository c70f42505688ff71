using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection;

/// <summary>
/// "inspectionSettings": the jurisdiction's scoring, calendar and rule settings, over the national defaults.
/// <code>{ "name": "inspectionSettings", "passMark": 60, "calendarRegion": "cn",
///   "rules": { "NM-V06": { "threshold": 14 }, "NM-D04": { "points": 3, "cap": 6 }, "WEB-D01": { "options": { "fields": "name:事项名称,..." } } } }</code>
/// </summary>
public sealed class InspectionSettingsRecipeStep(RuleCatalog catalog) : IRecipeStep
{
    public string Name => "inspectionSettings";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        foreach (var key in new[] { "baseScore", "passMark" })
        {
            if (step.TryGetProperty(key, out var v) && v.ValueKind != JsonValueKind.Number)
            {
                validation.Error(null, $"“{key}” 必须是数字。");
            }
        }
        if (step.TryGetProperty("serviceExemption", out var exemption) && ServiceExemption(exemption) is null)
        {
            validation.Error(null, "“serviceExemption” 须为 \"national\"（仅 14 天更新要求）、\"broad\"（另含僵尸、原创）或规则编号数组。");
        }
        if (!step.TryGetProperty("rules", out var rules))
        {
            return;
        }
        if (rules.ValueKind != JsonValueKind.Object)
        {
            validation.Error(null, "“rules” 必须是以规则编号为键的对象。");
            return;
        }
        foreach (var rule in rules.EnumerateObject())
        {
            if (catalog.Find(rule.Name) is null)
            {
                validation.Error(rule.Name, $"未知规则，可用 {string.Join("、", catalog.All.Select(r => r.Id))}。");
                continue;
            }
            if (rule.Value.ValueKind != JsonValueKind.Object)
            {
                validation.Error(rule.Name, "规则设置必须是对象。");
                continue;
            }
            foreach (var p in rule.Value.EnumerateObject())
            {
                var ok = p.Name switch
                {
                    "enabled" => p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False,
                    "severity" => p.Value.ValueKind == JsonValueKind.String && Enum.TryParse<Severity>(p.Value.GetString(), true, out _),
                    "threshold" or "points" or "cap" => p.Value.ValueKind == JsonValueKind.Number && p.Value.GetDouble() >= 0,
                    "options" => p.Value.ValueKind == JsonValueKind.Object && p.Value.EnumerateObject().All(o => o.Value.ValueKind == JsonValueKind.String),
                    _ => false,
                };
                if (!ok)
                {
                    validation.Error(rule.Name, $"设置 “{p.Name}” 的值 {p.Value.GetRawText()} 无效（可用 enabled、severity=Veto/Deduction/Warning、threshold、points、cap 为非负数、options 为字符串对象）。");
                }
            }
        }
    }

    /// <summary>"national", "broad" or an array of rule ids; null when none of these.</summary>
    private List<string>? ServiceExemption(JsonElement v) => v.ValueKind switch
    {
        JsonValueKind.String when v.GetString() == "national" => [.. InspectionSettings.NationalServiceExemption],
        JsonValueKind.String when v.GetString() == "broad" => [.. InspectionSettings.BroadServiceExemption],
        JsonValueKind.Array when v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String && catalog.Find(e.GetString()!) is not null)
            => v.EnumerateArray().Select(e => e.GetString()!).ToList(),
        _ => null,
    };

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var store = execution.Services.GetRequiredService<InspectionSettingsStore>();
        var settings = await store.GetAsync(cancellationToken);
        if (step.TryGetProperty("baseScore", out var b)) settings.BaseScore = b.GetDouble();
        if (step.TryGetProperty("passMark", out var p)) settings.PassMark = p.GetDouble();
        if (step.TryGetProperty("calendarRegion", out var cr) && cr.ValueKind == JsonValueKind.String) settings.CalendarRegion = cr.GetString()!;
        if (step.TryGetProperty("calendarFolder", out var cf) && cf.ValueKind == JsonValueKind.String) settings.CalendarFolder = cf.GetString()!;
        if (step.TryGetProperty("timeZone", out var tz) && tz.ValueKind == JsonValueKind.String) settings.TimeZoneId = tz.GetString()!;
        if (step.TryGetProperty("serviceExemption", out var exemption)) settings.ServiceExemptRules = ServiceExemption(exemption);
        if (step.TryGetProperty("rules", out var rules))
        {
            foreach (var rule in rules.EnumerateObject())
            {
                var s = settings.Rules[rule.Name];
                foreach (var prop in rule.Value.EnumerateObject())
                {
                    switch (prop.Name)
                    {
                        case "enabled": s.Enabled = prop.Value.GetBoolean(); break;
                        case "severity": s.Severity = Enum.Parse<Severity>(prop.Value.GetString()!, true); break;
                        case "threshold": s.Threshold = prop.Value.GetDouble(); break;
                        case "points": s.Points = prop.Value.GetDouble(); break;
                        case "cap": s.Cap = prop.Value.GetDouble(); break;
                        case "options":
                            foreach (var o in prop.Value.EnumerateObject())
                            {
                                s.Options[o.Name] = o.Value.GetString()!;
                            }
                            break;
                    }
                }
            }
        }
        try
        {
            await store.SaveAsync(settings, cancellationToken);
        }
        catch (InspectionSettingsException ex)
        {
            throw new RecipeException(ex.Message);
        }
        execution.Changed++;
    }
}
