using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Publishing.Schedules;

namespace NewMediaCms.Publishing;

internal sealed class PublishingModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<PublicationSchedule>(b =>
        {
            b.ToTable("PublicationSchedules");
            b.HasKey(s => s.Id);
            b.Property(s => s.ContentItemId).HasMaxLength(64);
            b.Property(s => s.Kind).HasMaxLength(20);
            b.Property(s => s.JobId).HasMaxLength(100);
            b.HasIndex(s => new { s.VersionId, s.Kind }).IsUnique();
            b.HasIndex(s => new { s.TenantId, s.DueUtc });
            b.HasOne<ContentVersion>().WithMany().HasForeignKey(s => s.VersionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<PublicationSlot>(b =>
        {
            b.ToTable("PublicationSlots");
            b.HasKey(s => s.SlotUtc);
            b.Property(s => s.JobId).HasMaxLength(100);
        });
        modelBuilder.Entity<ExpiryNotice>(b =>
        {
            b.ToTable("ExpiryNotices");
            b.HasKey(n => n.VersionId);
            b.Property(n => n.VersionId).ValueGeneratedNever();
            b.HasOne<ContentVersion>().WithMany().HasForeignKey(n => n.VersionId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<ScheduleMiss>(b =>
        {
            b.ToTable("ScheduleMisses");
            b.HasKey(s => s.Id);
            b.Property(s => s.ContentItemId).HasMaxLength(64);
            b.Property(s => s.Kind).HasMaxLength(20);
            b.HasIndex(s => new { s.TenantId, s.CaughtUtc });
        });
    }
}
