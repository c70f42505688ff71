using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Monitoring;

public static class IncidentKinds
{
    public const string Tampered = "tampered";
    public const string HiddenLink = "hidden-link";
    public const string Signature = "signature";
    public const string Cloaking = "cloaking";

    public static string DisplayName(string kind) => kind switch
    {
        Tampered => "页面被篡改",
        HiddenLink => "隐藏链接（暗链）",
        Signature => "挂马页面特征",
        Cloaking => "只对搜索引擎显示的内容",
        _ => kind,
    };

    /// <summary>A hidden link or signature is a hacked page (SEC-V01); a served page unlike the render is tampering (WEB-V05 when not handled).</summary>
    public static string RuleCode(string kind) => kind is HiddenLink or Signature ? "SEC-V01" : "WEB-V05";
}

/// <summary>A served page is not what the CMS rendered: audited, and the department's and the matrix's administrators are told.</summary>
public sealed record PageIncidentOpened(string TenantId, string IncidentId, string Kind, string Url, string Summary, string AdminLink)
    : IAuditableEvent, INotifyingEvent
{
    public AuditRecord ToAuditRecord() => new("monitor.incident-opened", "PageIncident", IncidentId, null, Kind, $"{IncidentKinds.DisplayName(Kind)}：{Url}；{Summary}", TenantId, "页面监测");

    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("monitor.incident", TenantId, $"页面监测发现异常：{IncidentKinds.DisplayName(Kind)}", $"{Url}\n{Summary}", AdminLink,
            [NoticeRecipient.InRole(Roles.DepartmentAdmin, TenantId), NoticeRecipient.InRole(Roles.MatrixAdmin, null)]);
    }
}

/// <summary>The sealed version was restored (caches evicted, page rendered again) and checked again.</summary>
public sealed record PageRestored(string TenantId, string IncidentId, string Url, bool CleanAfterwards) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("monitor.page-restored", "PageIncident", IncidentId, null, CleanAfterwards ? "restored" : "still-different",
        CleanAfterwards ? $"已恢复封签版本并复查一致：{Url}" : $"已清除缓存并重新生成，但复查仍不一致（篡改发生在本系统之外，如代理或 CDN）：{Url}", TenantId, "页面监测");
}

/// <summary>A person marked an incident handled, with a note.</summary>
public sealed record PageIncidentHandled(string TenantId, string IncidentId, string Actor, string Note) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("monitor.incident-handled", "PageIncident", IncidentId, null, "handled", Note, TenantId, Actor);
}
