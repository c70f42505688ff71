using NewMediaCms.Content.Types;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Safety;
using static NewMediaCms.Editorial.EditorialStore;

namespace NewMediaCms.Editorial;

/// <summary>
/// Review: submit a draft, approve the next level, send back with a comment. Who may approve or reject is the
/// <see cref="ReviewChain"/>'s answer; each command is its guards, then the state change, then the event.
/// </summary>
public sealed class ReviewService
{
    private readonly EditorialStore _store;
    private readonly DraftService _drafts;
    private readonly ContentTypeRegistry _types;
    private readonly ReviewChainService _chains;
    private readonly IPublicationScheduler _scheduler;
    private readonly IContentSafetyGate _safety;
    private readonly Core.Identity.IPeopleDirectory? _people;

    internal ReviewService(EditorialStore store, DraftService drafts, ContentTypeRegistry types, ReviewChainService chains, IPublicationScheduler scheduler, IContentSafetyGate safety,
        Core.Identity.IPeopleDirectory? people = null)
    {
        _safety = safety;
        _people = people;
        _store = store;
        _drafts = drafts;
        _types = types;
        _chains = chains;
        _scheduler = scheduler;
    }

    public async Task<EditorialResult> SubmitAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (_store.CheckEditor(actor) is { } refused)
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
        if (latest.Published || review.State is not (ReviewState.Draft or ReviewState.Rejected))
        {
            return Invalid(review.State switch
            {
                ReviewState.InReview => "该版本已在审核中，无需重复提交。",
                ReviewState.Approved or ReviewState.Scheduled => "该版本已通过审核，可以直接发布。",
                _ => "该版本已经发布。如需修改，请先编辑，系统会生成新的草稿。",
            });
        }
        var type = await _types.FindAsync(item.ContentType, ct);
        if (type is null)
        {
            return Invalid($"内容类型“{item.ContentType}”已不存在，不能提交。");
        }
        var (_, check) = await _drafts.ValidateAsync(type, new DraftInput(type.Name, item.AccountId, latest.Title, latest.Markdown, ContentFields.Parse(latest.FieldsJson)), ct);
        if (!check.IsValid)
        {
            return EditorialResult.Fail(EditorialOutcome.ValidationFailed, "内容有误，请修改后再提交审核。", check);
        }
        var levels = await _chains.LevelsAsync(ct);
        var now = _store.Now;
        review.State = ReviewState.InReview;
        review.SubmittedBy = actor.UserName;
        review.SubmittedUtc = now;
        review.SubmittedHash = latest.ContentHash;
        review.UpdatedUtc = now;
        review.UpdatedBy = actor.UserName;
        AddContributor(review, actor);
        _store.Audit(new AuditRecord("review.submitted", "ContentVersion", VersionKey(latest), null, Ref(latest), $"提交审核，共 {levels.Count} 级", Actor: actor.UserName));
        var submitted = await _store.ChainOfAsync(latest, review, ct);
        if (submitted.NextLevel is { } first)
        {
            _store.Db.Raise(new ReviewRequested(item.TenantId, item.Id, latest.Title, first.Level, first.Name,
                await EditorialLinks.ReviewersAsync(_people, submitted, item.TenantId, ct), false, actor.UserName));
        }
        await _store.Db.SaveChangesAsync(ct);
        var safety = await _drafts.SafetyOfAsync(latest, ct);
        return EditorialResult.Success($"已提交审核，等待第 1 级“{levels[0].Name}”。" + SafetyNote(safety), item.Id, latest.Id, latest.Revision, check) with { Safety = safety };
    }

    /// <summary>Approves the next pending level. <paramref name="expectedHash"/> is the hash of what the reviewer read: if the content changed since, the approval is refused.</summary>
    public async Task<EditorialResult> ApproveAsync(EditorialActor actor, string itemId, string? expectedHash = null, string? comment = null, CancellationToken ct = default)
    {
        if (_store.CheckDepartment(actor, "审批") is { } refused)
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
        if (review.State != ReviewState.InReview)
        {
            return Invalid(review.State switch
            {
                ReviewState.Draft => "该版本尚未提交审核，不能审批。",
                ReviewState.Rejected => "该版本已被退回，需编辑修改后重新提交，不能审批。",
                ReviewState.Approved or ReviewState.Scheduled => "该版本已通过全部审核级别，无需再审批。",
                _ => "该版本已经发布，不能审批。",
            });
        }
        var chain = await _store.ChainOfAsync(latest, review, ct);
        if (chain.CheckApprover(actor, expectedHash) is { } notApprover)
        {
            return notApprover;
        }
        var level = chain.NextLevel!;
        var now = _store.Now;
        _store.Db.Add(new ReviewApproval
        {
            TenantId = item.TenantId,
            VersionId = latest.Id,
            ContentItemId = item.Id,
            Level = level.Level,
            LevelName = level.Name,
            UserName = actor.UserName,
            ApprovedUtc = now,
            ContentHash = latest.ContentHash,
            Comment = NullIfEmpty(comment),
        });
        var after = ReviewChain.For(chain.Levels, latest.ContentHash,
            [.. chain.All, new ApprovalInfo(latest.Id, level.Level, level.Name, actor.UserName, now, latest.ContentHash, false, null)]);
        var complete = after.IsFullyApprovedFor(latest.ContentHash);
        if (complete)
        {
            review.State = latest.PublishAtUtc is { } planned && planned > now ? ReviewState.Scheduled : ReviewState.Approved;
        }
        review.UpdatedUtc = now;
        review.UpdatedBy = actor.UserName;
        _store.Audit(new AuditRecord("review.approved", "ContentVersion", VersionKey(latest), $"level={chain.ApprovedLevels}", $"level={level.Level} hash={latest.ContentHash}",
            $"第 {level.Level} 级“{level.Name}”审核通过" + (string.IsNullOrWhiteSpace(comment) ? "" : "：" + comment), Actor: actor.UserName));
        await _store.RecordSeenAsync(actor, latest, "approved", ct);
        if (complete)
        {
            _store.Db.Raise(new ContentFullyApproved(item.TenantId, item.Id, latest.Title, actor.UserName, EditorialLinks.Writers(review, latest.Author),
                latest.PublishAtUtc is { } at && at > now ? _store.FormatLocal(at) : null));
        }
        else if (after.NextLevel is { } next)
        {
            var withContributors = ReviewChain.For(chain.Levels, latest.ContentHash, after.All, review.ContributorList);
            _store.Db.Raise(new ReviewRequested(item.TenantId, item.Id, latest.Title, next.Level, next.Name,
                await EditorialLinks.ReviewersAsync(_people, withContributors, item.TenantId, ct), true, actor.UserName));
        }
        await _store.Db.SaveChangesAsync(ct);
        if (complete && latest.PublishAtUtc is not null)
        {
            // A schedule that waited for this approval fires now (or at once, when its time has passed).
            await _scheduler.ScheduleChangedAsync(latest.TenantId, latest.Id, ct);
            return EditorialResult.Success($"第 {level.Level} 级“{level.Name}”审核通过，全部审核完成，将于 {_store.FormatLocal(latest.PublishAtUtc)} 定时发布。", item.Id, latest.Id, latest.Revision);
        }
        var safety = await _drafts.SafetyOfAsync(latest, ct);
        return EditorialResult.Success((complete
            ? $"第 {level.Level} 级“{level.Name}”审核通过，全部审核完成，可以发布。"
            : $"第 {level.Level} 级“{level.Name}”审核通过，等待第 {after.NextLevel!.Level} 级“{after.NextLevel.Name}”。") + SafetyNote(safety), item.Id, latest.Id, latest.Revision)
            with { Safety = safety };
    }

    /// <summary>
    /// A named reviewer (named at a level of the department's chain, not a writer of the version) lets the serious
    /// content-safety findings of exactly the content they read (<paramref name="expectedHash"/>) pass, with a reason.
    /// The override is bound to the content hash: an edit voids it. Audited by its event.
    /// </summary>
    public async Task<EditorialResult> OverrideSafetyAsync(EditorialActor actor, string itemId, string? expectedHash, string? reason, CancellationToken ct = default)
    {
        if (_store.CheckDepartment(actor, "放行") is { } refused)
        {
            return refused;
        }
        var item = await _store.LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        if (latest.Published)
        {
            return Invalid("该版本已经发布，无需放行。");
        }
        if (expectedHash is { Length: > 0 } && expectedHash != latest.ContentHash)
        {
            return EditorialResult.Fail(EditorialOutcome.Conflict, "您审阅期间内容已被修改，请重新阅读最新内容后再决定是否放行。");
        }
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length < 4)
        {
            return Invalid("放行严重问题须填写理由（至少 4 个字），说明为什么这些内容可以发布。");
        }
        var review = await _store.ReviewOfAsync(latest, ct);
        var chain = await _store.ChainOfAsync(latest, review, ct);
        if (chain.CheckRejecter(actor, out _) is { } notReviewer)
        {
            return EditorialResult.Fail(notReviewer.Outcome, notReviewer.Outcome == EditorialOutcome.Forbidden && !chain.IsContributor(actor)
                ? "只有本部门审核流程中署名的审核人可以放行严重问题。"
                : "不能放行自己撰写或提交的内容。");
        }
        var verdict = await _safety.CheckAsync(DraftService.SafetyInput(latest), ct);
        if (!verdict.Report.Blocks)
        {
            return Invalid("内容安全检查没有严重问题，无需放行。");
        }
        if (verdict.Override is not null)
        {
            return Invalid($"该内容的严重问题已由 {verdict.Override.UserName} 放行。");
        }
        verdict = await _safety.OverrideAsync(DraftService.SafetyInput(latest), actor.UserName, reason, ct);
        await _store.Db.SaveChangesAsync(ct);
        return EditorialResult.Success($"已放行 {verdict.SeriousCount} 处严重问题（理由：{reason.Trim()}）。内容再修改后须重新放行。", item.Id, latest.Id, latest.Revision) with { Safety = verdict };
    }

    private static string SafetyNote(ContentSafetyVerdict safety)
        => safety.Blocks ? $"内容安全检查发现 {safety.SeriousCount} 处严重问题，发布前须修改或由审核人放行。" : "";

    public async Task<EditorialResult> RejectAsync(EditorialActor actor, string itemId, string? comment, CancellationToken ct = default)
    {
        if (_store.CheckDepartment(actor, "退回") is { } refused)
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
        if (review.State is not (ReviewState.InReview or ReviewState.Approved or ReviewState.Scheduled))
        {
            return Invalid(review.State switch
            {
                ReviewState.Draft => "该版本尚未提交审核，不能退回。",
                ReviewState.Rejected => "该版本已被退回。",
                _ => "该版本已经发布，不能退回；如需撤下请使用“取消发布”。",
            });
        }
        if (string.IsNullOrWhiteSpace(comment))
        {
            return Invalid("退回时请填写退回意见，说明需要修改的地方。");
        }
        var chain = await _store.ChainOfAsync(latest, review, ct);
        if (chain.CheckRejecter(actor, out var level) is { } notReviewer)
        {
            return notReviewer;
        }
        var voided = await _store.VoidApprovalsAsync(latest.Id, ct);
        var now = _store.Now;
        review.State = ReviewState.Rejected;
        review.UpdatedUtc = now;
        review.UpdatedBy = actor.UserName;
        _store.Db.Add(new ReviewComment
        {
            TenantId = item.TenantId,
            VersionId = latest.Id,
            ContentItemId = item.Id,
            UserName = actor.UserName,
            Level = level!.Level,
            Kind = "reject",
            Text = comment.Trim(),
            CreatedUtc = now,
        });
        _store.Audit(new AuditRecord("review.rejected", "ContentVersion", VersionKey(latest), null, Ref(latest), $"退回（作废 {voided} 条审核通过记录）：{comment.Trim()}", Actor: actor.UserName));
        await _store.RecordSeenAsync(actor, latest, "rejected", ct);
        _store.Db.Raise(new ContentRejected(item.TenantId, item.Id, latest.Title, actor.UserName, comment.Trim(), EditorialLinks.Writers(review, latest.Author)));
        await _store.Db.SaveChangesAsync(ct);
        return EditorialResult.Success("已退回给编辑修改。", item.Id, latest.Id, latest.Revision);
    }
}
