namespace NewMediaCms.Editorial;

/// <summary>
/// Told after the commit whenever a version's publish-at or unpublish-at time (or its approval) changed, so the
/// scheduling capability can (re)create the job for that instant. The database stays the truth: the job re-checks.
/// </summary>
public interface IPublicationScheduler
{
    Task ScheduleChangedAsync(string tenantId, long versionId, CancellationToken ct = default);
}

/// <summary>Used when no scheduling capability is registered: times are stored, nothing fires them.</summary>
internal sealed class NoPublicationScheduler : IPublicationScheduler
{
    public Task ScheduleChangedAsync(string tenantId, long versionId, CancellationToken ct = default) => Task.CompletedTask;
}
