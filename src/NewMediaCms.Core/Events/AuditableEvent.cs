namespace NewMediaCms.Core.Events;

/// <summary>What happened, to what, with optional before/after references. Who, when, where and the department are filled in.</summary>
public sealed record AuditRecord(
    string Action,
    string SubjectType,
    string SubjectId,
    string? Before = null,
    string? After = null,
    string? Detail = null,
    string? TenantId = null,
    string? Actor = null);

/// <summary>
/// A domain event that the audit chain records. Audit has one handler for every such event, so an action is
/// audited by raising its event: there is no separate call a site could forget.
/// </summary>
public interface IAuditableEvent : IDomainEvent
{
    AuditRecord ToAuditRecord();
}

/// <summary>An action whose only reaction is its audit entry (a setting saved, a theme chosen).</summary>
public sealed record Audited(AuditRecord Record) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => Record;
}
