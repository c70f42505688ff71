using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

/// <summary>A version with a publish-at or unpublish-at time, and where it stands in review.</summary>
public sealed record ScheduledVersion(long Id, string TenantId, string ContentItemId, string Title, bool Latest, bool Published, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc, ReviewState State);

/// <summary>A public version whose unpublish-at time is near, with the people who wrote it (the 即将到期 notice's recipients).</summary>
public sealed record ExpiringVersion(long Id, string TenantId, string ContentItemId, string Title, DateTime UnpublishAtUtc, IReadOnlyList<string> Writers);

/// <summary>
/// The port through which the scheduling capability sees versions: which are due in a window (publication only when
/// approved), the next instant, their schedule facts. Every window is one of <see cref="ContentSchedule"/>'s
/// expressions, so "due" means the same here as in the batches that then publish. The queries keep their shape (one
/// statement per page of ids, set-based), so the schedule's round trips are what they were.
/// </summary>
public sealed class ScheduledVersions
{
    private readonly EditorialStore _store;

    internal ScheduledVersions(EditorialStore store) => _store = store;

    /// <summary>Ids after <paramref name="afterId"/> of at most <paramref name="take"/> approved versions of any department due for publication in (after, upTo].</summary>
    public Task<List<long>> DueForPublicationAsync(DateTime? afterUtc, DateTime upToUtc, long afterId, int take, CancellationToken ct = default)
        => _store.Content.DueIdsAsync(ContentSchedule.PublicationDue(upToUtc, afterUtc), afterId, take, _store.ApprovedVersionIds(), ct);

    /// <summary>Ids after <paramref name="afterId"/> of at most <paramref name="take"/> public versions of any department due for expiry in (after, upTo].</summary>
    public Task<List<long>> DueForExpiryAsync(DateTime? afterUtc, DateTime upToUtc, long afterId, int take, CancellationToken ct = default)
        => _store.Content.DueIdsAsync(ContentSchedule.ExpiryDue(upToUtc, afterUtc), afterId, take, null, ct);

    /// <summary>The earliest publish-at or unpublish-at instant in (after, upTo] still to do, if any.</summary>
    public Task<DateTime?> NextDueAsync(DateTime afterUtc, DateTime upToUtc, CancellationToken ct = default)
        => _store.Content.EarliestAsync(ContentSchedule.PublicationDue(upToUtc, afterUtc), ContentSchedule.ExpiryDue(upToUtc, afterUtc), ct);

    /// <summary>The schedule facts of versions by id, any department.</summary>
    public Task<List<VersionSchedule>> FactsAsync(IReadOnlyCollection<long> versionIds, CancellationToken ct = default) => _store.Content.SchedulesAsync(versionIds, ct);

    /// <summary>Every version, of any department, whose publication or expiry is still planned after <paramref name="afterUtc"/>.</summary>
    public Task<List<VersionSchedule>> PlannedAfterAsync(DateTime afterUtc, CancellationToken ct = default)
        => _store.Content.SchedulesAsync(ContentSchedule.PublicationDue(ContentSchedule.Forever, afterUtc), ContentSchedule.ExpiryPlanned(ContentSchedule.Forever, afterUtc), acrossTenants: true, ct);

    /// <summary>The versions with a publication or expiry planned in [from, to), with their review state: the current department, or every one.</summary>
    public async Task<List<ScheduledVersion>> PlannedInAsync(DateTime fromUtc, DateTime toUtc, bool acrossTenants, CancellationToken ct = default)
    {
        var (after, upTo) = ContentSchedule.HalfOpen(fromUtc, toUtc);
        var versions = await _store.Content.SchedulesAsync(ContentSchedule.PublicationDue(upTo, after), ContentSchedule.ExpiryPlanned(upTo, after), acrossTenants, ct);
        var ids = versions.Select(v => v.Id).ToList();
        var reviews = acrossTenants ? _store.Db.Set<VersionReview>().AcrossTenants() : _store.Db.Set<VersionReview>();
        var states = await reviews.Where(r => ids.Contains(r.VersionId)).Select(r => new { r.VersionId, r.State }).ToDictionaryAsync(r => r.VersionId, r => r.State, ct);
        return versions.Select(v => new ScheduledVersion(v.Id, v.TenantId, v.ContentItemId, v.Title, v.Latest, v.Published, v.PublishAtUtc, v.UnpublishAtUtc,
            states.TryGetValue(v.Id, out var s) ? s : v.Published ? ReviewState.Published : ReviewState.Draft)).ToList();
    }

    /// <summary>The public versions of any department whose unpublish-at time lies in (<paramref name="afterUtc"/>, <paramref name="upToUtc"/>] (the rule of <see cref="ContentSchedule.ExpiryDue"/>), with their writers.</summary>
    public async Task<List<ExpiringVersion>> ExpiringAsync(DateTime afterUtc, DateTime upToUtc, CancellationToken ct = default)
    {
        var due = ContentSchedule.ExpiryDue(upToUtc, afterUtc);
        var versions = await _store.Content.SchedulesAsync(due, due, acrossTenants: true, ct);
        var ids = versions.Select(v => v.Id).ToList();
        var reviews = await _store.Db.Set<VersionReview>().AcrossTenants().AsNoTracking().Where(r => ids.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        return [.. versions.Select(v => new ExpiringVersion(v.Id, v.TenantId, v.ContentItemId, v.Title, v.UnpublishAtUtc!.Value,
            EditorialLinks.Writers(reviews.GetValueOrDefault(v.Id), v.Author)))];
    }
}
