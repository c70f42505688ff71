using NewMediaCms.Core.Data;

namespace NewMediaCms.Publishing.Schedules;

public static class ScheduleKinds
{
    public const string Publish = "publish";
    public const string Unpublish = "unpublish";

    /// <summary>A miss of this kind: a future job had disappeared from Hangfire storage and was re-created.</summary>
    public const string MissingJob = "missing-job";
}

/// <summary>The Hangfire job that fires one version's publish-at or unpublish-at instant (one row per version and kind).</summary>
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
