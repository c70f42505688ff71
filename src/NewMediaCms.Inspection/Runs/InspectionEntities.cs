using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection.Rules;

namespace NewMediaCms.Inspection.Runs;

public enum RunState
{
    Running,
    Succeeded,
    Failed,
}

/// <summary>One inspection of the whole matrix, with the settings it used (so its report can be reproduced).</summary>
public sealed class InspectionRun
{
    public long Id { get; set; }
    public DateTime StartedUtc { get; set; }
    public DateTime? FinishedUtc { get; set; }
    /// <summary>The check time every threshold was measured against.</summary>
    public DateTime AsOfUtc { get; set; }
    public RunState State { get; set; }
    public string TriggeredBy { get; set; } = "";
    public string SettingsJson { get; set; } = "{}";
    /// <summary>Rules evaluated / skipped (waiting for data, switched off) with notes, as JSON.</summary>
    public string RulesJson { get; set; } = "[]";
    public string Notes { get; set; } = "";
    public string? Error { get; set; }
    public int Accounts { get; set; }
    public int Inspected { get; set; }
    public int Passed { get; set; }
    public int Warned { get; set; }
    public int Vetoed { get; set; }
    public int Failed { get; set; }
    public int Dormant { get; set; }
    public int Zombie { get; set; }
    public int FindingCount { get; set; }
}

/// <summary>An account as it stood in one run: facts, status and the rules it broke.</summary>
public sealed class InspectionAccountResult
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public string AccountId { get; set; } = "";
    public string TenantId { get; set; } = "";
    public string DepartmentName { get; set; } = "";
    public string AccountName { get; set; } = "";
    public Platform Platform { get; set; }
    public AccountKind Kind { get; set; }
    public AccountState State { get; set; }
    public DateTime? LastPostUtc { get; set; }
    public int? DaysSinceLastPost { get; set; }
    public int Posts14 { get; set; }
    public int Posts30 { get; set; }
    public int Posts90 { get; set; }
    public AccountStatus Status { get; set; }
    public double Score { get; set; }
    /// <summary>Rule ids, comma separated ("NM-V06,NM-W01").</summary>
    public string RulesBroken { get; set; } = "";
}

public sealed class InspectionFinding
{
    public long Id { get; set; }
    public long RunId { get; set; }
    public string RuleId { get; set; } = "";
    public Severity Severity { get; set; }
    public string TenantId { get; set; } = "";
    public string? AccountId { get; set; }
    public double Points { get; set; }
    public string Message { get; set; } = "";
    public string Threshold { get; set; } = "";
    public string EvidenceJson { get; set; } = "[]";
    public string? Task { get; set; }
}

/// <summary>An indicator recorded by an auditor (NM-V04, NM-V05, NM-D06); counts in every run until withdrawn.</summary>
public sealed class ManualFlag : ITenantOwned
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public string AccountId { get; set; } = "";
    public string RuleId { get; set; } = "";
    public string Note { get; set; } = "";
    public string? ContentItemId { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedUtc { get; set; }
    public DateTime? WithdrawnUtc { get; set; }
}

internal sealed class InspectionStoreModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        // The indexes the snapshot reads over the versions and items are Content's (PostingFactsModel).
        modelBuilder.Entity<InspectionRun>(b =>
        {
            b.ToTable("InspectionRuns");
            b.HasKey(r => r.Id);
            b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.TriggeredBy).HasMaxLength(100);
            b.HasIndex(r => r.AsOfUtc);
        });
        modelBuilder.Entity<InspectionAccountResult>(b =>
        {
            b.ToTable("InspectionAccountResults");
            b.HasKey(r => r.Id);
            b.Property(r => r.AccountId).HasMaxLength(64);
            b.Property(r => r.TenantId).HasMaxLength(64);
            b.Property(r => r.DepartmentName).HasMaxLength(200);
            b.Property(r => r.AccountName).HasMaxLength(200);
            b.Property(r => r.Platform).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.RulesBroken).HasMaxLength(1000);
            b.HasIndex(r => new { r.RunId, r.AccountId }).IsUnique();
            b.HasOne<InspectionRun>().WithMany().HasForeignKey(r => r.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<InspectionFinding>(b =>
        {
            b.ToTable("InspectionFindings");
            b.HasKey(f => f.Id);
            b.Property(f => f.RuleId).HasMaxLength(20);
            b.Property(f => f.Severity).HasConversion<string>().HasMaxLength(20);
            b.Property(f => f.TenantId).HasMaxLength(64);
            b.Property(f => f.AccountId).HasMaxLength(64);
            b.Property(f => f.Message).HasMaxLength(2000);
            b.Property(f => f.Threshold).HasMaxLength(500);
            b.Property(f => f.Task).HasMaxLength(500);
            b.HasIndex(f => new { f.RunId, f.AccountId });
            b.HasOne<InspectionRun>().WithMany().HasForeignKey(f => f.RunId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ManualFlag>(b =>
        {
            b.ToTable("InspectionManualFlags");
            b.HasKey(f => f.Id);
            b.Property(f => f.AccountId).HasMaxLength(64);
            b.Property(f => f.RuleId).HasMaxLength(20);
            b.Property(f => f.Note).HasMaxLength(2000);
            b.Property(f => f.ContentItemId).HasMaxLength(64);
            b.Property(f => f.RecordedBy).HasMaxLength(100);
            b.HasOne<Account>().WithMany().HasForeignKey(f => f.AccountId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<Rectifications.RectificationNotice>(b =>
        {
            b.ToTable("RectificationNotices");
            b.HasKey(n => n.Id);
            b.Property(n => n.AccountId).HasMaxLength(64);
            b.Property(n => n.RuleId).HasMaxLength(200);
            b.Property(n => n.Subject).HasMaxLength(2000);
            b.Property(n => n.Requirement).HasMaxLength(2000);
            b.Property(n => n.State).HasConversion<string>().HasMaxLength(20);
            b.Property(n => n.IssuedBy).HasMaxLength(100);
            b.Property(n => n.AnswerNote).HasMaxLength(4000);
            b.Property(n => n.AnsweredBy).HasMaxLength(100);
            b.Property(n => n.ReviewNote).HasMaxLength(2000);
            b.Property(n => n.ReviewedBy).HasMaxLength(100);
            b.HasIndex(n => new { n.TenantId, n.State });
            b.HasIndex(n => new { n.RunId, n.AccountId });
            b.HasMany(n => n.Items).WithOne().HasForeignKey(i => i.NoticeId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<Rectifications.RectificationNoticeItem>(b =>
        {
            b.ToTable("RectificationNoticeItems");
            b.HasKey(i => i.Id);
            b.Property(i => i.TenantId).HasMaxLength(64);
            b.Property(i => i.RuleId).HasMaxLength(20);
            b.Property(i => i.Severity).HasMaxLength(20);
            b.Property(i => i.Message).HasMaxLength(2000);
            b.Property(i => i.Task).HasMaxLength(500);
            b.HasIndex(i => i.NoticeId);
        });
    }
}
