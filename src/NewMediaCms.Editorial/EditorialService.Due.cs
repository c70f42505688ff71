using NewMediaCms.Core.Events;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Editorial;

/// <summary>A version a batch published or expired: its department, item and the instant it was due.</summary>
public sealed record DueDone(string TenantId, long VersionId, string ContentItemId, DateTime DueUtc);

/// <summary>
/// Scheduled publication and expiry of many versions of any departments at once (the slot job and the reconciler).
/// The rules are those of <see cref="PublishDueAsync"/> / <see cref="ExpireDueAsync"/> — still latest, unpublished,
/// approved by every level for its current content hash, due — checked per version; every version is still claimed
/// by its own conditional update inside the one transaction, so a duplicated or concurrent batch publishes nothing
/// twice. What a batch saves is cheap per item: one conditional update, the version and review rows, one audit entry
/// (all entries of the batch linked to the chain under one head lock), one search-outbox row, and the cache tags of
/// the departments, evicted once after the commit.
/// </summary>
public sealed partial class EditorialService
{
    /// <summary>
    /// Publishes those of <paramref name="versionIds"/> that are due and still pass the re-check, in one transaction.
    /// The caller holds a matrix scope (the versions belong to several departments); <paramref name="timeZoneOf"/>
    /// gives a department's time zone for the audit text. Returns the versions it published.
    /// </summary>
    public async Task<List<DueDone>> PublishDueBatchAsync(IReadOnlyCollection<long> versionIds, Func<string, string?> timeZoneOf, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        RequireMatrixScope();
        var now = Now;
        var ids = versionIds.Distinct().ToList();
        var candidates = await db.Set<ContentVersion>().AcrossTenants()
            .Where(v => ids.Contains(v.Id) && v.Latest && !v.Published && v.PublishAtUtc != null && v.PublishAtUtc <= now)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }
        var itemIds = candidates.Select(v => v.ContentItemId).Distinct().ToList();
        // Deleted items stay hidden (the soft-delete filter still applies across departments).
        var items = await db.Set<ContentItem>().AcrossTenants().AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.TenantId, i.ContentType }).ToDictionaryAsync(i => i.Id, ct);
        var previous = (await db.Set<ContentVersion>().AcrossTenants().Where(v => itemIds.Contains(v.ContentItemId) && v.Published).ToListAsync(ct))
            .ToLookup(v => v.ContentItemId);
        var reviewIds = ids.Concat(previous.SelectMany(p => p).Select(v => v.Id)).ToList();
        var reviews = await db.Set<VersionReview>().AcrossTenants().Where(r => reviewIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        var approvals = (await db.Set<ReviewApproval>().AcrossTenants().AsNoTracking().Where(a => ids.Contains(a.VersionId) && !a.Voided).ToListAsync(ct))
            .ToLookup(a => a.VersionId);
        var tenants = candidates.Select(v => v.TenantId).Distinct().ToList();
        var chains = (await db.Set<ReviewChain>().AcrossTenants().AsNoTracking().Where(c => tenants.Contains(c.TenantId)).ToListAsync(ct))
            .ToDictionary(c => c.TenantId, c => ReviewChainService.Parse(c.LevelsJson));

        var eligible = new List<(ContentVersion Version, VersionReview Review, List<ReviewApproval> Approvals, int Levels, RenderedMarkdown Rendered)>();
        foreach (var v in candidates.OrderBy(v => v.Id))
        {
            if (!items.ContainsKey(v.ContentItemId) || !reviews.TryGetValue(v.Id, out var review) || review.State is not (ReviewState.Approved or ReviewState.Scheduled))
            {
                continue;
            }
            var levels = chains.TryGetValue(v.TenantId, out var chain) ? chain : ReviewChainService.Default;
            var valid = approvals[v.Id].Where(a => a.ContentHash == v.ContentHash).OrderBy(a => a.Level).ToList();
            if (valid.Count < levels.Count || Enumerable.Range(1, levels.Count).Any(l => valid.All(a => a.Level != l)))
            {
                continue;
            }
            eligible.Add((v, review, valid, levels.Count, markdown.Render(v.Markdown)));
        }
        if (eligible.Count == 0)
        {
            return [];
        }

        var done = new List<DueDone>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var (v, review, valid, levelCount, rendered) in eligible)
        {
            // The claim, per version and in id order (two batches never wait on each other in a cycle).
            if (await ClaimForPublicationAsync(v.Id, v.ContentHash, ct) == 0)
            {
                continue;
            }
            var item = items[v.ContentItemId];
            var withdrawn = previous[v.ContentItemId].Where(p => p.Id != v.Id).ToList();
            var before = withdrawn.FirstOrDefault();
            var due = v.PublishAtUtc!.Value;
            ApplyPublication(item.TenantId, item.Id, item.ContentType, v, review, withdrawn, reviews, rendered, now, ScheduleActor);
            var zone = timeZoneOf(v.TenantId);
            var how = ScheduledAction("定时发布", "补发", due, zone, caughtByReconciler);
            await audit.AppendAsync(new AuditRecord("content.published", "ContentItem", item.Id, before is null ? null : Ref(before), Ref(v),
                $"{how}：发布第 {v.Number} 版“{v.Title}”（{levelCount} 级审核：{string.Join("、", valid.Select(a => a.UserName))}）",
                TenantId: v.TenantId, Actor: ScheduleActor), ct);
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
        var now = Now;
        var ids = versionIds.Distinct().ToList();
        var candidates = await db.Set<ContentVersion>().AcrossTenants()
            .Where(v => ids.Contains(v.Id) && v.Published && v.UnpublishAtUtc != null && v.UnpublishAtUtc <= now)
            .ToListAsync(ct);
        if (candidates.Count == 0)
        {
            return [];
        }
        var itemIds = candidates.Select(v => v.ContentItemId).Distinct().ToList();
        var items = await db.Set<ContentItem>().AcrossTenants().AsNoTracking().Where(i => itemIds.Contains(i.Id))
            .Select(i => new { i.Id, i.TenantId }).ToDictionaryAsync(i => i.Id, ct);
        var candidateIds = candidates.Select(v => v.Id).ToList();
        var reviews = await db.Set<VersionReview>().AcrossTenants().Where(r => candidateIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);

        var done = new List<DueDone>();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        foreach (var v in candidates.Where(v => items.ContainsKey(v.ContentItemId)).OrderBy(v => v.Id))
        {
            var id = v.Id;
            var claimed = await db.Set<ContentVersion>().AcrossTenants().Where(x => x.Id == id && x.Published)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.Published, false), ct);
            if (claimed == 0)
            {
                continue;
            }
            v.Published = false;
            if (reviews.TryGetValue(v.Id, out var review))
            {
                review.State = v.Latest ? ReviewState.Approved : ReviewState.Superseded;
                review.UpdatedUtc = now;
                review.UpdatedBy = ScheduleActor;
            }
            var due = v.UnpublishAtUtc!.Value;
            db.Raise(new ContentUnpublished(v.TenantId, v.ContentItemId));
            var zone = timeZoneOf(v.TenantId);
            var how = ScheduledAction("到期下线", "补做", due, zone, caughtByReconciler);
            await audit.AppendAsync(new AuditRecord("content.unpublished", "ContentItem", v.ContentItemId, Ref(v), null,
                $"{how}：取消发布第 {v.Number} 版", TenantId: v.TenantId, Actor: ScheduleActor), ct);
            done.Add(new DueDone(v.TenantId, v.Id, v.ContentItemId, due));
        }
        if (!await CommitBatchAsync(transaction, done.Count, ct))
        {
            return [];
        }
        return done;
    }

    /// <summary>A batch's end: nothing claimed, nothing kept (rolled back, the tracked changes dropped); else saved and committed.</summary>
    private async Task<bool> CommitBatchAsync(Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction transaction, int claimed, CancellationToken ct)
    {
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return false;
        }
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return true;
    }

    /// <summary>The audit text's head for a scheduled action: "定时发布（2026-11-27 08:00）", or when the reconciler caught it
    /// late "定时发布（补发，原定 …）".</summary>
    private static string ScheduledAction(string action, string lateWord, DateTime due, string? zoneId, bool caughtByReconciler)
        => caughtByReconciler ? $"{action}（{lateWord}，原定 {FormatIn(due, zoneId)}）" : $"{action}（{FormatIn(due, zoneId)}）";

    private void RequireMatrixScope()
    {
        if (!tenant.InMatrixScope)
        {
            throw new InvalidOperationException("跨部门的定时发布批次需要在矩阵范围内执行。");
        }
    }

    private static string FormatIn(DateTime utc, string? zoneId)
    {
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(zoneId ?? "Asia/Shanghai", out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss");
    }
}
