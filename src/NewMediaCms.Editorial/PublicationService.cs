using Microsoft.EntityFrameworkCore;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Safety;
using static NewMediaCms.Editorial.EditorialStore;

namespace NewMediaCms.Editorial;

/// <summary>
/// Publication: publish now or at a time, change the schedule, unpublish, and what the schedule does when an instant
/// comes (one version, or a batch of many departments' versions). Every publication, by an editor or by the schedule,
/// is one claim (<see cref="ContentStore.ClaimForPublicationAsync"/>) and one state change (<see cref="ApplyPublication"/>).
/// </summary>
public sealed partial class PublicationService
{
    /// <summary>The actor name the schedule writes into the audit trail.</summary>
    public const string ScheduleActor = "system:schedule";

    private readonly EditorialStore _store;
    private readonly ReviewChainService _chains;
    private readonly MarkdownRenderer _markdown;
    private readonly IPublicationScheduler _scheduler;
    private readonly IContentSafetyGate _safety;
    private readonly Accounts.AccountDirectory? _accounts;

    internal PublicationService(EditorialStore store, ReviewChainService chains, MarkdownRenderer markdown, IPublicationScheduler scheduler, IContentSafetyGate safety,
        Accounts.AccountDirectory? accounts = null)
    {
        _safety = safety;
        _accounts = accounts;
        _store = store;
        _chains = chains;
        _markdown = markdown;
        _scheduler = scheduler;
    }

    /// <summary>
    /// Publishes the latest version now, or stores a "publish at" time that the scheduling capability fires exactly.
    /// Only a version whose every review level approved exactly its current content can go public.
    /// </summary>
    public async Task<EditorialResult> PublishAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc = null, CancellationToken ct = default)
    {
        if (_store.CheckPublisher(actor) is { } refused)
        {
            return refused;
        }
        var item = await _store.LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await _store.ReviewOfAsync(latest, ct);
        if (latest.Published)
        {
            return Invalid("该版本已经发布。");
        }
        if (await CheckApprovedAsync(latest, review, ct) is { } notApproved)
        {
            return notApproved;
        }
        if (_accounts is not null && item.AccountId is { } accountId && await _accounts.FindAsync(accountId, ct) is { AcceptsContent: false } closed)
        {
            return Invalid($"账号“{closed.Label}”{Accounts.PlatformNames.Chinese(closed.State)}，不能再发布新内容。请先把内容改到其他账号。");
        }
        if (await CheckSafetyAsync(latest, ct) is { } unsafeContent)
        {
            return unsafeContent;
        }
        var now = _store.Now;
        // Republishing an expired item: its old expiry has passed and would take it down again at once; it is cleared
        // (the editor is told, and may set a new one).
        string? clearedExpiry = null;
        if (latest.UnpublishAtUtc is { } expired && expired <= now)
        {
            clearedExpiry = $"原到期下线时间（{_store.FormatLocal(expired)}）已过，已清除，不会再次自动下线；如需到期下线，请重新设定。";
            latest.UnpublishAtUtc = null;
        }
        // No time given but the version carries a planned one (typed in the editor or on the schedule form): honoured,
        // never published early. To publish at once, the planned time is cancelled first (取消定时).
        var planned = publishAtUtc is null && latest.PublishAtUtc is { } plannedAt && plannedAt > now;
        publishAtUtc ??= planned ? latest.PublishAtUtc : null;
        if (publishAtUtc is { } at && at > now)
        {
            var when = DateTime.SpecifyKind(at, DateTimeKind.Utc);
            if (CheckTimes(when, latest.UnpublishAtUtc) is { } badTimes)
            {
                return badTimes;
            }
            var beforeAt = latest.PublishAtUtc;
            latest.PublishAtUtc = when;
            review.State = ReviewState.Scheduled;
            review.UpdatedUtc = now;
            review.UpdatedBy = actor.UserName;
            _store.Audit(new AuditRecord("content.scheduled", "ContentItem", item.Id, beforeAt?.ToString("O"), $"{Ref(latest)} at={latest.PublishAtUtc:O}", $"设定定时发布：{_store.FormatLocal(when)}", Actor: actor.UserName));
            await _store.Db.SaveChangesAsync(ct);
            await NotifyScheduleAsync(latest, ct);
            return EditorialResult.Success($"已设定于 {_store.FormatLocal(when)} 定时发布" + (planned ? "（按已填写的计划发布时间；如需立即发布，请先取消定时）。" : "。") + clearedExpiry,
                item.Id, latest.Id, latest.Revision);
        }
        var published = await PublishCoreAsync(item, latest, review, actor.UserName, null, ct);
        return clearedExpiry is not null && published.Ok ? published with { Message = published.Message + clearedExpiry } : published;
    }

    /// <summary>
    /// What the schedule calls for one version when a publish-at time comes (the batch's fallback): re-reads the version
    /// and publishes it only if it is still the latest, unpublished, approved by every level for its current content
    /// and due. Anything else answers "nothing to do"; calling it twice publishes once.
    /// </summary>
    public async Task<EditorialResult> PublishDueAsync(long versionId, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        var latest = await _store.Content.FindVersionAsync(versionId, ct);
        if (latest is null)
        {
            return NotFound();
        }
        var item = await _store.LoadAsync(latest.ContentItemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!latest.Latest || latest.Published)
        {
            return Invalid(latest.Published ? "该版本已经发布。" : "该版本已不是最新版本，定时发布不再执行。");
        }
        if (!ContentSchedule.IsPublicationDue(latest, _store.Now))
        {
            return Invalid("该版本没有到期的发布时间。");
        }
        var due = latest.PublishAtUtc!.Value;
        var review = await _store.ReviewOfAsync(latest, ct);
        if (await CheckApprovedAsync(latest, review, ct) is { } notApproved)
        {
            return notApproved;
        }
        if (await CheckSafetyAsync(latest, ct) is { } unsafeContent)
        {
            return unsafeContent;
        }
        var how = caughtByReconciler ? $"定时发布（补发，原定 {_store.FormatLocal(due)}）" : $"定时发布（{_store.FormatLocal(due)}）";
        return await PublishCoreAsync(item, latest, review, ScheduleActor, how, ct);
    }

    /// <summary>Expiry: unpublishes the version when its unpublish-at time has come and it is still public. Idempotent.</summary>
    public async Task<EditorialResult> ExpireDueAsync(long versionId, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        var version = await _store.Content.FindVersionAsync(versionId, ct);
        if (version is null)
        {
            return NotFound();
        }
        if (!ContentSchedule.IsExpiryDue(version, _store.Now))
        {
            return Invalid("该版本没有到期的下线时间，或已不在发布中。");
        }
        var due = version.UnpublishAtUtc!.Value;
        var item = await _store.LoadAsync(version.ContentItemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var how = caughtByReconciler ? $"到期下线（补做，原定 {_store.FormatLocal(due)}）" : $"到期下线（{_store.FormatLocal(due)}）";
        return await UnpublishCoreAsync(item, version, ScheduleActor, how, ct);
    }

    /// <summary>Changes or cancels (nulls) the publish-at and unpublish-at times of the latest version; approvals stay valid.</summary>
    public async Task<EditorialResult> SetScheduleAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc, DateTime? unpublishAtUtc, CancellationToken ct = default)
    {
        if (_store.CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await _store.LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        publishAtUtc = publishAtUtc is { } p ? DateTime.SpecifyKind(p, DateTimeKind.Utc) : null;
        unpublishAtUtc = unpublishAtUtc is { } u ? DateTime.SpecifyKind(u, DateTimeKind.Utc) : null;
        if (latest.Published && publishAtUtc is not null)
        {
            return Invalid("该版本已经发布，不能再设定发布时间；可以设定下线时间。");
        }
        if (CheckTimes(publishAtUtc, unpublishAtUtc) is { } badTimes)
        {
            return badTimes;
        }
        var review = await _store.ReviewOfAsync(latest, ct);
        var before = $"publishAt={latest.PublishAtUtc:O} unpublishAt={latest.UnpublishAtUtc:O}";
        latest.PublishAtUtc = publishAtUtc;
        latest.UnpublishAtUtc = unpublishAtUtc;
        if (review.State is ReviewState.Approved or ReviewState.Scheduled)
        {
            review.State = publishAtUtc is { } at && at > _store.Now ? ReviewState.Scheduled : ReviewState.Approved;
        }
        review.UpdatedUtc = _store.Now;
        review.UpdatedBy = actor.UserName;
        var cancelled = publishAtUtc is null && unpublishAtUtc is null;
        _store.Audit(new AuditRecord("content.schedule-changed", "ContentItem", item.Id, before, $"{Ref(latest)} publishAt={publishAtUtc:O} unpublishAt={unpublishAtUtc:O}",
            cancelled ? "取消定时发布/下线" : $"修改定时：发布 {_store.FormatLocal(publishAtUtc)}，下线 {_store.FormatLocal(unpublishAtUtc)}", Actor: actor.UserName));
        if (!await _store.TrySaveAsync(ct))
        {
            return Conflict(latest, review);
        }
        await NotifyScheduleAsync(latest, ct);
        if (ContentSchedule.IsPublicationDue(latest, _store.Now) && review.State == ReviewState.Approved)
        {
            // A time in the past publishes at once (only when approved; otherwise the schedule waits for approval).
            var now = await PublishCoreAsync(item, latest, review, actor.UserName, null, ct);
            if (!now.Ok && await _store.Content.IsPublishedAsync(latest.Id, ct))
            {
                // The schedule's own job (running for that second) published it between the save and this call.
                return EditorialResult.Success("发布时间已到，已由定时任务发布。", item.Id, latest.Id, latest.Revision);
            }
            return now;
        }
        var pending = review.State is ReviewState.Approved or ReviewState.Scheduled || latest.Published ? "" : "（该版本尚未通过全部审核，审核通过前到时不会发布）";
        return EditorialResult.Success((cancelled ? "已取消定时。" : "定时已保存。") + pending, item.Id, latest.Id, latest.Revision);
    }

    public async Task<EditorialResult> UnpublishAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (_store.CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await _store.LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var published = item.Versions.FirstOrDefault(v => v.Published);
        if (published is null)
        {
            return Invalid("该内容当前没有已发布的版本，无需取消发布。");
        }
        return await UnpublishCoreAsync(item, published, actor.UserName, null, ct);
    }

    /// <summary>
    /// The one publish path of a single version (editor, API, the schedule's fallback). The version is claimed by a
    /// conditional update inside the transaction, so two concurrent callers publish it once.
    /// </summary>
    private async Task<EditorialResult> PublishCoreAsync(ContentItem item, ContentVersion latest, VersionReview review, string actorName, string? scheduleNote, CancellationToken ct)
    {
        var now = _store.Now;
        var chain = await _store.ChainOfAsync(latest, review, ct);
        // Rendered before the claim: a body that cannot be rendered (saved before the limits, or over the budget) is refused, never a 500.
        var rendering = _markdown.TryRenderForPublication(latest.Markdown, ct);
        if (rendering.Result is not { } rendered)
        {
            return Invalid($"正文无法排版，不能发布：{rendering.Error}请修改后重新提交审核。");
        }
        await using var transaction = await _store.Db.Database.BeginTransactionAsync(ct);
        if (await _store.Content.ClaimForPublicationAsync(latest.Id, latest.ContentHash, _store.ApprovedVersionIds(), ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            _store.Db.ChangeTracker.Clear();
            return Invalid("该版本已经发布，或在发布前被修改、退回。");
        }
        var withdrawn = item.Versions.Where(v => v.Published && v.Id != latest.Id).ToList();
        var withdrawnIds = withdrawn.Select(v => v.Id).ToList();
        var withdrawnReviews = await _store.Db.Set<VersionReview>().Where(r => withdrawnIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        var previous = withdrawn.FirstOrDefault();
        ApplyPublication(item.TenantId, item.Id, item.ContentType, latest, review, withdrawn, withdrawnReviews, rendered, now, actorName);
        _store.Audit(new AuditRecord("content.published", "ContentItem", item.Id, previous is null ? null : Ref(previous), Ref(latest),
            (scheduleNote is null ? "" : scheduleNote + "：") +
            $"发布第 {latest.Number} 版“{latest.Title}”（{chain.Levels.Count} 级审核：{string.Join("、", chain.Valid.Select(a => a.UserName))}）", Actor: actorName));
        _store.Db.Raise(new ContentWentPublic(item.TenantId, item.Id, latest.Title, actorName, EditorialLinks.Writers(review, latest.Author)));
        await _store.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (latest.UnpublishAtUtc is not null)
        {
            await NotifyScheduleAsync(latest, ct);
        }
        return EditorialResult.Success($"第 {latest.Number} 版已发布。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>
    /// What a claimed publication changes, for the editor's path and the schedule's batch alike: Content's publication
    /// step (the versions public before withdrawn, the version's time, HTML and excerpt, ContentPublished), the reviews
    /// of the withdrawn versions superseded, and the version's review Published.
    /// </summary>
    private void ApplyPublication(string tenantId, string itemId, string contentType, ContentVersion version, VersionReview review,
        IReadOnlyCollection<ContentVersion> withdrawn, IReadOnlyDictionary<long, VersionReview> withdrawnReviews, RenderedMarkdown rendered, DateTime now, string actor)
    {
        foreach (var p in withdrawn)
        {
            if (withdrawnReviews.TryGetValue(p.Id, out var previousReview))
            {
                previousReview.State = ReviewState.Superseded;
            }
        }
        _store.Content.Publish(tenantId, itemId, contentType, version, withdrawn, now, rendered);
        review.State = ReviewState.Published;
        review.UpdatedUtc = now;
        review.UpdatedBy = actor;
    }

    private async Task<EditorialResult> UnpublishCoreAsync(ContentItem item, ContentVersion published, string actorName, string? scheduleNote, CancellationToken ct)
    {
        await using var transaction = await _store.Db.Database.BeginTransactionAsync(ct);
        if (await _store.Content.ClaimForWithdrawalAsync(published.Id, acrossTenants: false, ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            _store.Db.ChangeTracker.Clear();
            return Invalid("该内容当前没有已发布的版本，无需取消发布。");
        }
        _store.Content.Withdraw(published);
        var review = await _store.Db.Set<VersionReview>().FirstOrDefaultAsync(r => r.VersionId == published.Id, ct);
        if (review is not null)
        {
            // Its approvals still match its content: it may be published again without a new review.
            review.State = published.Latest ? ReviewState.Approved : ReviewState.Superseded;
            review.UpdatedUtc = _store.Now;
            review.UpdatedBy = actorName;
        }
        _store.Audit(new AuditRecord("content.unpublished", "ContentItem", item.Id, Ref(published), null,
            (scheduleNote is null ? "" : scheduleNote + "：") + $"取消发布第 {published.Number} 版", Actor: actorName));
        if (actorName == ScheduleActor)
        {
            _store.Db.Raise(new ContentExpired(item.TenantId, item.Id, published.Title, EditorialLinks.Writers(review, published.Author)));
        }
        await _store.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditorialResult.Success("已取消发布，读者不再能看到该内容。", item.Id, published.Id, published.Revision);
    }

    private async Task<EditorialResult?> CheckApprovedAsync(ContentVersion latest, VersionReview review, CancellationToken ct)
    {
        var chain = await _store.ChainOfAsync(latest, review, ct);
        if (review.State is not (ReviewState.Approved or ReviewState.Scheduled))
        {
            return Invalid(review.State switch
            {
                ReviewState.Draft => "该版本尚未提交审核，不能发布。",
                ReviewState.InReview => $"该版本尚未通过全部审核（已通过 {chain.ApprovedLevels}/{chain.Levels.Count} 级），不能发布。",
                ReviewState.Rejected => "该版本已被退回，不能发布。",
                _ => "该版本不能发布。",
            });
        }
        // Re-check at the last moment: every level approved, each by the hash of the content as it is now.
        if (!chain.IsFullyApprovedFor(latest.ContentHash))
        {
            return Invalid($"审核记录不完整或与当前内容不符（有效审核 {chain.ApprovedLevels}/{chain.Levels.Count} 级），不能发布，请重新提交审核。");
        }
        return null;
    }

    private Task NotifyScheduleAsync(ContentVersion version, CancellationToken ct) => _scheduler.ScheduleChangedAsync(version.TenantId, version.Id, ct);

    /// <summary>The content-safety gate: a serious finding without a named reviewer's override of this content hash refuses publication.</summary>
    private async Task<EditorialResult?> CheckSafetyAsync(ContentVersion latest, CancellationToken ct)
    {
        var verdict = await _safety.CheckAsync(DraftService.SafetyInput(latest), ct);
        if (!verdict.Blocks)
        {
            return null;
        }
        var first = verdict.Report.Findings.First(f => f.Tier == SafetyTier.Serious);
        return Invalid($"内容安全检查发现 {verdict.SeriousCount} 处严重问题（如“{first.Matched}”：{first.Message}），不能发布：请修改，或由审核人填写理由放行。") with { Safety = verdict };
    }
}
