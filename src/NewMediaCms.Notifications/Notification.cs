namespace NewMediaCms.Notifications;

/// <summary>
/// One in-app message to one person (站内消息). Owned by its recipient, not by a department: a matrix auditor receives
/// notices of every department, so the row is read by <see cref="UserName"/>, never through the tenant filter.
/// </summary>
internal sealed class Notification
{
    public long Id { get; set; }

    public string UserName { get; set; } = "";

    /// <summary>The department the notice is about (its link is under that department's admin), null for matrix notices.</summary>
    public string? TenantId { get; set; }

    /// <summary>Stable key of the notice kind ("content.submitted", "content.rejected", ...).</summary>
    public string Kind { get; set; } = "";

    public string Title { get; set; } = "";

    public string? Body { get; set; }

    /// <summary>Path inside the department's site ("/admin/content/abc"); the department's path base is put in front when shown.</summary>
    public string? Link { get; set; }

    public DateTime CreatedUtc { get; set; }

    public DateTime? ReadUtc { get; set; }
}

/// <summary>
/// An e-mail waiting to be sent (发件箱). Written in the unit of work of the event that caused it; sent by
/// <see cref="Mail.MailOutboxJob"/>, never in the request; a failure stays here with its error and is retried with back-off.
/// </summary>
internal sealed class MailOutboxMessage
{
    public long Id { get; set; }

    public long? NotificationId { get; set; }

    public string ToAddress { get; set; } = "";

    public string ToName { get; set; } = "";

    public string Subject { get; set; } = "";

    public string Body { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime NextAttemptUtc { get; set; }

    public int Attempts { get; set; }

    public string? LastError { get; set; }

    public DateTime? SentUtc { get; set; }

    /// <summary>Given up after the last attempt (kept, with its error, for the operator).</summary>
    public bool Failed { get; set; }
}
