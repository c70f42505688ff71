using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Distribution.Submissions;

internal sealed class SubmissionsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Submission>(b =>
        {
            b.ToTable("Submissions");
            b.HasKey(s => s.Id);
            b.Property(s => s.Key).HasMaxLength(100);
            b.Property(s => s.SourceTenantId).HasMaxLength(64).IsRequired();
            b.Property(s => s.SourceItemId).HasMaxLength(100).IsRequired();
            b.Property(s => s.ContentType).HasMaxLength(64);
            b.Property(s => s.Title).HasMaxLength(500);
            b.Property(s => s.ContentHash).HasMaxLength(64);
            b.Property(s => s.Note).HasMaxLength(500);
            b.Property(s => s.SubmittedBy).HasMaxLength(256);
            b.Property(s => s.State).HasConversion<string>().HasMaxLength(20);
            b.Property(s => s.DecidedBy).HasMaxLength(256);
            b.Property(s => s.ReturnReason).HasMaxLength(1000);
            b.Property(s => s.AdoptedItemId).HasMaxLength(100);
            b.Property(s => s.AdoptedAccountId).HasMaxLength(100);
            // The desk's inbox; the submitter's list and the matrix's counts by submission time.
            b.HasIndex(s => new { s.TenantId, s.State });
            b.HasIndex(s => new { s.SourceTenantId, s.SubmittedUtc });
            b.HasIndex(s => s.AdoptedItemId);
            b.HasIndex(s => new { s.TenantId, s.Key }).IsUnique();
            // One open submission of a version per desk, also under concurrent clicks (a partial index on both providers).
            b.HasIndex(s => new { s.TenantId, s.SourceVersionId }).IsUnique().HasFilter("\"State\" IN ('Open', 'Adopting')")
                .HasDatabaseName("IX_Submissions_OpenVersion");
        });
    }
}
