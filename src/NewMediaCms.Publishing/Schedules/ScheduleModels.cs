using NewMediaCms.Core.Data;

namespace NewMediaCms.Publishing.Schedules;

public static class ScheduleKinds
{
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";

    /// <summary>A miss of this kind: a future job had disappeared from Hangfire storage and was re-created.</summary>
    public const string MissingJob = "missing-job";
}

/// <summary>
/// A version's publish-at or unpublish-at instant (one row per version and kind) and the Hangfire job that fires it:
/// the job of the version's slot (<see cref="PublicationSlot"/>), shared by every version due in the same second.
/// </summary>
public sealed class PublicationSchedule : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public long VersionId { get; set; }

    public string ContentItemId { get; set; } = "";

    public string Kind { get; set; } = ScheduleKinds.Publish;

    public DateTime DueUtc { get; set; }

    public string JobId { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }
}

/// <summary>Something the reconciler had to catch: an overdue publication or expiry, or a lost job.</summary>
public sealed class ScheduleMiss : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public long VersionId { get; set; }

    public string ContentItemId { get; set; } = "";

    public string Kind { get; set; } = ScheduleKinds.Publish;

    public DateTime DueUtc { get; set; }

    public DateTime CaughtUtc { get; set; }
}

/// <summary>
/// One Hangfire job per second that has something due (the slot ends at <see cref="SlotUtc"/>, a whole second; it
/// holds the instants in the second before it). The row makes the job unique: scheduling a version reuses the slot's
/// job while it is pending. Not owned by a department: a slot job publishes what is due in every department.
/// </summary>
public sealed class PublicationSlot
{
    public DateTime SlotUtc { get; set; }

    public string JobId { get; set; } = "";

    public DateTime UpdatedUtc { get; set; }
}
