using System.Security.Cryptography;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Safety;
using static NewMediaCms.Editorial.EditorialStore;

namespace NewMediaCms.Editorial;

/// <summary>
/// Drafts: create, save (with the editor's base revision, never a silent overwrite), and restore an old version as a
/// new draft. Each command: its guards, then the state change, then the event (the audit entry) in the same save.
/// </summary>
public sealed class DraftService
{
    private readonly EditorialStore _store;
    private readonly ContentTypeRegistry _types;
    private readonly IPublicationScheduler _scheduler;
    private readonly AccountDirectory _accounts;
    private readonly AccountLifecycleService _lifecycle;
    private readonly IContentSafetyGate _safety;

    internal DraftService(EditorialStore store, ContentTypeRegistry types, IPublicationScheduler scheduler, AccountDirectory accounts, AccountLifecycleService lifecycle, IContentSafetyGate safety)
    {
        _safety = safety;
        _accounts = accounts;
        _lifecycle = lifecycle;
        _store = store;
        _types = types;
        _scheduler = scheduler;
    }

    public async Task<EditorialResult> CreateDraftAsync(EditorialActor actor, DraftInput input, CancellationToken ct = default)
    {
        if (_store.CheckEditor(actor) is { } refused)
        {
            return refused;
        }
        var type = input.ContentType is null ? null : await _types.FindAsync(input.ContentType, ct);
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
        var accountId = await AccountOrDefaultAsync(input.AccountId, ct);
        var now = _store.Now;
        var tenantId = _store.Tenant.TenantId!;
        var item = new ContentItem
        {
            Id = $"{tenantId}-{now:yyyyMMdd}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}",
            TenantId = tenantId,
            ContentType = type.Name,
            AccountId = accountId,
            Owner = actor.UserName,
            CreatedUtc = now,
        };
        var version = _store.NewVersion(item, 1, input.Title!.Trim(), input.Markdown ?? "", fields, actor);
        version.PublishAtUtc = input.PublishAtUtc;
        version.UnpublishAtUtc = input.UnpublishAtUtc;
        item.Versions.Add(version);
        _store.Content.Add(item);
        // Two saves (the review row needs the version's generated id): one transaction (or the caller's, see BeginTransactionAsync).
        await using var transaction = await _store.BeginTransactionAsync(ct);
        await _store.Db.SaveChangesAsync(ct);
        _store.NewReview(version, actor);
        _store.Audit(new AuditRecord("content.created", "ContentItem", item.Id, null, Ref(version), $"新建{type.DisplayName}草稿“{version.Title}”", Actor: actor.UserName));
        await _store.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        await NotifyScheduleAsync(version, ct);
        return EditorialResult.Success("草稿已保存。", item.Id, version.Id, version.Revision, check) with { Safety = await SafetyOfAsync(version, ct) };
    }

    /// <summary>
    /// Saves the draft. <paramref name="baseVersionId"/> and <paramref name="baseRevision"/> are what the editor
    /// opened: if someone saved since, the save is refused (no silent overwrite). Editing a published item creates
    /// a new draft version beside it; editing a version in review voids its approvals.
    /// </summary>
    public async Task<EditorialResult> SaveDraftAsync(EditorialActor actor, string itemId, DraftInput input, long baseVersionId, int baseRevision, CancellationToken ct = default)
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
        if (latest.Id != baseVersionId || latest.Revision != baseRevision)
        {
            return Conflict(latest, review);
        }
        var type = await _types.FindAsync(item.ContentType, ct);
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
        var accountId = await AccountOrDefaultAsync(input.AccountId, ct);

        if (latest.Published || review.State is ReviewState.Published)
        {
            if (hash == latest.ContentHash && accountId == item.AccountId)
            {
                return EditorialResult.Success("内容没有修改。", item.Id, latest.Id, latest.Revision, check);
            }
            // The published version stays public; the edit becomes a new draft beside it.
            latest.Latest = false;
            var draft = _store.NewVersion(item, item.Versions.Max(v => v.Number) + 1, title, source, fields, actor);
            draft.PublishAtUtc = input.PublishAtUtc;
            draft.UnpublishAtUtc = input.UnpublishAtUtc;
            item.Versions.Add(draft);
            item.AccountId = accountId;
            await using var transaction = await _store.Db.Database.BeginTransactionAsync(ct);
            if (!await _store.TrySaveAsync(ct))
            {
                return Conflict(latest, review);
            }
            _store.NewReview(draft, actor);
            _store.Audit(new AuditRecord("content.draft-created", "ContentItem", item.Id, Ref(latest), Ref(draft), $"在已发布版本旁新建第 {draft.Number} 版草稿", Actor: actor.UserName));
            await _store.Db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            await NotifyScheduleAsync(draft, ct);
            return EditorialResult.Success($"已新建第 {draft.Number} 版草稿，已发布的第 {latest.Number} 版在新版本发布前保持不变。", item.Id, draft.Id, draft.Revision, check)
                with { Safety = await SafetyOfAsync(draft, ct) };
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
        review.UpdatedUtc = _store.Now;
        review.UpdatedBy = actor.UserName;
        var voided = 0;
        var message = "草稿已保存。";
        if (contentChanged && review.State is ReviewState.InReview or ReviewState.Approved or ReviewState.Scheduled or ReviewState.Rejected)
        {
            voided = await _store.VoidApprovalsAsync(latest.Id, ct);
            message = review.State == ReviewState.Rejected
                ? "草稿已保存，修改后请重新提交审核。"
                : $"草稿已保存。内容已修改，原有 {voided} 条审核意见作废，需要重新提交审核。";
            if (review.State == ReviewState.Scheduled || latest.PublishAtUtc is not null)
            {
                message += $"定时发布（{_store.FormatLocal(latest.PublishAtUtc)}）已暂停：重新通过全部审核前，到时不会发布。";
            }
            review.State = ReviewState.Draft;
            review.SubmittedHash = null;
        }
        _store.Audit(new AuditRecord("content.draft-saved", "ContentItem", item.Id, before, Ref(latest),
            voided > 0 ? $"保存草稿，作废 {voided} 条审核通过记录" : "保存草稿", Actor: actor.UserName));
        if (!await _store.TrySaveAsync(ct))
        {
            return Conflict(latest, review);
        }
        await NotifyScheduleAsync(latest, ct);
        return EditorialResult.Success(message, item.Id, latest.Id, latest.Revision, check) with { Safety = await SafetyOfAsync(latest, ct) };
    }

    /// <summary>Copies an old version into a new draft (the history is never rewritten).</summary>
    public async Task<EditorialResult> RestoreAsync(EditorialActor actor, string itemId, long versionId, CancellationToken ct = default)
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
        var latestReview = await _store.ReviewOfAsync(latest, ct);
        if (!latest.Published && latestReview.State is not ReviewState.Published)
        {
            await _store.VoidApprovalsAsync(latest.Id, ct);
            latestReview.State = ReviewState.Superseded;
        }
        latest.Latest = false;
        var draft = _store.NewVersion(item, item.Versions.Max(v => v.Number) + 1, source.Title, source.Markdown, source.FieldsJson, actor);
        item.Versions.Add(draft);
        await using var transaction = await _store.Db.Database.BeginTransactionAsync(ct);
        await _store.Db.SaveChangesAsync(ct);
        _store.NewReview(draft, actor);
        _store.Audit(new AuditRecord("content.restored", "ContentItem", item.Id, Ref(source), Ref(draft), $"以第 {source.Number} 版内容新建第 {draft.Number} 版草稿", Actor: actor.UserName));
        await _store.Db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return EditorialResult.Success($"已用第 {source.Number} 版的内容新建第 {draft.Number} 版草稿，需重新提交审核。", item.Id, draft.Id, draft.Revision);
    }

    /// <summary>
    /// Moves an item to another account of the department. The content (and so its hash and approvals) does not change;
    /// a public version is announced again so that the reader pages and the search index show its new account.
    /// </summary>
    public async Task<EditorialResult> MoveAsync(EditorialActor actor, string itemId, string? accountId, CancellationToken ct = default)
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
        var target = NullIfEmpty(accountId);
        if (target is null)
        {
            return Invalid("请选择要移动到的账号。");
        }
        var latest = item.Versions.Single(v => v.Latest);
        if (target == item.AccountId)
        {
            return Invalid("该内容已在这个账号下。");
        }
        var type = await _types.FindAsync(item.ContentType, ct);
        if (type is null)
        {
            return Invalid($"内容类型“{item.ContentType}”已不存在，不能移动。");
        }
        // The account check of a save (it exists, belongs to the department, may receive content).
        var (_, check) = await ValidateAsync(type, new DraftInput(type.Name, target, latest.Title, latest.Markdown, ContentFields.Parse(latest.FieldsJson)), ct);
        if (check.Errors.TryGetValue("accountId", out var accountError))
        {
            return Invalid(accountError);
        }
        var before = item.AccountId;
        item.AccountId = target;
        if (item.Versions.FirstOrDefault(v => v.Published) is { } published)
        {
            _store.Db.Raise(new ContentPublished(item.TenantId, item.Id, published.Id, item.ContentType));
        }
        _store.Audit(new AuditRecord("content.moved", "ContentItem", item.Id, before, target, $"“{latest.Title}”移至账号 {target}", Actor: actor.UserName));
        await _store.Db.SaveChangesAsync(ct);
        return EditorialResult.Success("已移至所选账号。", item.Id, latest.Id, latest.Revision);
    }

    /// <summary>The fields of the type, checked (errors block saving; warnings are reported), with the account and references.</summary>
    internal async Task<(string FieldsJson, ContentValidation Validation)> ValidateAsync(ContentTypeDefinition type, DraftInput input, CancellationToken ct)
    {
        var fields = (input.Fields ?? new Dictionary<string, string>()).Where(f => type.Field(f.Key.Split('.')[0]) is not null)
            .ToDictionary(f => f.Key, f => f.Value ?? "");
        var check = ContentValidator.Validate(type, input.Title, fields);
        if (input.Markdown is { Length: > 200_000 })
        {
            check.Errors["markdown"] = "正文不能超过 20 万字。";
        }
        if (input.AccountId is { Length: > 0 } accountId)
        {
            var account = await _accounts.FindAsync(accountId, ct);
            if (account is null)
            {
                check.Errors["accountId"] = "该账号不存在或不属于本部门。";
            }
            else if (!account.AcceptsContent)
            {
                check.Errors["accountId"] = $"账号“{account.Label}”{PlatformNames.Chinese(account.State)}，不能再发布新内容，请选择其他账号。";
            }
        }
        foreach (var field in type.Fields.Where(f => f.Kind == FieldKind.Reference))
        {
            if (fields.TryGetValue(field.Name, out var target) && target.Trim() is { Length: > 0 } text && !check.Errors.ContainsKey(field.Name))
            {
                if (await _store.Content.ItemExistsAsync(text, field.ReferenceType, ct))
                {
                    continue;
                }
                // A reference is typed by 文号 or title (the editor offers them); stored as the item's id, which the
                // public pages and the inspection (WEB-D02) read.
                var typeName = field.ReferenceType is null ? "内容" : ContentTypes.DisplayName(field.ReferenceType);
                var candidates = await _store.Content.ReferenceCandidatesAsync(field.ReferenceType, ct);
                var matches = candidates.Where(c => c.DocNumber == text).ToList() is { Count: > 0 } byNumber ? byNumber
                    : candidates.Where(c => c.Title == text).ToList() is { Count: > 0 } byTitle ? byTitle
                    : candidates.Where(c => c.Title.Contains(text, StringComparison.Ordinal) || c.DocNumber.Contains(text, StringComparison.Ordinal)).ToList();
                if (matches.Count == 1)
                {
                    fields[field.Name] = matches[0].Id;
                }
                else if (matches.Count == 0)
                {
                    check.Errors[field.Name] = field.ReferenceType is not null && await _store.Content.ItemExistsAsync(text, null, ct)
                        ? $"“{field.DisplayName}”所指的内容“{text}”不是{typeName}，请从列表中选择。"
                        : $"本部门没有文号或标题为“{text}”的{typeName}（其他部门的内容在本部门不存在），请从列表中选择。";
                }
                else
                {
                    check.Errors[field.Name] = $"“{text}”对应 {matches.Count} 条{typeName}（{string.Join("；", matches.Take(5).Select(m => m.Label == m.Title ? m.Title : $"{m.Label} {m.Title}"))}），请填写完整的文号或标题。";
                }
            }
        }
        return (ContentFields.Serialize(fields), check);
    }

    /// <summary>Every item belongs to an account: the one chosen, else the department's site channel (opened when it has none).</summary>
    private async Task<string> AccountOrDefaultAsync(string? chosen, CancellationToken ct)
        => chosen is { Length: > 0 } ? chosen : await _accounts.DefaultAccountIdAsync(ct) ?? await _lifecycle.EnsureSiteChannelAsync(ct);

    private Task NotifyScheduleAsync(ContentVersion version, CancellationToken ct) => _scheduler.ScheduleChangedAsync(version.TenantId, version.Id, ct);

    /// <summary>The content-safety gate's verdict on a version (shown beside the editor; publication refuses a blocking one).</summary>
    internal Task<ContentSafetyVerdict> SafetyOfAsync(ContentVersion version, CancellationToken ct) => _safety.CheckAsync(SafetyInput(version), ct);

    internal static ContentSafetyInput SafetyInput(ContentVersion version)
        => new(version.TenantId, version.ContentItemId, version.Id, version.ContentHash, version.Title, version.Markdown, ContentFields.Parse(version.FieldsJson));
}
