using NewMediaCms.Core.Events;

namespace NewMediaCms.PublicSite;

/// <summary>A department's site texts (title, footer) were saved with new values. Audited; the save evicts its pages.</summary>
public sealed record SiteSettingsChanged(string TenantId, string Before, string After, string Detail) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("site.settings-changed", "SiteSettings", TenantId, Before, After, Detail, TenantId);
}

/// <summary>A department chose another theme. Audited; the save reloads the registry and evicts its pages.</summary>
public sealed record SiteThemeChanged(string TenantId, string Before, string After) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("site.theme-changed", "SiteTheme", TenantId, Before, After, $"网站主题由“{Before}”改为“{After}”", TenantId);
}
