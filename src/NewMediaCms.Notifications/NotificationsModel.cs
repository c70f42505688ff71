using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Notifications;

internal sealed class NotificationsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Notification>(b =>
        {
            b.ToTable("Notifications");
            b.HasKey(n => n.Id);
            // The bell's unread count and the list, per person.
            b.HasIndex(n => new { n.UserName, n.ReadUtc });
            b.HasIndex(n => new { n.UserName, n.CreatedUtc });
            b.Property(n => n.UserName).HasMaxLength(256).IsRequired();
            b.Property(n => n.TenantId).HasMaxLength(64);
            b.Property(n => n.Kind).HasMaxLength(64).IsRequired();
            b.Property(n => n.Title).HasMaxLength(300).IsRequired();
            b.Property(n => n.Body).HasMaxLength(2000);
            b.Property(n => n.Link).HasMaxLength(500);
        });
        modelBuilder.Entity<MailOutboxMessage>(b =>
        {
            b.ToTable("MailOutbox");
            b.HasKey(m => m.Id);
            b.HasIndex(m => new { m.SentUtc, m.Failed, m.NextAttemptUtc });
            b.Property(m => m.ToAddress).HasMaxLength(256).IsRequired();
            b.Property(m => m.ToName).HasMaxLength(100);
            b.Property(m => m.Subject).HasMaxLength(300).IsRequired();
            b.Property(m => m.Body).HasMaxLength(4000);
            b.Property(m => m.LastError).HasMaxLength(1000);
        });
    }
}
