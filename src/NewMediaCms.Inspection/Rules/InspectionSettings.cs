using System.Text.Json;
using System.Text.Json.Serialization;

namespace NewMediaCms.Inspection.Rules;

/// <summary>
/// The jurisdiction's inspection settings: scoring (2019 indicators: any veto fails, otherwise 100 minus capped
/// deductions, below the pass mark fails), the working-day calendar and every rule's settings. Stored as one JSON
/// setting ("inspection") and copied into every run so that a past report stays reproducible.
/// </summary>
public sealed class InspectionSettings
{
    public const string SettingKey = "inspection";

    /// <summary>Settings, rule outcomes and evidence as stored. Chinese is written as UTF-8, not as \u escapes (half the
    /// bytes of a run's evidence); characters that matter in HTML are still escaped.</summary>
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = false,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All),
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Writing a finding's evidence: as <see cref="Json"/>, without the fields an item of evidence leaves empty
    /// (read back with <see cref="Json"/> they are null again).</summary>
    public static readonly JsonSerializerOptions EvidenceJson = new(Json)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public double BaseScore { get; set; } = 100;

    public double PassMark { get; set; } = 60;

    /// <summary>Calendar files "{region}-{year}.json".</summary>
    public string CalendarRegion { get; set; } = "cn";

    /// <summary>A folder with the jurisdiction's own calendar files; empty: the files shipped with the application.</summary>
    public string CalendarFolder { get; set; } = "";

    public string TimeZoneId { get; set; } = NewMediaCms.Core.Tenancy.TenantClock.DefaultZoneId;

    public Dictionary<string, RuleSettings> Rules { get; set; } = new();

    /// <summary>The 2023 national notice exempts service accounts (mini-programs, apps that only offer services) from the
    /// 14-day update rule (NM-V06 and its early warning NM-W01): the national reading, the default.</summary>
    public static readonly IReadOnlyList<string> NationalServiceExemption = ["NM-V06", "NM-W01"];

    /// <summary>The broader local reading: also exempt from the zombie (NM-D01) and originality (NM-D12) rules.</summary>
    public static readonly IReadOnlyList<string> BroadServiceExemption = ["NM-V06", "NM-W01", "NM-D01", "NM-D12"];

    /// <summary>The rules service accounts are exempt from (a jurisdiction setting; null or missing: the national reading).</summary>
    public List<string>? ServiceExemptRules { get; set; }

    public bool ExemptsService(string ruleId) => (ServiceExemptRules ?? [.. NationalServiceExemption]).Contains(ruleId);

    public RuleSettings For(InspectionRule rule) => Rules.TryGetValue(rule.Id, out var s) ? s : rule.Defaults();

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static InspectionSettings FromJson(string json) => JsonSerializer.Deserialize<InspectionSettings>(json, Json) ?? new InspectionSettings();

    /// <summary>Defaults for every rule, overlaid with what the jurisdiction changed.</summary>
    public static InspectionSettings Resolve(IEnumerable<InspectionRule> rules, string? storedJson)
    {
        var stored = string.IsNullOrWhiteSpace(storedJson) ? new InspectionSettings() : FromJson(storedJson);
        var result = new InspectionSettings
        {
            BaseScore = stored.BaseScore,
            PassMark = stored.PassMark,
            CalendarRegion = string.IsNullOrWhiteSpace(stored.CalendarRegion) ? "cn" : stored.CalendarRegion,
            CalendarFolder = stored.CalendarFolder ?? "",
            TimeZoneId = string.IsNullOrWhiteSpace(stored.TimeZoneId) ? NewMediaCms.Core.Tenancy.TenantClock.DefaultZoneId : stored.TimeZoneId,
            ServiceExemptRules = stored.ServiceExemptRules is { } exempt ? [.. exempt.Distinct()] : [.. NationalServiceExemption],
        };
        foreach (var rule in rules)
        {
            var s = rule.Defaults();
            if (stored.Rules.TryGetValue(rule.Id, out var o))
            {
                s.Enabled = o.Enabled && (rule is not WaitingRule);
                s.Severity = o.Severity;
                s.Threshold = o.Threshold;
                s.Points = o.Points;
                s.Cap = o.Cap;
                foreach (var (k, v) in o.Options)
                {
                    s.Options[k] = v;
                }
            }
            result.Rules[rule.Id] = s;
        }
        return result;
    }
}
