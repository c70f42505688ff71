using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Interaction;

public enum MessageStatus
{
    /// <summary>待答复.</summary>
    Open,

    /// <summary>已答复: the question and the reply are public.</summary>
    Answered,

    /// <summary>不予公开: spam, or a personal matter; closed without publication (a reply may still be given to the writer).</summary>
    NotPublic,
}

/// <summary>A citizen message (留言) to a department, optionally to one of its accounts, and its reply (答复).</summary>
public sealed class CitizenMessage : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    /// <summary>The account the message is addressed to; null: the department itself (its website's consultation box).</summary>
    public string? AccountId { get; set; }

    /// <summary>A stable id for messages seeded by a recipe (re-runs update instead of duplicating); null for real messages.</summary>
    public string? Key { get; set; }

    /// <summary>The writer's name, optional, shown publicly only as given.</summary>
    public string? Name { get; set; }

    /// <summary>Phone or e-mail, optional. Never shown publicly; only the department's answering staff see it.</summary>
    /// <remarks>Not mapped: the store holds <see cref="ContactSealed"/> (<see cref="ContactEncryption"/> opens and seals it).</remarks>
    public string? Contact { get; set; }

    /// <summary>The column <c>Contact</c>: the contact encrypted (AES-256-GCM, <c>enc1:</c>...); plain text only in rows not yet sealed.</summary>
    public string? ContactSealed { get; set; }

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public MessageStatus Status { get; set; }

    /// <summary>SHA-256 of the query code (查询码) the writer got; the code itself is not stored.</summary>
    public string QueryCodeHash { get; set; } = "";

    public DateTime ReceivedUtc { get; set; }

    public string? Reply { get; set; }

    public DateTime? RepliedUtc { get; set; }

    public string? RepliedBy { get; set; }

    /// <summary>The working days the reply took: the smallest deadline in working days it met (0 = same day). Late replies are found by comparing this.</summary>
    public int? ReplyWorkingDays { get; set; }

    /// <summary>Why the message is not public (不予公开).</summary>
    public string? NotPublicReason { get; set; }

    public DateTime? ClosedUtc { get; set; }

    public string? ClosedBy { get; set; }

    /// <summary>Concurrency token: two staff answering the same message at once cannot both win.</summary>
    public int Revision { get; set; }

    public static string Chinese(MessageStatus status) => status switch
    {
        MessageStatus.Open => "待答复",
        MessageStatus.Answered => "已答复",
        _ => "不予公开",
    };
}

internal sealed class InteractionModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<CitizenMessage>(b =>
        {
            b.ToTable("CitizenMessages");
            b.HasKey(m => m.Id);
            b.Property(m => m.AccountId).HasMaxLength(64);
            b.Property(m => m.Key).HasMaxLength(100);
            b.Property(m => m.Name).HasMaxLength(MessageLimits.Name);
            b.Ignore(m => m.Contact);
            b.Property(m => m.ContactSealed).HasColumnName("Contact").HasMaxLength(MessageLimits.ContactSealed);
            b.Property(m => m.Subject).HasMaxLength(MessageLimits.Subject).IsRequired();
            b.Property(m => m.Body).HasMaxLength(MessageLimits.Body).IsRequired();
            b.Property(m => m.Status).HasConversion<string>().HasMaxLength(20);
            b.Property(m => m.QueryCodeHash).HasMaxLength(64).IsRequired();
            b.Property(m => m.Reply).HasMaxLength(MessageLimits.Reply);
            b.Property(m => m.RepliedBy).HasMaxLength(100);
            b.Property(m => m.NotPublicReason).HasMaxLength(200);
            b.Property(m => m.ClosedBy).HasMaxLength(100);
            b.Property(m => m.Revision).IsConcurrencyToken();
            b.HasIndex(m => m.QueryCodeHash).IsUnique();
            b.HasIndex(m => new { m.TenantId, m.Key }).IsUnique();
            b.HasIndex(m => new { m.TenantId, m.Status, m.ReceivedUtc });
            b.HasIndex(m => new { m.TenantId, m.Status, m.RepliedUtc });
            b.HasOne<Tenant>().WithMany().HasForeignKey(m => m.TenantId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Account>().WithMany().HasForeignKey(m => m.AccountId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>Length limits of a message, in characters (the form says them; the store enforces them).</summary>
public static class MessageLimits
{
    public const int Name = 50;
    public const int Contact = 100;

    /// <summary>The sealed form of <see cref="Contact"/> characters (UTF-8 up to 3 bytes each, nonce and tag, Base64).</summary>
    public const int ContactSealed = 600;
    public const int Subject = 100;
    public const int Body = 2000;
    public const int Reply = 4000;
}
