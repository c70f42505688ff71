using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Tenancy;
using static NewMediaCms.Editorial.EditorialStore;

namespace NewMediaCms.Editorial;

/// <summary>A version a batch published or expired: its department, item and the instant it was due.</summary>
public sealed record DueDone(string TenantId, long VersionId, string ContentItemId, DateTime DueUtc);

/// <summary>
/// Scheduled publication and expiry of many versions of any departments at once (the slot job and the reconciler).
/// The rules are those of <see cref="PublishDueAsync"/> / <see cref="ExpireDueAsync"/> — still latest, unpublished,
/// fully approved for its current content hash (<see cref="ReviewChain"/>), due (<see cref="ContentSchedule"/>) —
/// checked per version; every version is still claimed by its own conditional update inside the one transaction, so a
/// duplicated or concurrent batch publishes nothing twice. What a batch saves is cheap per item: one conditional
/// update, the version and review rows, one audit entry (all entries of the batch linked to the chain under one head
/// lock), one search-outbox row, and the cache tags of the departments, evicted once after the commit.
/// </summary>
public sealed partial class PublicationService
{
    /// <summary>
    /// Publishes those of <paramref name="versionIds"/> that are due and still pass the re-check, in one transaction.
    /// The caller holds a matrix scope (the versions belong to several departments); <paramref name="timeZoneOf"/>
    /// gives a department's time zone for the audit text. Returns the versions it published.
    /// </summary>
    public async Task<List<DueDone>> PublishDueBatchAsync(IReadOnlyCollection<long> versionIds, Func<string, string?> timeZoneOf, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        RequireMatrixScope();
        var now = _store.Now;
        var ids = versionIds.Distinct().ToList();
        var candidates = await _store.Content.DueVersionsAsync(ids, ContentSchedule.PublicationDue(now), ct);
        if (candidates.Count == 0)
        {
            return [];
        }
        var itemIds = candidates.Select(v => v.ContentItemId).Distinct().ToList();
        // Deleted items stay hidden (the soft-delete filter still applies across departments).
        var items = await _store.Content.LiveItemsAsync(itemIds, ct);
        var previous = await _store.Content.PublishedOfAsync(itemIds, ct);
        var db = _store.Db;
        var reviewIds = ids.Concat(previous.SelectMany(p => p).Select(v => v.Id)).ToList();
        var reviews = await db.Set<VersionReview>().AcrossTenants().Where(r => reviewIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        var approvals = (await db.Set<ReviewApproval>().AcrossTenants().AsNoTracking().Where(a => ids.Contains(a.VersionId) && !a.Voided)
                .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, null)).ToListAsync(ct))
            .ToLookup(a => a.VersionId);
        var chains = await _chains.LevelsOfAsync(candidates.Select(v => v.TenantId).Distinct().ToList(), ct);

        var eligible = new List<(ContentVersion Version, VersionReview Review, ReviewChain Chain, RenderedMarkdown Rendered)>();
        foreach (var v in candidates.OrderBy(v => v.Id))
        {
            if (!items.ContainsKey(v.ContentItemId) || !reviews.TryGetValue(v.Id, out var review) || review.State is not (ReviewState.Approved or ReviewState.Scheduled))
            {
                continue;
            }
            var chain = ReviewChain.For(chains[v.TenantId], v.ContentHash, approvals[v.Id]);
            if (!chain.IsFullyApprovedFor(v.ContentHash))
            {
                continue;
            }
            if ((await _safety.CheckAsync(DraftService.SafetyInput(v), ct)).Blocks)
            {
                // A serious content-safety finding without an override: the schedule does not publish it.
                continue;
            }
            if (_markdown.TryRenderForPublication(v.Markdown, ct).Result is not { } rendered)
            {
                // A body that cannot be rendered is not published; the single path (PublishDueAsync) says why.
                continue;
            }
            eligible.Add((v, review, chain, rendered));
        }
        if (eligible.Count == 0)
        {
            return [];
        }

        var done = new List<DueDone>();
        var approved = _store.ApprovedVersionIds();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (v, review, chain, rendered) in eligible)
        {
            // The claim, per version and in id order (two batches never wait on each other in a cycle).
            if (await _store.Content.ClaimForPublicationAsync(v.Id, v.ContentHash, approved, ct) == 0)
            {
                continue;
            }
            var (tenantId, contentType) = items[v.ContentItemId];
            var withdrawn = previous[v.ContentItemId].Where(p => p.Id != v.Id).ToList();
            var before = withdrawn.FirstOrDefault();
            var due = v.PublishAtUtc!.Value;
            ApplyPublication(tenantId, v.ContentItemId, contentType, v, review, withdrawn, reviews, rendered, now, ScheduleActor);
            var how = ScheduledAction("定时发布", "补发", due, timeZoneOf(v.TenantId), caughtByReconciler);
            _store.Audit(new AuditRecord("content.published", "ContentItem", v.ContentItemId, before is null ? null : Ref(before), Ref(v),
                $"{how}：发布第 {v.Number} 版“{v.Title}”（{chain.Levels.Count} 级审核：{string.Join("、", chain.Valid.Select(a => a.UserName))}）",
                TenantId: v.TenantId, Actor: ScheduleActor));
            _store.Db.Raise(new ContentWentPublic(v.TenantId, v.ContentItemId, v.Title, ScheduleActor, EditorialLinks.Writers(review, v.Author)));
            done.Add(new DueDone(v.TenantId, v.Id, v.ContentItemId, due));
        }
        if (!await CommitBatchAsync(transaction, done.Count, ct))
        {
            return [];
        }
        foreach (var v in eligible.Select(e => e.Version).Where(v => v.Published && v.UnpublishAtUtc is not null && done.Any(d => d.VersionId == v.Id)))
        {
            await NotifyScheduleAsync(v, ct);
        }
        return done;
    }

    /// <summary>Expires those of <paramref name="versionIds"/> that are public and past their unpublish-at time, in one transaction (matrix scope).</summary>
    public async Task<List<DueDone>> ExpireDueBatchAsync(IReadOnlyCollection<long> versionIds, Func<string, string?> timeZoneOf, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        RequireMatrixScope();
        var now = _store.Now;
        var ids = versionIds.Distinct().ToList();
        var candidates = await _store.Content.DueVersionsAsync(ids, ContentSchedule.ExpiryDue(now), ct);
        if (candidates.Count == 0)
        {
            return [];
        }
        var items = await _store.Content.LiveItemsAsync(candidates.Select(v => v.ContentItemId).Distinct().ToList(), ct);
        var candidateIds = candidates.Select(v => v.Id).ToList();
        var reviews = await _store.Db.Set<VersionReview>().AcrossTenants().Where(r => candidateIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);

        var done = new List<DueDone>();
        await using var transaction = await _store.Db.Database.BeginTransactionAsync(ct);
        foreach (var v in candidates.Where(v => items.ContainsKey(v.ContentItemId)).OrderBy(v => v.Id))
        {
            if (await _store.Content.ClaimForWithdrawalAsync(v.Id, acrossTenants: true, ct) == 0)
            {
                continue;
            }
            _store.Content.Withdraw(v);
            if (reviews.TryGetValue(v.Id, out var review))
            {
                review.State = v.Latest ? ReviewState.Approved : ReviewState.Superseded;
                review.UpdatedUtc = now;
                review.UpdatedBy = ScheduleActor;
            }
            var due = v.UnpublishAtUtc!.Value;
            var how = ScheduledAction("到期下线", "补做", due, timeZoneOf(v.TenantId), caughtByReconciler);
            _store.Audit(new AuditRecord("content.unpublished", "ContentItem", v.ContentItemId, Ref(v), null,
                $"{how}：取消发布第 {v.Number} 版", TenantId: v.TenantId, Actor: ScheduleActor));
            _store.Db.Raise(new ContentExpired(v.TenantId, v.ContentItemId, v.Title, EditorialLinks.Writers(reviews.GetValueOrDefault(v.Id), v.Author)));
            done.Add(new DueDone(v.TenantId, v.Id, v.ContentItemId, due));
        }
        if (!await CommitBatchAsync(transaction, done.Count, ct))
        {
            return [];
        }
        return done;
    }

    /// <summary>A batch's end: nothing claimed, nothing kept (rolled back, the tracked changes dropped); else saved and committed.</summary>
    private async Task<bool> CommitBatchAsync(IDbContextTransaction transaction, int claimed, CancellationToken ct)
    {
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            _store.Db.ChangeTracker.Clear();
            return false;
        }
        await _store.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The audit text's head for a scheduled action: "定时发布（2026-11-27 08:00）", or when the reconciler caught it
    /// late "定时发布（补发，原定 …）".</summary>
    private static string ScheduledAction(string action, string lateWord, DateTime due, string? zoneId, bool caughtByReconciler)
    {
        var at = TenantClock.For(zoneId, TimeProvider.System).ToLocal(due).ToString("yyyy-MM-dd HH:mm:ss");
        return caughtByReconciler ? $"{action}（{lateWord}，原定 {at}）" : $"{action}（{at}）";
    }

    private void RequireMatrixScope()
    {
        if (!_store.Tenant.InMatrixScope)
        {
            throw new InvalidOperationException("跨部门的定时发布批次需要在矩阵范围内执行。");
        }
    }
}
