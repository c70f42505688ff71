using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Content;

internal sealed class ContentModel : IModelContributor
{
    public const string SoftDeleteFilter = "SoftDelete";

    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ContentItem>(b =>
        {
            b.ToTable("ContentItems");
            b.HasKey(i => i.Id);
            b.Property(i => i.Id).HasMaxLength(64);
            b.Property(i => i.ContentType).HasMaxLength(50).IsRequired();
            b.Property(i => i.AccountId).HasMaxLength(64);
            b.Property(i => i.Owner).HasMaxLength(100);
            b.HasOne<Tenant>().WithMany().HasForeignKey(i => i.TenantId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Account>().WithMany().HasForeignKey(i => i.AccountId).OnDelete(DeleteBehavior.Restrict);
            b.HasMany(i => i.Versions).WithOne(v => v.Item).HasForeignKey(v => v.ContentItemId).OnDelete(DeleteBehavior.Cascade);
            b.HasQueryFilter(SoftDeleteFilter, i => !i.Deleted);
            b.HasIndex(i => new { i.TenantId, i.ContentType });
        });
        modelBuilder.Entity<ContentVersion>(b =>
        {
            b.ToTable("ContentVersions");
            b.HasKey(v => v.Id);
            b.Property(v => v.ContentItemId).HasMaxLength(64);
            b.Property(v => v.Title).HasMaxLength(500).IsRequired();
            b.Property(v => v.Summary).HasMaxLength(1000);
            b.Property(v => v.ContentHash).HasMaxLength(64);
            b.Property(v => v.Author).HasMaxLength(100);
            b.Property(v => v.AccountId).HasMaxLength(64);
            b.Property(v => v.ContentType).HasMaxLength(50).IsRequired();
            b.HasIndex(v => new { v.ContentItemId, v.Number }).IsUnique();
            b.HasIndex(v => new { v.TenantId, v.Published, v.PublishedUtc });
            b.HasIndex(v => new { v.Published, v.PublishedUtc });
            b.Property(v => v.Revision).IsConcurrencyToken();
            // The admin content list's keyset orders (ContentList in Editorial): the department's versions by each sort key, the
            // id as the tie-break, so a page is one index range however deep it is. Latest and ItemDeleted come last, read from
            // the index: EF Core writes them as bare booleans ("Latest" AND NOT "ItemDeleted"), which SQLite cannot seek on,
            // so in front of the key they made it sort all the department's rows for every page.
            b.HasIndex(v => new { v.TenantId, v.UpdatedUtc, v.Id, v.Latest, v.ItemDeleted }, "IX_ContentVersions_List_Updated");
            b.HasIndex(v => new { v.TenantId, v.ItemCreatedUtc, v.Id, v.Latest, v.ItemDeleted }, "IX_ContentVersions_List_Created");
            b.HasIndex(v => new { v.TenantId, v.Title, v.Id, v.Latest, v.ItemDeleted }, "IX_ContentVersions_List_Title");
            b.HasIndex(v => new { v.TenantId, v.PublishedUtc, v.Id, v.Latest, v.ItemDeleted }, "IX_ContentVersions_List_Published");
        });
        modelBuilder.Entity<Types.ContentTypeRecord>(b =>
        {
            b.ToTable("ContentTypes");
            b.HasKey(t => t.Name);
            b.Property(t => t.Name).HasMaxLength(50);
            b.Property(t => t.DisplayName).HasMaxLength(100).IsRequired();
        });
    }
}
