using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Editorial;

internal sealed class EditorialModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ReviewChainRecord>(b =>
        {
            b.ToTable("ReviewChains");
            b.HasKey(c => c.TenantId);
            b.Property(c => c.UpdatedBy).HasMaxLength(100);
            b.HasOne<Tenant>().WithMany().HasForeignKey(c => c.TenantId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<VersionReview>(b =>
        {
            b.ToTable("VersionReviews");
            b.HasKey(r => r.VersionId);
            b.Property(r => r.VersionId).ValueGeneratedNever();
            b.Property(r => r.ContentItemId).HasMaxLength(64);
            b.Property(r => r.State).HasConversion<string>().HasMaxLength(20);
            b.Property(r => r.Contributors).HasMaxLength(1000);
            b.Property(r => r.SubmittedBy).HasMaxLength(100);
            b.Property(r => r.UpdatedBy).HasMaxLength(100);
            b.Property(r => r.SubmittedHash).HasMaxLength(64);
            b.Ignore(r => r.ContributorList);
            b.HasOne<ContentVersion>().WithOne().HasForeignKey<VersionReview>(r => r.VersionId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(r => new { r.TenantId, r.State });
        });
        modelBuilder.Entity<ReviewApproval>(b =>
        {
            b.ToTable("ReviewApprovals");
            b.HasKey(a => a.Id);
            b.Property(a => a.ContentItemId).HasMaxLength(64);
            b.Property(a => a.LevelName).HasMaxLength(100);
            b.Property(a => a.UserName).HasMaxLength(100);
            b.Property(a => a.ContentHash).HasMaxLength(64);
            b.Property(a => a.Comment).HasMaxLength(2000);
            b.HasOne<ContentVersion>().WithMany().HasForeignKey(a => a.VersionId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(a => new { a.VersionId, a.Level });
            // Covering index for the NM-D13 evidence (ReviewChainEvidence): a version's valid levels without reading approval rows.
            b.HasIndex(a => new { a.VersionId, a.Level, a.Voided, a.ContentHash }, "IX_ReviewApprovals_ReviewEvidence");
        });
        // The published versions of the NM-D13 window with what the evidence compares (department, content hash), in one index.
        modelBuilder.Entity<ContentVersion>()
            .HasIndex(v => new { v.Published, v.PublishedUtc, v.TenantId, v.ContentHash }, "IX_ContentVersions_ReviewEvidence");
        modelBuilder.Entity<ReviewerView>(b =>
        {
            b.ToTable("ReviewerViews");
            b.HasKey(v => new { v.ContentItemId, v.UserName });
            b.Property(v => v.ContentItemId).HasMaxLength(64);
            b.Property(v => v.UserName).HasMaxLength(100);
            b.Property(v => v.ContentHash).HasMaxLength(64);
            b.Property(v => v.Title).HasMaxLength(500);
            b.Property(v => v.How).HasMaxLength(20);
            b.HasOne<ContentItem>().WithMany().HasForeignKey(v => v.ContentItemId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ReviewComment>(b =>
        {
            b.ToTable("ReviewComments");
            b.HasKey(c => c.Id);
            b.Property(c => c.ContentItemId).HasMaxLength(64);
            b.Property(c => c.UserName).HasMaxLength(100);
            b.Property(c => c.Kind).HasMaxLength(20);
            b.Property(c => c.Text).HasMaxLength(2000);
            b.HasOne<ContentVersion>().WithMany().HasForeignKey(c => c.VersionId).OnDelete(DeleteBehavior.Cascade);
            b.HasIndex(c => c.VersionId);
        });
    }
}
