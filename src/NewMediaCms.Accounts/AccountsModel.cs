using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Accounts;

internal sealed class AccountsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Account>(b =>
        {
            b.ToTable("Accounts");
            b.HasKey(a => a.Id);
            b.Property(a => a.Id).HasMaxLength(64);
            b.Property(a => a.Platform).HasConversion<string>().HasMaxLength(20);
            b.Property(a => a.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(a => a.State).HasConversion<string>().HasMaxLength(20);
            b.Property(a => a.Name).HasMaxLength(200).IsRequired();
            b.Property(a => a.OperatingUnit).HasMaxLength(200);
            b.Property(a => a.SupervisingUnit).HasMaxLength(200);
            b.Property(a => a.Description).HasMaxLength(2000);
            b.Property(a => a.MergedIntoAccountId).HasMaxLength(64);
            b.Property(a => a.ClosureNotice).HasMaxLength(2000);
            b.Property(a => a.ChangeNotice).HasMaxLength(2000);
            b.Property(a => a.PlatformAccountId).HasMaxLength(200);
            b.Property(a => a.Url).HasMaxLength(500);
            b.Property(a => a.FilingNumber).HasMaxLength(100);
            b.Property(a => a.ResponsiblePerson).HasMaxLength(100);
            b.Property(a => a.Contact).HasMaxLength(200);
            b.HasIndex(a => new { a.TenantId, a.Platform });
            b.HasOne<Tenant>().WithMany().HasForeignKey(a => a.TenantId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Account>().WithMany().HasForeignKey(a => a.MergedIntoAccountId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}
