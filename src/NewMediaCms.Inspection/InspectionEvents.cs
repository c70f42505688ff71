using System.Globalization;
using NewMediaCms.Core.Events;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection;

/// <summary>An inspection run finished (succeeded or failed). Audited as "inspection.run-completed" / "inspection.run-failed".</summary>
public sealed record InspectionRunCompleted(long RunId, RunState State, string TriggeredBy, int Inspected, int FindingCount, string? Error) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new(
        State == RunState.Succeeded ? "inspection.run-completed" : "inspection.run-failed",
        "InspectionRun", RunId.ToString(CultureInfo.InvariantCulture), null, State.ToString(),
        State == RunState.Succeeded
            ? $"{TriggeredBy}：检查账号 {Inspected} 个，发现问题 {FindingCount} 条"
            : $"{TriggeredBy}：{Error}");
}

/// <summary>The jurisdiction's inspection settings were saved. Audited as "inspection.settings-saved" with the settings saved.</summary>
public sealed record InspectionSettingsSaved(string SettingsJson) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("inspection.settings-saved", "InspectionSettings", InspectionSettings.SettingKey, null, null, SettingsJson);
}

/// <summary>An auditor recorded a manual indicator (人工认定). Audited as "inspection.flag-set".</summary>
public sealed record ManualFlagSet(long FlagId, string RuleId, string TenantId, string AccountId, string Note, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("inspection.flag-set", "ManualFlag", FlagId.ToString(CultureInfo.InvariantCulture), null, RuleId,
        $"{AccountId}：{Note}", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>A manual indicator was withdrawn (撤销认定). Audited as "inspection.flag-withdrawn".</summary>
public sealed record ManualFlagWithdrawn(long FlagId, string RuleId, string TenantId, string AccountId, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("inspection.flag-withdrawn", "ManualFlag", FlagId.ToString(CultureInfo.InvariantCulture), RuleId, null,
        AccountId, TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}
