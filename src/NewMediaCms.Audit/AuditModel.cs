using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Audit;

internal sealed class AuditModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AuditEntry>(b =>
        {
            b.ToTable("AuditEntries");
            b.HasKey(e => e.Id);
            b.HasIndex(e => e.Sequence).IsUnique();
            b.HasIndex(e => new { e.TenantId, e.TimestampUtc });
            b.HasIndex(e => e.Action);
            b.Property(e => e.TenantId).HasMaxLength(64);
            b.Property(e => e.Actor).HasMaxLength(100).IsRequired();
            b.Property(e => e.IpAddress).HasMaxLength(64);
            b.Property(e => e.Action).HasMaxLength(64).IsRequired();
            b.Property(e => e.SubjectType).HasMaxLength(64);
            b.Property(e => e.SubjectId).HasMaxLength(200);
            b.Property(e => e.Before).HasMaxLength(2000);
            b.Property(e => e.After).HasMaxLength(2000);
            b.Property(e => e.Detail).HasMaxLength(4000);
            b.Property(e => e.PreviousHash).HasMaxLength(64).IsRequired();
            b.Property(e => e.Hash).HasMaxLength(64).IsRequired();
        });
        modelBuilder.Entity<AuditHead>(b =>
        {
            b.ToTable("AuditHead");
            b.HasKey(h => h.Id);
            b.Property(h => h.Id).ValueGeneratedNever();
            b.Property(h => h.Sequence).IsConcurrencyToken();
            b.Property(h => h.Hash).HasMaxLength(64);
            b.Property(h => h.KeyId).HasMaxLength(64);
            b.Property(h => h.BaseHash).HasMaxLength(64).HasDefaultValue(AuditChain.Genesis);
        });
    }
}
