using Microsoft.Extensions.Logging;
using NewMediaCms.Editorial;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>
/// Fires at a version's publish-at or unpublish-at instant. Its arguments are the department and the version id
/// only (the activator sets the tenant from "tenantId"); it re-reads the truth and publishes or expires what is
/// due through the one publish path, so a stale, duplicated or early job changes nothing.
/// </summary>
public sealed class PublishJob(EditorialService editorial, ILogger<PublishJob> logger)
{
    // Concurrent publishers no longer collide on the audit chain: the audit interceptor appends under a lock on the
    // chain head, so a second writer waits instead of failing. A job that fails anyway goes to Hangfire's retry, and
    // the re-check at fire time makes that retry (or the reconciler) safe.
    public async Task RunAsync(string tenantId, long versionId, CancellationToken ct)
    {
        var published = await editorial.PublishDueAsync(versionId, ct: ct);
        var expired = await editorial.ExpireDueAsync(versionId, ct: ct);
        logger.LogInformation("定时任务 {Tenant}/{Version}：发布 {Published}，下线 {Expired}", tenantId, versionId,
            published.Ok ? "已执行" : published.Message, expired.Ok ? "已执行" : expired.Message);
    }
}
