using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Jobs;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Publishing.Schedules;

/// <summary>That the writers of a public version were told it expires soon, for its unpublish-at time then: one notice per version and time.</summary>
internal sealed class ExpiryNotice : ITenantOwned
{
    public long VersionId { get; set; }

    public string TenantId { get; set; } = "";

    /// <summary>The unpublish-at time the notice named; a later change of it is notified again.</summary>
    public DateTime UnpublishAtUtc { get; set; }

    public DateTime NotifiedUtc { get; set; }
}

/// <summary>
/// Hourly: tells the writers of every public version whose unpublish-at time is within
/// <see cref="PublishingOptions.ExpiringSoonNotice"/> that it is about to go offline (content.expiring), once per
/// version and unpublish-at time (<see cref="ExpiryNotice"/>), so a missed run loses nothing and a run twice sends nothing twice.
/// </summary>
public sealed class ExpiringSoonNotices(NmcDbContext db, ScheduledVersions versions, ITenantContext tenant, TenantRegistry tenants, TimeProvider clock,
    IOptions<PublishingOptions> options) : IRecurringJob
{
    public const string JobId = "publishing-expiring-soon";

    public async Task RunAsync(CancellationToken cancellationToken) => await NotifyAsync(cancellationToken);

    /// <summary>How many versions were notified.</summary>
    public async Task<int> NotifyAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var soon = await versions.ExpiringAsync(now, now + options.Value.ExpiringSoonNotice, ct);
        if (soon.Count == 0)
        {
            return 0;
        }
        var ids = soon.Select(v => v.Id).ToList();
        var told = await db.Set<ExpiryNotice>().AcrossTenants().Where(n => ids.Contains(n.VersionId)).ToDictionaryAsync(n => n.VersionId, ct);
        using var matrix = tenant.BeginMatrixScope();
        var count = 0;
        foreach (var v in soon)
        {
            var at = DateTime.SpecifyKind(v.UnpublishAtUtc, DateTimeKind.Utc);
            if (told.TryGetValue(v.Id, out var row) && row.UnpublishAtUtc == at)
            {
                continue;
            }
            if (row is null)
            {
                db.Add(row = new ExpiryNotice { VersionId = v.Id, TenantId = v.TenantId });
            }
            row.UnpublishAtUtc = at;
            row.NotifiedUtc = now;
            var local = TenantClock.For(tenants.Find(v.TenantId), clock).ToLocal(at);
            db.Raise(new ContentExpiringSoon(v.TenantId, v.ContentItemId, v.Title, local.ToString("yyyy-MM-dd HH:mm"), v.Writers));
            count++;
        }
        await db.SaveChangesAsync(ct);
        return count;
    }
}
