using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Tenancy;

internal sealed class TenancyModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Tenant>(b =>
        {
            b.ToTable("Tenants");
            b.HasKey(t => t.Id);
            b.Property(t => t.Id).HasMaxLength(64);
            b.Property(t => t.DisplayName).HasMaxLength(200).IsRequired();
            b.Property(t => t.Prefix).HasMaxLength(64);
            b.Property(t => t.Hosts).HasMaxLength(1000);
            b.Property(t => t.ParentId).HasMaxLength(64);
            b.Property(t => t.State).HasConversion<string>().HasMaxLength(20);
            b.Property(t => t.Theme).HasMaxLength(64);
            b.Property(t => t.TimeZoneId).HasMaxLength(64);
            b.Property(t => t.Description).HasMaxLength(2000);
            b.Ignore(t => t.HostList);
            b.HasIndex(t => t.Prefix).IsUnique();
            b.HasOne<Tenant>().WithMany().HasForeignKey(t => t.ParentId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
