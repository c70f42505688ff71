using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Monitoring;

/// <summary>What the last check of a page found.</summary>
public static class CheckResults
{
    public const string Pending = "pending";
    public const string Clean = "clean";
    public const string Incident = "incident";

    /// <summary>无法检查: the page did not answer, answered slowly, with an error, or redirected elsewhere. Never "clean".</summary>
    public const string CouldNotCheck = "could-not-check";

    public static string DisplayName(string? result) => result switch
    {
        Clean => "一致",
        Incident => "发现异常",
        CouldNotCheck => "无法检查",
        _ => "待检查",
    };
}

/// <summary>
/// A public page the CMS serves and seals: a notice page (registered at publish), or a department's home or notice list
/// (registered with the first notice). The seal is the CMS's own render of the page (fetched from the origin, past every
/// cache), reduced to hashes, its visible text and its outbound links.
/// </summary>
internal sealed class MonitoredPage : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string? AccountId { get; set; }

    public string? ContentItemId { get; set; }

    /// <summary>"notice", "home", "list".</summary>
    public string Kind { get; set; } = "notice";

    /// <summary>The route path without the department prefix ("/notices/abc"); the URL follows the department (prefix or host).</summary>
    public string Path { get; set; } = "";

    public string Title { get; set; } = "";

    public bool NeedsSeal { get; set; } = true;

    public bool Removed { get; set; }

    public string? HtmlHash { get; set; }

    public string? TextHash { get; set; }

    public string? PreviousTextHash { get; set; }

    public string? PreviousHtmlHash { get; set; }

    /// <summary>The sealed visible text (for the diff).</summary>
    public string? SealText { get; set; }

    /// <summary>The approved outbound links (normalised, one per line).</summary>
    public string? SealLinks { get; set; }

    /// <summary>Links inside the site (for the link check, one per line).</summary>
    public string? InternalLinks { get; set; }

    /// <summary>Detector findings on the CMS's own render ("detector|matched", one per line): the origin itself carries them.</summary>
    public string? SealFindings { get; set; }

    public DateTime? SealedUtc { get; set; }

    public DateTime? PreviousSealedUtc { get; set; }

    public DateTime? LastCheckedUtc { get; set; }

    public string LastResult { get; set; } = CheckResults.Pending;

    public string? LastDetail { get; set; }
}

/// <summary>An incident: a served page that is not what the CMS rendered, or that carries a hacked-page signature.</summary>
internal sealed class PageIncident : ITenantOwned
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    public string? AccountId { get; set; }

    public long PageId { get; set; }

    public string Url { get; set; } = "";

    /// <summary>"tampered", "hidden-link", "signature", "cloaking".</summary>
    public string Kind { get; set; } = "";

    public string RuleCode { get; set; } = "";

    public string Summary { get; set; } = "";

    /// <summary>Findings, one per line.</summary>
    public string Findings { get; set; } = "";

    public string UserAgent { get; set; } = "";

    public string FetchedHtml { get; set; } = "";

    public string Diff { get; set; } = "";

    /// <summary>File name under App_Data/monitor (PNG), when chromium was available.</summary>
    public string? Screenshot { get; set; }

    public DateTime OpenedUtc { get; set; }

    public DateTime LastSeenUtc { get; set; }

    public DateTime? HandledUtc { get; set; }

    public string? HandledBy { get; set; }

    public string? HandledNote { get; set; }

    /// <summary>null (not tried), "restored", "still-different".</summary>
    public string? RestoreState { get; set; }

    public DateTime? RestoredUtc { get; set; }
}

/// <summary>One availability probe of a department's site (WEB-V01 / WEB-W01: loaded within the time limit or not).</summary>
internal sealed class SiteProbe : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string Url { get; set; } = "";

    public DateTime AtUtc { get; set; }

    public bool Ok { get; set; }

    public int? Status { get; set; }

    public int ElapsedMs { get; set; }

    public string? Error { get; set; }
}

/// <summary>A link or menu entry that did not work at the last link check of its department (NM-D11). Replaced by each check.</summary>
internal sealed class BrokenLink : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string? AccountId { get; set; }

    public string PageUrl { get; set; } = "";

    public string LinkUrl { get; set; } = "";

    public int? Status { get; set; }

    public string Error { get; set; } = "";

    public DateTime CheckedUtc { get; set; }
}

internal sealed class MonitorModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MonitoredPage>(b =>
        {
            b.ToTable("MonitoredPages");
            b.HasKey(p => p.Id);
            b.Property(p => p.TenantId).HasMaxLength(64);
            b.Property(p => p.AccountId).HasMaxLength(64);
            b.Property(p => p.ContentItemId).HasMaxLength(64);
            b.Property(p => p.Kind).HasMaxLength(16);
            b.Property(p => p.Path).HasMaxLength(512);
            b.Property(p => p.Title).HasMaxLength(512);
            b.Property(p => p.HtmlHash).HasMaxLength(64);
            b.Property(p => p.TextHash).HasMaxLength(64);
            b.Property(p => p.PreviousHtmlHash).HasMaxLength(64);
            b.Property(p => p.PreviousTextHash).HasMaxLength(64);
            b.Property(p => p.LastResult).HasMaxLength(32);
            b.HasIndex(p => new { p.TenantId, p.Path }).IsUnique();
            b.HasIndex(p => p.LastCheckedUtc);
        });
        modelBuilder.Entity<PageIncident>(b =>
        {
            b.ToTable("PageIncidents");
            b.HasKey(i => i.Id);
            b.Property(i => i.Id).HasMaxLength(32);
            b.Property(i => i.TenantId).HasMaxLength(64);
            b.Property(i => i.AccountId).HasMaxLength(64);
            b.Property(i => i.Kind).HasMaxLength(32);
            b.Property(i => i.RuleCode).HasMaxLength(16);
            b.Property(i => i.Url).HasMaxLength(1024);
            b.Property(i => i.UserAgent).HasMaxLength(256);
            b.Property(i => i.RestoreState).HasMaxLength(32);
            b.Property(i => i.Screenshot).HasMaxLength(128);
            b.Property(i => i.HandledBy).HasMaxLength(128);
            b.HasIndex(i => new { i.TenantId, i.OpenedUtc });
            b.HasIndex(i => new { i.PageId, i.Kind });
        });
        modelBuilder.Entity<SiteProbe>(b =>
        {
            b.ToTable("SiteProbes");
            b.HasKey(p => p.Id);
            b.Property(p => p.TenantId).HasMaxLength(64);
            b.Property(p => p.Url).HasMaxLength(1024);
            b.HasIndex(p => new { p.TenantId, p.AtUtc });
        });
        modelBuilder.Entity<BrokenLink>(b =>
        {
            b.ToTable("BrokenLinks");
            b.HasKey(l => l.Id);
            b.Property(l => l.TenantId).HasMaxLength(64);
            b.Property(l => l.AccountId).HasMaxLength(64);
            b.Property(l => l.PageUrl).HasMaxLength(1024);
            b.Property(l => l.LinkUrl).HasMaxLength(1024);
            b.HasIndex(l => l.TenantId);
        });
    }
}
