using NewMediaCms.Core.Events;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

/// <summary>
/// The single path by which content changes: drafts, review, publication, deletion and restore. The admin pages
/// and the admin API both call it, so the rules (department, role, review chain, content hash, concurrency)
/// hold on every route. Every refused action answers one Chinese sentence and changes nothing; every
/// accepted one writes an audit entry in the same transaction.
/// </summary>
public sealed partial class EditorialService(
    NmcDbContext db,
    ITenantContext tenant,
    ContentTypeRegistry types,
    ReviewChainService chains,
    MarkdownRenderer markdown,
    IAuditTrail audit,
    IPublicationScheduler scheduler,
    TimeProvider clock)
{
    /// <summary>The actor name the schedule writes into the audit trail.</summary>
    public const string ScheduleActor = "system:schedule";

    // Kept in step with ContentModel.SoftDeleteFilter (internal to the Content capability).
    private const string SoftDeleteFilter = "SoftDelete";

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<EditorialResult> CreateDraftAsync(EditorialActor actor, DraftInput input, CancellationToken ct = default)
    {
        if (CheckEditor(actor) is { } refused)
        {
            return refused;
        }
        var type = input.ContentType is null ? null : await types.FindAsync(input.ContentType, ct);
        if (type is null)
        {
            var validation = new ContentValidation();
            validation.Errors["contentType"] = "请选择内容类型。";
            return EditorialResult.Fail(EditorialOutcome.ValidationFailed, "请选择内容类型。", validation);
        }
        var (fields, check) = await ValidateAsync(type, input, ct);
        if (!check.IsValid)
        {
            return EditorialResult.Fail(EditorialOutcome.ValidationFailed, "内容有误，请按提示修改后再保存。", check);
        }
        if (CheckTimes(input.PublishAtUtc, input.UnpublishAtUtc) is { } badTimes)
        {
            return badTimes;
        }
        var now = Now;
        var item = new ContentItem
        {
            Id = $"{tenant.TenantId}-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            TenantId = tenant.TenantId!,
            ContentType = type.Name,
            AccountId = NullIfEmpty(input.AccountId),
            Owner = actor.UserName,
            CreatedUtc = now,
        };
        var version = NewVersion(item, 1, input.Title!.Trim(), input.Markdown ?? "", fields, actor);
        version.PublishAtUtc = input.PublishAtUtc;
        version.UnpublishAtUtc = input.UnpublishAtUtc;
        item.Versions.Add(version);
        db.Add(item);
        // Two saves (the review row needs the version's generated id): one transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Add(NewReview(version, actor));
        await audit.AppendAsync(new AuditRecord("content.created", "ContentItem", item.Id, null, Ref(version), $"新建{type.DisplayName}草稿“{version.Title}”", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await NotifyScheduleAsync(version, ct);
        return EditorialResult.Success("草稿已保存。", item.Id, version.Id, version.Revision, check);
    }

    /// <summary>
    /// Saves the draft. <paramref name="baseVersionId"/> and <paramref name="baseRevision"/> are what the editor
    /// opened: if someone saved since, the save is refused (no silent overwrite). Editing a published item creates
    /// a new draft version beside it; editing a version in review voids its approvals.
    /// </summary>
    public async Task<EditorialResult> SaveDraftAsync(EditorialActor actor, string itemId, DraftInput input, long baseVersionId, int baseRevision, CancellationToken ct = default)
    {
        if (CheckEditor(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await ReviewOfAsync(latest, ct);
        if (latest.Id != baseVersionId || latest.Revision != baseRevision)
        {
            return Conflict(latest, review);
        }
        var type = await types.FindAsync(item.ContentType, ct);
        if (type is null)
        {
            return EditorialResult.Fail(EditorialOutcome.Invalid, $"内容类型“{item.ContentType}”已不存在，不能保存。");
        }
        var (fields, check) = await ValidateAsync(type, input, ct);
        if (!check.IsValid)
        {
            return EditorialResult.Fail(EditorialOutcome.ValidationFailed, "内容有误，请按提示修改后再保存。", check);
        }
        if (CheckTimes(input.PublishAtUtc, input.UnpublishAtUtc) is { } badTimes)
        {
            return badTimes;
        }
        var title = input.Title!.Trim();
        var source = input.Markdown ?? "";
        var hash = ContentHash.Compute(title, source, fields);
        var accountId = NullIfEmpty(input.AccountId);

        if (latest.Published || review.State is ReviewState.Published)
        {
            if (hash == latest.ContentHash && accountId == item.AccountId)
            {
                return EditorialResult.Success("内容没有修改。", item.Id, latest.Id, latest.Revision, check);
            }
            // The published version stays public; the edit becomes a new draft beside it.
            latest.Latest = false;
            var draft = NewVersion(item, item.Versions.Max(v => v.Number) + 1, title, source, fields, actor);
            draft.PublishAtUtc = input.PublishAtUtc;
            draft.UnpublishAtUtc = input.UnpublishAtUtc;
            item.Versions.Add(draft);
            item.AccountId = accountId;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (!await TrySaveAsync(ct))
            {
                return Conflict(latest, review);
            }
            db.Add(NewReview(draft, actor));
            await audit.AppendAsync(new AuditRecord("content.draft-created", "ContentItem", item.Id, Ref(latest), Ref(draft), $"在已发布版本旁新建第 {draft.Number} 版草稿", Actor: actor.UserName), ct);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await NotifyScheduleAsync(draft, ct);
            return EditorialResult.Success($"已新建第 {draft.Number} 版草稿，已发布的第 {latest.Number} 版在新版本发布前保持不变。", item.Id, draft.Id, draft.Revision, check);
        }

        if (hash == latest.ContentHash && accountId == item.AccountId && input.PublishAtUtc == latest.PublishAtUtc && input.UnpublishAtUtc == latest.UnpublishAtUtc)
        {
            return EditorialResult.Success("内容没有修改。", item.Id, latest.Id, latest.Revision, check);
        }
        var before = Ref(latest);
        var contentChanged = hash != latest.ContentHash;
        latest.Title = title;
        latest.Markdown = source;
        latest.FieldsJson = fields;
        latest.ContentHash = hash;
        latest.PublishAtUtc = input.PublishAtUtc;
        latest.UnpublishAtUtc = input.UnpublishAtUtc;
        latest.Revision++;
        item.AccountId = accountId;
        AddContributor(review, actor);
        review.UpdatedUtc = Now;
        review.UpdatedBy = actor.UserName;
        var voided = 0;
        var message = "草稿已保存。";
        if (contentChanged && review.State is ReviewState.InReview or ReviewState.Approved or ReviewState.Scheduled or ReviewState.Rejected)
        {
            voided = await VoidApprovalsAsync(latest.Id, ct);
            message = review.State == ReviewState.Rejected
                ? "草稿已保存，修改后请重新提交审核。"
                : $"草稿已保存。内容已修改，原有 {voided} 条审核意见作废，需要重新提交审核。";
            if (review.State == ReviewState.Scheduled || latest.PublishAtUtc is not null)
            {
                message += $"定时发布（{FormatLocal(latest.PublishAtUtc)}）已暂停：重新通过全部审核前，到时不会发布。";
            }
            review.State = ReviewState.Draft;
            review.SubmittedHash = null;
        }
        await audit.AppendAsync(new AuditRecord("content.draft-saved", "ContentItem", item.Id, before, Ref(latest),
            voided > 0 ? $"保存草稿，作废 {voided} 条审核通过记录" : "保存草稿", Actor: actor.UserName), ct);
        if (!await TrySaveAsync(ct))
        {
            return Conflict(latest, review);
        }
        await NotifyScheduleAsync(latest, ct);
        return EditorialResult.Success(message, item.Id, latest.Id, latest.Revision, check);
    }

    public async Task<EditorialResult> SubmitAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (CheckEditor(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await ReviewOfAsync(latest, ct);
        if (latest.Published || review.State is not (ReviewState.Draft or ReviewState.Rejected))
        {
            return Invalid(review.State switch
            {
                ReviewState.InReview => "该版本已在审核中，无需重复提交。",
                ReviewState.Approved or ReviewState.Scheduled => "该版本已通过审核，可以直接发布。",
                _ => "该版本已经发布。如需修改，请先编辑，系统会生成新的草稿。",
            });
        }
        var type = await types.FindAsync(item.ContentType, ct);
        if (type is null)
        {
            return Invalid($"内容类型“{item.ContentType}”已不存在，不能提交。");
        }
        var (_, check) = await ValidateAsync(type, new DraftInput(type.Name, item.AccountId, latest.Title, latest.Markdown, ContentFields.Parse(latest.FieldsJson)), ct);
        if (!check.IsValid)
        {
            return EditorialResult.Fail(EditorialOutcome.ValidationFailed, "内容有误，请修改后再提交审核。", check);
        }
        var levels = await chains.LevelsAsync(ct);
        review.State = ReviewState.InReview;
        review.SubmittedBy = actor.UserName;
        review.SubmittedUtc = Now;
        review.SubmittedHash = latest.ContentHash;
        review.UpdatedUtc = Now;
        review.UpdatedBy = actor.UserName;
        AddContributor(review, actor);
        await audit.AppendAsync(new AuditRecord("review.submitted", "ContentVersion", VersionKey(latest), null, Ref(latest), $"提交审核，共 {levels.Count} 级", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        return EditorialResult.Success($"已提交审核，等待第 1 级“{levels[0].Name}”。", item.Id, latest.Id, latest.Revision, check);
    }

    /// <summary>Approves the next pending level. <paramref name="expectedHash"/> is the hash of what the reviewer read: if the content changed since, the approval is refused.</summary>
    public async Task<EditorialResult> ApproveAsync(EditorialActor actor, string itemId, string? expectedHash = null, string? comment = null, CancellationToken ct = default)
    {
        if (CheckDepartment(actor, "审批") is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await ReviewOfAsync(latest, ct);
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
        if (expectedHash is { Length: > 0 } && expectedHash != latest.ContentHash)
        {
            return EditorialResult.Fail(EditorialOutcome.Conflict, "您审阅期间内容已被修改，请重新阅读最新内容后再审批。");
        }
        var levels = await chains.LevelsAsync(ct);
        var approvals = await ValidApprovalsAsync(latest, ct);
        var next = approvals.Count + 1;
        if (next > levels.Count)
        {
            return Invalid("该版本已通过全部审核级别，无需再审批。");
        }
        var level = levels[next - 1];
        if (review.ContributorList.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase))
        {
            return Forbidden("不能审批自己撰写或提交的内容。");
        }
        if (approvals.FirstOrDefault(a => string.Equals(a.UserName, actor.UserName, StringComparison.OrdinalIgnoreCase)) is { } own)
        {
            return Forbidden($"您已审批过本版本的第 {own.Level} 级，同一人不能审批多个级别。");
        }
        if (!IsEligible(actor, level))
        {
            return Forbidden($"当前待审的是第 {level.Level} 级“{level.Name}”，您不是该级别的审核人。");
        }
        var now = Now;
        db.Add(new ReviewApproval
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
        var complete = next == levels.Count;
        if (complete)
        {
            review.State = latest.PublishAtUtc is { } planned && planned > now ? ReviewState.Scheduled : ReviewState.Approved;
        }
        review.UpdatedUtc = now;
        review.UpdatedBy = actor.UserName;
        await audit.AppendAsync(new AuditRecord("review.approved", "ContentVersion", VersionKey(latest), $"level={approvals.Count}", $"level={level.Level} hash={latest.ContentHash}",
            $"第 {level.Level} 级“{level.Name}”审核通过" + (string.IsNullOrWhiteSpace(comment) ? "" : "：" + comment), Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        if (complete && latest.PublishAtUtc is not null)
        {
            // A schedule that waited for this approval fires now (or at once, when its time has passed).
            await NotifyScheduleAsync(latest, ct);
            return EditorialResult.Success($"第 {level.Level} 级“{level.Name}”审核通过，全部审核完成，将于 {FormatLocal(latest.PublishAtUtc)} 定时发布。", item.Id, latest.Id, latest.Revision);
        }
        return EditorialResult.Success(complete
            ? $"第 {level.Level} 级“{level.Name}”审核通过，全部审核完成，可以发布。"
            : $"第 {level.Level} 级“{level.Name}”审核通过，等待第 {next + 1} 级“{levels[next].Name}”。", item.Id, latest.Id, latest.Revision);
    }

    public async Task<EditorialResult> RejectAsync(EditorialActor actor, string itemId, string? comment, CancellationToken ct = default)
    {
        if (CheckDepartment(actor, "退回") is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await ReviewOfAsync(latest, ct);
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
        var levels = await chains.LevelsAsync(ct);
        var level = levels.FirstOrDefault(l => IsEligible(actor, l));
        if (level is null)
        {
            return Forbidden("您不是本部门审核流程中的审核人，不能退回。");
        }
        if (review.ContributorList.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase))
        {
            return Forbidden("不能审核自己撰写或提交的内容。");
        }
        var voided = await VoidApprovalsAsync(latest.Id, ct);
        review.State = ReviewState.Rejected;
        review.UpdatedUtc = Now;
        review.UpdatedBy = actor.UserName;
        db.Add(new ReviewComment
        {
            TenantId = item.TenantId,
            VersionId = latest.Id,
            ContentItemId = item.Id,
            UserName = actor.UserName,
            Level = level.Level,
            Kind = "reject",
            Text = comment.Trim(),
            CreatedUtc = Now,
        });
        await audit.AppendAsync(new AuditRecord("review.rejected", "ContentVersion", VersionKey(latest), null, Ref(latest), $"退回（作废 {voided} 条审核通过记录）：{comment.Trim()}", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        return EditorialResult.Success("已退回给编辑修改。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>
    /// Publishes the latest version now, or stores a "publish at" time that the scheduling capability fires exactly.
    /// Only a version whose every review level approved exactly its current content can go public.
    /// </summary>
    public async Task<EditorialResult> PublishAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc = null, CancellationToken ct = default)
    {
        if (CheckDepartment(actor, "发布") is { } refused)
        {
            return refused;
        }
        if (!(actor.IsMatrixAdmin || actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.Reviewer) || actor.IsInRole(Roles.DepartmentAdmin)))
        {
            return Forbidden("您没有发布内容的权限。");
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var latest = item.Versions.Single(v => v.Latest);
        var review = await ReviewOfAsync(latest, ct);
        if (latest.Published)
        {
            return Invalid("该版本已经发布。");
        }
        if (await CheckApprovedAsync(latest, review, ct) is { } notApproved)
        {
            return notApproved;
        }
        var now = Now;
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
            await audit.AppendAsync(new AuditRecord("content.scheduled", "ContentItem", item.Id, beforeAt?.ToString("O"), $"{Ref(latest)} at={latest.PublishAtUtc:O}", $"设定定时发布：{FormatLocal(when)}", Actor: actor.UserName), ct);
            await db.SaveChangesAsync(ct);
            await NotifyScheduleAsync(latest, ct);
            return EditorialResult.Success($"已设定于 {FormatLocal(when)} 定时发布。", item.Id, latest.Id, latest.Revision);
        }
        return await PublishCoreAsync(item, latest, review, actor.UserName, null, ct);
    }

    /// <summary>
    /// What a schedule job (or the reconciler) calls when a publish-at time comes: re-reads the version and
    /// publishes it only if it is still the latest, unpublished, approved by every level for its current content
    /// and due. Anything else answers "nothing to do"; calling it twice publishes once.
    /// </summary>
    public async Task<EditorialResult> PublishDueAsync(long versionId, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        var latest = await db.Set<ContentVersion>().FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (latest is null)
        {
            return NotFound();
        }
        var item = await LoadAsync(latest.ContentItemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!latest.Latest || latest.Published)
        {
            return Invalid(latest.Published ? "该版本已经发布。" : "该版本已不是最新版本，定时发布不再执行。");
        }
        if (latest.PublishAtUtc is not { } due || due > Now)
        {
            return Invalid("该版本没有到期的发布时间。");
        }
        var review = await ReviewOfAsync(latest, ct);
        if (await CheckApprovedAsync(latest, review, ct) is { } notApproved)
        {
            return notApproved;
        }
        var how = caughtByReconciler ? $"定时发布（补发，原定 {FormatLocal(due)}）" : $"定时发布（{FormatLocal(due)}）";
        return await PublishCoreAsync(item, latest, review, ScheduleActor, how, ct);
    }

    /// <summary>Expiry: unpublishes the version when its unpublish-at time has come and it is still public. Idempotent.</summary>
    public async Task<EditorialResult> ExpireDueAsync(long versionId, bool caughtByReconciler = false, CancellationToken ct = default)
    {
        var version = await db.Set<ContentVersion>().FirstOrDefaultAsync(v => v.Id == versionId, ct);
        if (version is null)
        {
            return NotFound();
        }
        if (!version.Published || version.UnpublishAtUtc is not { } due || due > Now)
        {
            return Invalid("该版本没有到期的下线时间，或已不在发布中。");
        }
        var item = await LoadAsync(version.ContentItemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var how = caughtByReconciler ? $"到期下线（补做，原定 {FormatLocal(due)}）" : $"到期下线（{FormatLocal(due)}）";
        return await UnpublishCoreAsync(item, version, ScheduleActor, how, ct);
    }

    /// <summary>Changes or cancels (nulls) the publish-at and unpublish-at times of the latest version; approvals stay valid.</summary>
    public async Task<EditorialResult> SetScheduleAsync(EditorialActor actor, string itemId, DateTime? publishAtUtc, DateTime? unpublishAtUtc, CancellationToken ct = default)
    {
        if (CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
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
        var review = await ReviewOfAsync(latest, ct);
        var before = $"publishAt={latest.PublishAtUtc:O} unpublishAt={latest.UnpublishAtUtc:O}";
        latest.PublishAtUtc = publishAtUtc;
        latest.UnpublishAtUtc = unpublishAtUtc;
        if (review.State is ReviewState.Approved or ReviewState.Scheduled)
        {
            review.State = publishAtUtc is { } at && at > Now ? ReviewState.Scheduled : ReviewState.Approved;
        }
        review.UpdatedUtc = Now;
        review.UpdatedBy = actor.UserName;
        var cancelled = publishAtUtc is null && unpublishAtUtc is null;
        await audit.AppendAsync(new AuditRecord("content.schedule-changed", "ContentItem", item.Id, before, $"{Ref(latest)} publishAt={publishAtUtc:O} unpublishAt={unpublishAtUtc:O}",
            cancelled ? "取消定时发布/下线" : $"修改定时：发布 {FormatLocal(publishAtUtc)}，下线 {FormatLocal(unpublishAtUtc)}", Actor: actor.UserName), ct);
        if (!await TrySaveAsync(ct))
        {
            return Conflict(latest, review);
        }
        await NotifyScheduleAsync(latest, ct);
        if (publishAtUtc is { } due && due <= Now && review.State == ReviewState.Approved && !latest.Published)
        {
            // A time in the past publishes at once (only when approved; otherwise the schedule waits for approval).
            var now = await PublishCoreAsync(item, latest, review, actor.UserName, null, ct);
            var versionId = latest.Id;
            if (!now.Ok && await db.Set<ContentVersion>().AsNoTracking().AnyAsync(v => v.Id == versionId && v.Published, ct))
            {
                // The schedule's own job (running for that second) published it between the save and this call.
                return EditorialResult.Success("发布时间已到，已由定时任务发布。", item.Id, latest.Id, latest.Revision);
            }
            return now;
        }
        var pending = review.State is ReviewState.Approved or ReviewState.Scheduled || latest.Published ? "" : "（该版本尚未通过全部审核，审核通过前到时不会发布）";
        return EditorialResult.Success((cancelled ? "已取消定时。" : "定时已保存。") + pending, item.Id, latest.Id, latest.Revision);
    }

    /// <summary>
    /// The one publish path (editor, API, schedule job, reconciler). The version is claimed by a conditional update
    /// (still latest, unpublished, same content hash, still approved) inside the transaction, so two concurrent
    /// callers publish it once.
    /// </summary>
    private async Task<EditorialResult> PublishCoreAsync(ContentItem item, ContentVersion latest, VersionReview review, string actorName, string? scheduleNote, CancellationToken ct)
    {
        var now = Now;
        var levels = await chains.LevelsAsync(ct);
        var approvals = await ValidApprovalsAsync(latest, ct);
        var hash = latest.ContentHash;
        var id = latest.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (await ClaimForPublicationAsync(id, hash, ct) == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Invalid("该版本已经发布，或在发布前被修改、退回。");
        }
        var withdrawn = item.Versions.Where(v => v.Published && v.Id != latest.Id).ToList();
        var withdrawnIds = withdrawn.Select(v => v.Id).ToList();
        var withdrawnReviews = await db.Set<VersionReview>().Where(r => withdrawnIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
        var previous = withdrawn.FirstOrDefault();
        ApplyPublication(item.TenantId, item.Id, item.ContentType, latest, review, withdrawn, withdrawnReviews, markdown.Render(latest.Markdown), now, actorName);
        await audit.AppendAsync(new AuditRecord("content.published", "ContentItem", item.Id, previous is null ? null : Ref(previous), Ref(latest),
            (scheduleNote is null ? "" : scheduleNote + "：") +
            $"发布第 {latest.Number} 版“{latest.Title}”（{levels.Count} 级审核：{string.Join("、", approvals.OrderBy(a => a.Level).Select(a => a.UserName))}）", Actor: actorName), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        if (latest.UnpublishAtUtc is not null)
        {
            await NotifyScheduleAsync(latest, ct);
        }
        return EditorialResult.Success($"第 {latest.Number} 版已发布。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>
    /// The claim every publication makes inside its transaction, by a conditional update: the version goes public only if
    /// it is still the latest, unpublished, with the content hash that was checked, and approved (or scheduled). Of two
    /// concurrent publishers of one version one claims it; the other gets 0 and publishes nothing.
    /// </summary>
    private Task<int> ClaimForPublicationAsync(long id, string hash, CancellationToken ct)
        => db.Set<ContentVersion>().AcrossTenants()
            .Where(v => v.Id == id && v.Latest && !v.Published && v.ContentHash == hash
                        && db.Set<VersionReview>().AcrossTenants().Any(r => r.VersionId == id && (r.State == ReviewState.Approved || r.State == ReviewState.Scheduled)))
            .ExecuteUpdateAsync(s => s.SetProperty(v => v.Published, true), ct);

    /// <summary>
    /// What a claimed publication changes, for the editor's path and the schedule's batch alike: the versions public before
    /// are withdrawn (their reviews superseded), the version gets its publication time, rendered HTML and excerpt, its
    /// review becomes Published, and the search index and page caches hear of it (ContentPublished).
    /// </summary>
    private void ApplyPublication(string tenantId, string itemId, string contentType, ContentVersion version, VersionReview review,
        IEnumerable<ContentVersion> withdrawn, IReadOnlyDictionary<long, VersionReview> withdrawnReviews, RenderedMarkdown rendered, DateTime now, string actor)
    {
        foreach (var p in withdrawn)
        {
            p.Published = false;
            if (withdrawnReviews.TryGetValue(p.Id, out var previousReview))
            {
                previousReview.State = ReviewState.Superseded;
            }
        }
        version.Published = true;
        version.PublishedUtc = now;
        version.PublishAtUtc = null;
        version.RenderedHtml = rendered.Html;
        version.Summary = MarkdownRenderer.Excerpt(rendered.PlainText, 200);
        review.State = ReviewState.Published;
        review.UpdatedUtc = now;
        review.UpdatedBy = actor;
        db.Raise(new ContentPublished(tenantId, itemId, version.Id, contentType));
    }

    public async Task<EditorialResult> UnpublishAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
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

    private async Task<EditorialResult> UnpublishCoreAsync(ContentItem item, ContentVersion published, string actorName, string? scheduleNote, CancellationToken ct)
    {
        var id = published.Id;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var claimed = await db.Set<ContentVersion>().Where(v => v.Id == id && v.Published).ExecuteUpdateAsync(s => s.SetProperty(v => v.Published, false), ct);
        if (claimed == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            return Invalid("该内容当前没有已发布的版本，无需取消发布。");
        }
        published.Published = false;
        if (await db.Set<VersionReview>().FirstOrDefaultAsync(r => r.VersionId == published.Id, ct) is { } review)
        {
            // Its approvals still match its content: it may be published again without a new review.
            review.State = published.Latest ? ReviewState.Approved : ReviewState.Superseded;
            review.UpdatedUtc = Now;
            review.UpdatedBy = actorName;
        }
        db.Raise(new ContentUnpublished(item.TenantId, item.Id));
        await audit.AppendAsync(new AuditRecord("content.unpublished", "ContentItem", item.Id, Ref(published), null,
            (scheduleNote is null ? "" : scheduleNote + "：") + $"取消发布第 {published.Number} 版", Actor: actorName), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditorialResult.Success("已取消发布，读者不再能看到该内容。", item.Id, published.Id, published.Revision);
    }

    private async Task<EditorialResult?> CheckApprovedAsync(ContentVersion latest, VersionReview review, CancellationToken ct)
    {
        var levels = await chains.LevelsAsync(ct);
        var approvals = await ValidApprovalsAsync(latest, ct);
        if (review.State is not (ReviewState.Approved or ReviewState.Scheduled))
        {
            return Invalid(review.State switch
            {
                ReviewState.Draft => "该版本尚未提交审核，不能发布。",
                ReviewState.InReview => $"该版本尚未通过全部审核（已通过 {approvals.Count}/{levels.Count} 级），不能发布。",
                ReviewState.Rejected => "该版本已被退回，不能发布。",
                _ => "该版本不能发布。",
            });
        }
        // Re-check at the last moment: every level approved, each by the hash of the content as it is now.
        if (approvals.Count < levels.Count || Enumerable.Range(1, levels.Count).Any(l => approvals.All(a => a.Level != l)))
        {
            return Invalid($"审核记录不完整或与当前内容不符（有效审核 {approvals.Count}/{levels.Count} 级），不能发布，请重新提交审核。");
        }
        return null;
    }

    private static EditorialResult? CheckTimes(DateTime? publishAtUtc, DateTime? unpublishAtUtc)
        => publishAtUtc is { } p && unpublishAtUtc is { } u && u <= p
            ? EditorialResult.Fail(EditorialOutcome.Invalid, "下线时间必须晚于发布时间，请修改下线时间或发布时间。")
            : null;

    private Task NotifyScheduleAsync(ContentVersion version, CancellationToken ct) => scheduler.ScheduleChangedAsync(version.TenantId, version.Id, ct);

    private string FormatLocal(DateTime? utc)
    {
        if (utc is not { } at)
        {
            return "未设定";
        }
        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(tenant.Current?.TimeZoneId ?? "Asia/Shanghai", out var z) ? z : TimeZoneInfo.Utc;
        return TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(at, DateTimeKind.Utc), zone).ToString("yyyy-MM-dd HH:mm:ss");
    }

    /// <summary>Soft delete: hidden everywhere, kept until an explicit purge.</summary>
    public async Task<EditorialResult> DeleteAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        item.Deleted = true;
        item.DeletedUtc = Now;
        var latest = item.Versions.Single(v => v.Latest);
        db.Raise(new ContentDeleted(item.TenantId, item.Id));
        await audit.AppendAsync(new AuditRecord("content.deleted", "ContentItem", item.Id, Ref(latest), "deleted", $"删除“{latest.Title}”（可由管理员彻底清除）", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        return EditorialResult.Success("内容已删除。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>Takes an item out of the recycle bin: it is back in the editors' lists, and public again if a version was published.</summary>
    public async Task<EditorialResult> UndeleteAsync(EditorialActor actor, string itemId, CancellationToken ct = default)
    {
        if (CheckManager(actor) is { } refused)
        {
            return refused;
        }
        var item = await db.Set<ContentItem>().IgnoreQueryFilters([SoftDeleteFilter]).Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!item.Deleted)
        {
            return Invalid("该内容没有被删除，无需恢复。");
        }
        item.Deleted = false;
        item.DeletedUtc = null;
        var latest = item.Versions.Single(v => v.Latest);
        if (item.Versions.FirstOrDefault(v => v.Published) is { } published)
        {
            // Readers see it again: the same event as a publication re-indexes it and evicts the cached pages.
            db.Raise(new ContentPublished(item.TenantId, item.Id, published.Id, item.ContentType));
        }
        await audit.AppendAsync(new AuditRecord("content.undeleted", "ContentItem", item.Id, "deleted", Ref(latest), $"从回收站恢复“{latest.Title}”", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        return EditorialResult.Success("内容已从回收站恢复。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>Removes a deleted item and all its versions for good. Department admins only; the reason is audited.</summary>
    public async Task<EditorialResult> PurgeAsync(EditorialActor actor, string itemId, string? reason, CancellationToken ct = default)
    {
        var current = tenant.Current;
        if (current is null || !(actor.IsMatrixAdmin || (actor.TenantId == current.Id && actor.IsInRole(Roles.DepartmentAdmin))))
        {
            return Forbidden("只有本部门管理员可以彻底清除内容。");
        }
        var item = await db.Set<ContentItem>().IgnoreQueryFilters([SoftDeleteFilter]).Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        if (!item.Deleted)
        {
            return Invalid("只能彻底清除已删除的内容，请先删除。");
        }
        if (string.IsNullOrWhiteSpace(reason))
        {
            return Invalid("彻底清除不可恢复，请填写清除原因。");
        }
        var latest = item.Versions.OrderByDescending(v => v.Number).First();
        var versionIds = item.Versions.Select(v => v.Id).ToList();
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.Set<VersionReview>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        await db.Set<ReviewApproval>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        await db.Set<ReviewComment>().Where(r => versionIds.Contains(r.VersionId)).ExecuteDeleteAsync(ct);
        db.Remove(item);
        await audit.AppendAsync(new AuditRecord("content.purged", "ContentItem", item.Id, $"{Ref(latest)} versions={item.Versions.Count}", null,
            $"彻底清除“{latest.Title}”（{item.Versions.Count} 个版本）：{reason.Trim()}", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new EditorialResult(EditorialOutcome.Ok, "内容已彻底清除。", item.Id);
    }

    /// <summary>Copies an old version into a new draft (the history is never rewritten).</summary>
    public async Task<EditorialResult> RestoreAsync(EditorialActor actor, string itemId, long versionId, CancellationToken ct = default)
    {
        if (CheckEditor(actor) is { } refused)
        {
            return refused;
        }
        var item = await LoadAsync(itemId, ct);
        if (item is null)
        {
            return NotFound();
        }
        var source = item.Versions.FirstOrDefault(v => v.Id == versionId);
        if (source is null)
        {
            return EditorialResult.Fail(EditorialOutcome.NotFound, "该版本不存在。");
        }
        var latest = item.Versions.Single(v => v.Latest);
        if (source.Id == latest.Id && !latest.Published)
        {
            return Invalid("这已经是当前草稿，无需恢复。");
        }
        var latestReview = await ReviewOfAsync(latest, ct);
        if (!latest.Published && latestReview.State is not ReviewState.Published)
        {
            await VoidApprovalsAsync(latest.Id, ct);
            latestReview.State = ReviewState.Superseded;
        }
        latest.Latest = false;
        var draft = NewVersion(item, item.Versions.Max(v => v.Number) + 1, source.Title, source.Markdown, source.FieldsJson, actor);
        item.Versions.Add(draft);
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await db.SaveChangesAsync(ct);
        db.Add(NewReview(draft, actor));
        await audit.AppendAsync(new AuditRecord("content.restored", "ContentItem", item.Id, Ref(source), Ref(draft), $"以第 {source.Number} 版内容新建第 {draft.Number} 版草稿", Actor: actor.UserName), ct);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditorialResult.Success($"已用第 {source.Number} 版的内容新建第 {draft.Number} 版草稿，需重新提交审核。", item.Id, draft.Id, draft.Revision);
    }

    /// <summary>The approvals that still count: not voided, and bound to the version's current content hash.</summary>
    public async Task<List<ReviewApproval>> ValidApprovalsAsync(ContentVersion version, CancellationToken ct = default)
        => await db.Set<ReviewApproval>().Where(a => a.VersionId == version.Id && !a.Voided && a.ContentHash == version.ContentHash)
            .OrderBy(a => a.Level).ToListAsync(ct);

    public static bool IsEligible(EditorialActor actor, ReviewLevel level)
        => level.Users.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase) || (level.Role is { Length: > 0 } role && actor.IsInRole(role));

    /// <summary>The review record of a version; versions made by recipes have none yet and count as draft (or published).</summary>
    public async Task<VersionReview> ReviewOfAsync(ContentVersion version, CancellationToken ct = default)
    {
        var review = await db.Set<VersionReview>().FirstOrDefaultAsync(r => r.VersionId == version.Id, ct);
        if (review is null)
        {
            review = new VersionReview
            {
                VersionId = version.Id,
                TenantId = version.TenantId,
                ContentItemId = version.ContentItemId,
                State = version.Published ? ReviewState.Published : ReviewState.Draft,
                Contributors = version.Author,
                UpdatedUtc = version.CreatedUtc,
                UpdatedBy = version.Author,
            };
            db.Add(review);
        }
        return review;
    }

    private async Task<(string FieldsJson, ContentValidation Validation)> ValidateAsync(ContentTypeDefinition type, DraftInput input, CancellationToken ct)
    {
        var fields = (input.Fields ?? new Dictionary<string, string>()).Where(f => type.Field(f.Key.Split('.')[0]) is not null)
            .ToDictionary(f => f.Key, f => f.Value ?? "");
        var check = ContentValidator.Validate(type, input.Title, fields);
        if (input.Markdown is { Length: > 200_000 })
        {
            check.Errors["markdown"] = "正文不能超过 20 万字。";
        }
        if (input.AccountId is { Length: > 0 } accountId && !await db.Set<Account>().AnyAsync(a => a.Id == accountId, ct))
        {
            check.Errors["accountId"] = "该账号不存在或不属于本部门。";
        }
        foreach (var field in type.Fields.Where(f => f.Kind == FieldKind.Reference))
        {
            if (fields.TryGetValue(field.Name, out var target) && target.Trim() is { Length: > 0 } id && !check.Errors.ContainsKey(field.Name))
            {
                var exists = await db.Set<ContentItem>().AnyAsync(i => i.Id == id && (field.ReferenceType == null || i.ContentType == field.ReferenceType), ct);
                if (!exists)
                {
                    check.Errors[field.Name] = $"“{field.DisplayName}”所指的内容“{id}”在本部门不存在" + (field.ReferenceType is null ? "。" : $"，或不是{ContentTypes.DisplayName(field.ReferenceType)}。");
                }
            }
        }
        return (ContentFields.Serialize(fields), check);
    }

    private ContentVersion NewVersion(ContentItem item, int number, string title, string source, string fieldsJson, EditorialActor actor) => new()
    {
        ContentItemId = item.Id,
        TenantId = item.TenantId,
        Number = number,
        Title = title,
        Markdown = source,
        FieldsJson = fieldsJson,
        ContentHash = ContentHash.Compute(title, source, fieldsJson),
        CreatedUtc = Now,
        Author = actor.UserName,
        Latest = true,
        Revision = 1,
    };

    private VersionReview NewReview(ContentVersion version, EditorialActor actor) => new()
    {
        VersionId = version.Id,
        TenantId = version.TenantId,
        ContentItemId = version.ContentItemId,
        State = ReviewState.Draft,
        Contributors = actor.UserName,
        UpdatedUtc = Now,
        UpdatedBy = actor.UserName,
    };

    private async Task<int> VoidApprovalsAsync(long versionId, CancellationToken ct)
    {
        var approvals = await db.Set<ReviewApproval>().Where(a => a.VersionId == versionId && !a.Voided).ToListAsync(ct);
        foreach (var a in approvals)
        {
            a.Voided = true;
            a.VoidedUtc = Now;
        }
        return approvals.Count;
    }

    private static void AddContributor(VersionReview review, EditorialActor actor)
    {
        if (!review.ContributorList.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase))
        {
            review.Contributors = review.Contributors.Length == 0 ? actor.UserName : review.Contributors + "," + actor.UserName;
        }
    }

    private async Task<bool> TrySaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private Task<ContentItem?> LoadAsync(string itemId, CancellationToken ct)
        => db.Set<ContentItem>().Include(i => i.Versions).FirstOrDefaultAsync(i => i.Id == itemId, ct);

    private EditorialResult? CheckDepartment(EditorialActor actor, string what)
    {
        var current = tenant.Current;
        if (current is null)
        {
            return Forbidden("没有选定部门。");
        }
        if (actor.TenantId != current.Id && !actor.IsMatrixAdmin)
        {
            return Forbidden($"您不是{current.DisplayName}的人员，不能{what}本部门的内容。");
        }
        return null;
    }

    private EditorialResult? CheckEditor(EditorialActor actor)
    {
        if (CheckDepartment(actor, "编辑") is { } refused)
        {
            return refused;
        }
        return actor.TenantId == tenant.TenantId && (actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin))
            ? null
            : Forbidden("只有本部门的编辑可以撰写和修改内容。");
    }

    private EditorialResult? CheckManager(EditorialActor actor)
    {
        if (CheckDepartment(actor, "管理") is { } refused)
        {
            return refused;
        }
        return actor.IsMatrixAdmin || actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin)
            ? null
            : Forbidden("只有本部门的编辑或管理员可以执行此操作。");
    }

    private static EditorialResult Conflict(ContentVersion latest, VersionReview review)
        => EditorialResult.Fail(EditorialOutcome.Conflict,
            $"保存失败：该内容已被 {review.UpdatedBy} 修改（当前为第 {latest.Number} 版），您编辑的是旧版本。请刷新页面，核对对方的修改后再保存；您的修改没有保存，请先复制留存。");

    private static string Ref(ContentVersion v) => $"v{v.Number}#{v.Id} {v.ContentHash}";

    private static string VersionKey(ContentVersion v) => $"{v.ContentItemId}/v{v.Number}";

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static EditorialResult NotFound() => EditorialResult.Fail(EditorialOutcome.NotFound, "内容不存在。");

    private static EditorialResult Invalid(string message) => EditorialResult.Fail(EditorialOutcome.Invalid, message);

    private static EditorialResult Forbidden(string message) => EditorialResult.Fail(EditorialOutcome.Forbidden, message);
}
