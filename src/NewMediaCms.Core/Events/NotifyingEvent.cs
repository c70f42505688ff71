namespace NewMediaCms.Core.Events;

/// <summary>Who receives a notice: one user (by user name), or everyone holding a role in a department (or, for a matrix role, in the matrix).</summary>
public sealed record NoticeRecipient(string? UserName, string? Role, string? TenantId)
{
    public static NoticeRecipient User(string userName) => new(userName, null, null);

    /// <summary>Every user with <paramref name="role"/> in <paramref name="tenantId"/>; a matrix role with a null tenant means the whole matrix.</summary>
    public static NoticeRecipient InRole(string role, string? tenantId) => new(null, role, tenantId);
}

/// <summary>An in-app message (and an e-mail where SMTP is configured). <paramref name="Kind"/> is a stable key ("content.submitted", "content.rejected", …).</summary>
public sealed record Notice(
    string Kind,
    string? TenantId,
    string Title,
    string? Body,
    string? Link,
    IReadOnlyList<NoticeRecipient> To);

/// <summary>
/// A domain event that notifies people. Notifications have one handler for every such event (as Audit has for
/// <see cref="IAuditableEvent"/>), so a notice is sent by raising the event, in the same unit of work.
/// </summary>
public interface INotifyingEvent : IDomainEvent
{
    IEnumerable<Notice> ToNotices();
}
