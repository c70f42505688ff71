using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Media;

internal sealed class MediaModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<MediaItem>(b =>
        {
            b.ToTable("MediaItems");
            b.HasKey(m => m.Id);
            b.Property(m => m.Id).HasMaxLength(32);
            b.Property(m => m.TenantId).HasMaxLength(64).IsRequired();
            b.Property(m => m.FileName).HasMaxLength(255).IsRequired();
            b.Property(m => m.Type).HasMaxLength(16).IsRequired();
            b.Property(m => m.ContentType).HasMaxLength(100).IsRequired();
            b.Property(m => m.Variants).HasMaxLength(100);
            b.Property(m => m.StorageKey).HasMaxLength(200).IsRequired();
            b.Property(m => m.UploadedBy).HasMaxLength(100);
            b.Property(m => m.Version).IsConcurrencyToken();
            b.Ignore(m => m.VariantWidths);
            b.HasIndex(m => new { m.TenantId, m.UpdatedUtc });
        });
        modelBuilder.Entity<MediaUpload>(b =>
        {
            b.ToTable("MediaUploads");
            b.HasKey(u => u.Id);
            b.Property(u => u.Id).HasMaxLength(32);
            b.Property(u => u.TenantId).HasMaxLength(64).IsRequired();
            b.Property(u => u.FileName).HasMaxLength(255).IsRequired();
            b.Property(u => u.ReplacesId).HasMaxLength(32);
            b.Property(u => u.CreatedBy).HasMaxLength(100);
            b.Ignore(u => u.StorageKey);
        });
        modelBuilder.Entity<MediaBlock>(b =>
        {
            b.ToTable("MediaBlocks");
            b.HasKey(k => new { k.Key, k.Offset });
            b.Property(k => k.Key).HasMaxLength(200);
        });
    }
}
