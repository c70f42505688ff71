using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Gate;
using NewMediaCms.Safety.Scan;

namespace NewMediaCms.Safety;

internal sealed class SafetyModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SafetyWordRecord>(b =>
        {
            b.ToTable("SafetyWords");
            b.HasKey(w => w.Id);
            b.Property(w => w.Scope).HasMaxLength(64);
            b.Property(w => w.List).HasMaxLength(32);
            b.Property(w => w.Word).HasMaxLength(200);
            b.Property(w => w.Suggestion).HasMaxLength(200);
            b.Property(w => w.Titles).HasMaxLength(500);
            b.Property(w => w.Jurisdiction).HasMaxLength(100);
            b.Property(w => w.Reason).HasMaxLength(500);
            b.Property(w => w.Source).HasMaxLength(300);
            b.Property(w => w.AddedBy).HasMaxLength(100);
            b.Property(w => w.RemovedBy).HasMaxLength(100);
            b.HasIndex(w => new { w.Scope, w.List, w.RemovedInVersion });
        });
        modelBuilder.Entity<SafetyDictionaryVersion>(b =>
        {
            b.ToTable("SafetyDictionaryVersions");
            b.HasKey(v => v.Id);
            b.Property(v => v.Scope).HasMaxLength(64);
            b.Property(v => v.CreatedBy).HasMaxLength(100);
            b.Property(v => v.Source).HasMaxLength(300);
            b.Property(v => v.Summary).HasMaxLength(1000);
            b.HasIndex(v => new { v.Scope, v.Number }).IsUnique();
        });
        modelBuilder.Entity<SafetyOverrideRecord>(b =>
        {
            b.ToTable("SafetyOverrides");
            b.HasKey(o => o.Id);
            b.Property(o => o.ContentItemId).HasMaxLength(64);
            b.Property(o => o.ContentHash).HasMaxLength(64);
            b.Property(o => o.UserName).HasMaxLength(100);
            b.Property(o => o.Reason).HasMaxLength(1000);
            b.Property(o => o.Findings).HasMaxLength(4000);
            b.HasIndex(o => new { o.TenantId, o.VersionId });
        });
        modelBuilder.Entity<StoredSafetyFinding>(b =>
        {
            b.ToTable("SafetyFindings");
            b.HasKey(f => f.Id);
            b.Property(f => f.ContentItemId).HasMaxLength(64);
            b.Property(f => f.AccountId).HasMaxLength(64);
            b.Property(f => f.Title).HasMaxLength(300);
            b.Property(f => f.RuleCode).HasMaxLength(16);
            b.Property(f => f.Tier).HasMaxLength(8);
            b.Property(f => f.Detector).HasMaxLength(32);
            b.Property(f => f.Field).HasMaxLength(100);
            b.Property(f => f.Excerpt).HasMaxLength(300);
            b.Property(f => f.Suggestion).HasMaxLength(300);
            b.Property(f => f.ContentHash).HasMaxLength(64);
            b.HasIndex(f => new { f.TenantId, f.VersionId });
            b.HasIndex(f => f.FoundUtc);
        });
    }
}
