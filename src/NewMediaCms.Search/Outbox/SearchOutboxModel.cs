using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Search.Outbox;

internal sealed class SearchOutboxModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<SearchOutboxEntry>(b =>
        {
            b.ToTable("SearchOutbox");
            b.HasKey(e => e.Id);
            b.Property(e => e.ContentItemId).HasMaxLength(64).IsRequired();
            b.Property(e => e.Reason).HasMaxLength(20);
            b.Property(e => e.LastError).HasMaxLength(2000);
            b.HasIndex(e => new { e.ProcessedUtc, e.Id });
            b.HasIndex(e => e.ContentItemId);
        });
    }
}
