using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>The answer of every 信息报送 action: success, or one Chinese sentence and no change.</summary>
public sealed record SubmissionResult(EditorialOutcome Outcome, string Message, long? SubmissionId = null, string? ItemId = null)
{
    public bool Ok => Outcome == EditorialOutcome.Ok;

    public static SubmissionResult Fail(EditorialOutcome outcome, string message) => new(outcome, message);

    public static SubmissionResult From(EditorialResult refusal) => new(refusal.Outcome, refusal.Message);
}

/// <summary>A desk a department may submit to: its superior in the org tree, or the main account's department.</summary>
public sealed record SubmissionTarget(string TenantId, string Name, string Relation);

/// <summary>
/// 信息报送: a department submits an approved version to its superior (the parent department) or to the main
/// account's desk; the desk adopts it — a copy goes through the desk's own review chain onto one of its accounts,
/// attributed to the submitter, and counts as 采用 when published — or returns it with a reason. Each command is its
/// guards, then the change with its event (audit entry and notices) in one unit of work.
/// </summary>
public sealed class SubmissionService
{
    public const int NoteMaxLength = 500;
    public const int ReasonMaxLength = 1000;

    private readonly NmcDbContext _db;
    private readonly ITenantContext _tenant;
    private readonly TenantRegistry _registry;
    private readonly ApprovedVersions _approved;
    private readonly DraftService _drafts;
    private readonly ReviewService _review;
    private readonly AccountDirectory _accounts;
    private readonly TimeProvider _clock;
    private readonly ContentTypeRegistry _types;

    internal SubmissionService(NmcDbContext db, ITenantContext tenant, TenantRegistry registry, ApprovedVersions approved, DraftService drafts, ReviewService review,
        AccountDirectory accounts, TimeProvider clock, ContentTypeRegistry types)
    {
        _types = types;
        _db = db;
        _tenant = tenant;
        _registry = registry;
        _approved = approved;
        _drafts = drafts;
        _review = review;
        _accounts = accounts;
        _clock = clock;
    }

    private DateTime Now => _clock.GetUtcNow().UtcDateTime;

    /// <summary>The desks the current department may submit to: its parent department, and the main account's department.</summary>
    public IReadOnlyList<SubmissionTarget> Targets() => TargetsOf(_tenant.Current, _registry.Find, _registry.Portal);

    /// <summary>The one rule of who is a department's desk: its running parent department, and the running main account's department.</summary>
    internal static IReadOnlyList<SubmissionTarget> TargetsOf(TenantInfo? department, Func<string, TenantInfo?> find, TenantInfo? portal)
    {
        if (department is null)
        {
            return [];
        }
        var targets = new List<SubmissionTarget>();
        if (department.ParentId is { } parentId && find(parentId) is { State: TenantState.Running } parent && parent.Id != department.Id)
        {
            targets.Add(new(parent.Id, parent.DisplayName, parent.IsPortal ? "上级部门（主账号）" : "上级部门"));
        }
        if (portal is { State: TenantState.Running } && portal.Id != department.Id && targets.All(t => t.TenantId != portal.Id))
        {
            targets.Add(new(portal.Id, portal.DisplayName, "主账号"));
        }
        return targets;
    }

    /// <summary>
    /// Submits the approved version of <paramref name="itemId"/> (see <see cref="ApprovedVersions"/>) to the desk
    /// <paramref name="toTenantId"/> (the parent department when none is given). <paramref name="expectedHash"/> is the
    /// content the person saw.
    /// </summary>
    public async Task<SubmissionResult> SubmitAsync(EditorialActor actor, string itemId, string? toTenantId, string? expectedHash, string? note, CancellationToken ct = default)
    {
        if (_tenant.Current is not { } department)
        {
            return SubmissionResult.Fail(EditorialOutcome.Forbidden, "没有选定部门。");
        }
        if (actor.TenantId != department.Id || !(actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin)))
        {
            return SubmissionResult.Fail(EditorialOutcome.Forbidden, $"只有{department.DisplayName}的编辑或部门管理员可以报送本部门的内容。");
        }
        var targets = Targets();
        if (targets.Count == 0)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, $"{department.DisplayName}没有上级部门，也不能向自己报送。");
        }
        var to = string.IsNullOrWhiteSpace(toTenantId) ? targets[0] : targets.FirstOrDefault(t => t.TenantId == toTenantId.Trim());
        if (to is null)
        {
            var name = _registry.Find(toTenantId!.Trim())?.DisplayName ?? toTenantId.Trim();
            return SubmissionResult.Fail(EditorialOutcome.Invalid,
                $"“{name}”不是本部门的上级部门或主账号，不能向其报送：只能报送给{string.Join("或", targets.Select(t => t.Name))}。");
        }
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > NoteMaxLength })
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, $"报送说明不能超过 {NoteMaxLength} 个字（现有 {note.Length} 个字），请精简后再报送。");
        }
        var (version, refusal) = await _approved.FindAsync(itemId, expectedHash, "报送", ct);
        if (refusal is not null)
        {
            return SubmissionResult.From(refusal);
        }
        var v = version!;
        if (await OpenSubmissionOfAsync(to.TenantId, v.VersionId, ct) is { } open)
        {
            return Duplicate(v, to, open);
        }
        var now = Now;
        var submission = new Submission
        {
            TenantId = to.TenantId,
            SourceTenantId = department.Id,
            SourceItemId = v.ItemId,
            SourceVersionId = v.VersionId,
            SourceVersionNumber = v.Number,
            ContentType = v.ContentType,
            Title = v.Title,
            Markdown = v.Markdown,
            FieldsJson = v.FieldsJson,
            ContentHash = v.ContentHash,
            Note = note,
            SubmittedBy = actor.UserName,
            SubmittedUtc = now,
            State = SubmissionState.Open,
        };
        // The one write across the boundary: the row is the desk's (its inbox), written by the submitting department.
        using (_tenant.BeginMatrixScope())
        {
            await using var transaction = await _db.Database.BeginTransactionAsync(ct);
            _db.Add(submission);
            try
            {
                await _db.SaveChangesAsync(ct);
            }
            catch (DbUpdateException)
            {
                // Two clicks at once: the partial unique index (one open submission of a version per desk) refused the second.
                await transaction.RollbackAsync(ct);
                _db.ChangeTracker.Clear();
                return await OpenSubmissionOfAsync(to.TenantId, v.VersionId, ct) is { } first ? Duplicate(v, to, first) : throw new InvalidOperationException("报送保存失败。");
            }
            _db.Raise(new SubmissionSent(Parties(submission), v.ItemId, $"v{v.Number}#{v.VersionId} {v.ContentHash}", note, actor.UserName));
            await _db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return new SubmissionResult(EditorialOutcome.Ok, $"已将第 {v.Number} 版《{v.Title}》报送给{to.Name}，等待其采用或退回。", submission.Id, v.ItemId);
    }

    private SubmissionResult Duplicate(ApprovedVersion v, SubmissionTarget to, (string By, DateTime At, SubmissionState State) open)
        => SubmissionResult.Fail(EditorialOutcome.Invalid,
            $"第 {v.Number} 版《{v.Title}》已于 {TenantClock.For(_tenant.Current, _clock).Show(open.At)} 由 {open.By} 报送给{to.Name}（{SubmissionStates.Chinese(open.State)}），不能重复报送；如内容有修改，请审核通过新版本后再报送。");

    private async Task<(string By, DateTime At, SubmissionState State)?> OpenSubmissionOfAsync(string deskId, long versionId, CancellationToken ct)
    {
        var open = await _db.Set<Submission>().AcrossTenants().AsNoTracking()
            .Where(s => s.TenantId == deskId && s.SourceVersionId == versionId && (s.State == SubmissionState.Open || s.State == SubmissionState.Adopting))
            .Select(s => new { s.SubmittedBy, s.SubmittedUtc, s.State }).FirstOrDefaultAsync(ct);
        return open is null ? null : (open.SubmittedBy, open.SubmittedUtc, open.State);
    }

    /// <summary>
    /// The desk adopts a submission: a copy of the submitted content, attributed to the submitter, is created on
    /// <paramref name="accountId"/> (the department's default account when none is given) and submitted to the desk's own
    /// review chain — all in one unit of work. It counts as 采用 when the copy is published.
    /// </summary>
    public async Task<SubmissionResult> AdoptAsync(EditorialActor actor, long submissionId, string? accountId, CancellationToken ct = default)
    {
        if (CheckDesk(actor, "采用") is { } refused)
        {
            return refused;
        }
        var submission = await _db.Set<Submission>().FirstOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null)
        {
            return NotFound();
        }
        if (NotOpen(submission, "采用") is { } closed)
        {
            return closed;
        }
        var account = string.IsNullOrWhiteSpace(accountId) ? await _accounts.DefaultAccountIdAsync(ct) : accountId.Trim();
        if (account is null)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, "本部门没有可发布内容的账号，请选择要采用发布的账号。");
        }
        var record = await _accounts.FindAsync(account, ct);
        if (record is null)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, $"账号“{account}”不存在或不属于本部门，请选择本部门的账号。");
        }
        if (!record.AcceptsContent)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, $"账号“{record.Label}”{PlatformNames.Chinese(record.State)}，不能再发布新内容，请选择其他账号采用。");
        }
        var parties = Parties(submission);
        await using var transaction = await _db.Database.BeginTransactionAsync(ct);
        var draft = await _drafts.CreateDraftAsync(actor, new DraftInput(submission.ContentType, record.Id, submission.Title, submission.Markdown,
            SubmissionAttribution.FieldsOfCopy(submission.FieldsJson, parties.SourceName, await _types.FindAsync(submission.ContentType, ct))), ct);
        var submitted = draft.Ok ? await _review.SubmitAsync(actor, draft.ItemId!, ct) : draft;
        if (!submitted.Ok)
        {
            await transaction.RollbackAsync(ct);
            _db.ChangeTracker.Clear();
            var detail = submitted.Validation is { Errors.Count: > 0 } v ? "（" + string.Join("；", v.Errors.Values) + "）" : "";
            return SubmissionResult.Fail(submitted.Outcome, $"未能采用：{submitted.Message}{detail}");
        }
        submission.State = SubmissionState.Adopting;
        submission.DecidedBy = actor.UserName;
        submission.DecidedUtc = Now;
        submission.AdoptedItemId = draft.ItemId;
        submission.AdoptedAccountId = record.Id;
        _db.Raise(new SubmissionAdopted(parties, draft.ItemId!, record.Id, actor.UserName));
        await _db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SubmissionResult(EditorialOutcome.Ok,
            $"已采用《{submission.Title}》：已在账号“{record.Label}”下生成草稿并提交本部门审核，审核通过并发布后计为采用。", submission.Id, draft.ItemId);
    }

    /// <summary>The desk returns a submission to the submitter with a reason (required).</summary>
    public async Task<SubmissionResult> ReturnAsync(EditorialActor actor, long submissionId, string? reason, CancellationToken ct = default)
    {
        if (CheckDesk(actor, "退回") is { } refused)
        {
            return refused;
        }
        reason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim();
        if (reason is null)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, "退回时请填写退回理由，说明报送单位需要修改或补充什么。");
        }
        if (reason.Length > ReasonMaxLength)
        {
            return SubmissionResult.Fail(EditorialOutcome.Invalid, $"退回理由不能超过 {ReasonMaxLength} 个字（现有 {reason.Length} 个字），请精简。");
        }
        var submission = await _db.Set<Submission>().FirstOrDefaultAsync(s => s.Id == submissionId, ct);
        if (submission is null)
        {
            return NotFound();
        }
        if (NotOpen(submission, "退回") is { } closed)
        {
            return closed;
        }
        submission.State = SubmissionState.Returned;
        submission.DecidedBy = actor.UserName;
        submission.DecidedUtc = Now;
        submission.ReturnReason = reason;
        _db.Raise(new SubmissionReturned(Parties(submission), reason, actor.UserName));
        await _db.SaveChangesAsync(ct);
        return new SubmissionResult(EditorialOutcome.Ok, $"已退回《{submission.Title}》，报送单位会收到退回理由。", submission.Id);
    }

    /// <summary>The desk's guard: a person of the current department who edits there (an adoption writes a draft).</summary>
    private SubmissionResult? CheckDesk(EditorialActor actor, string what)
    {
        if (_tenant.Current is not { } desk)
        {
            return SubmissionResult.Fail(EditorialOutcome.Forbidden, "没有选定部门。");
        }
        return actor.TenantId == desk.Id && (actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin))
            ? null
            : SubmissionResult.Fail(EditorialOutcome.Forbidden, $"只有{desk.DisplayName}的编辑或部门管理员可以{what}报送给本部门的信息。");
    }

    private SubmissionResult? NotOpen(Submission submission, string what) => submission.State switch
    {
        SubmissionState.Open => null,
        SubmissionState.Returned => SubmissionResult.Fail(EditorialOutcome.Invalid, $"该报送已于 {Show(submission.DecidedUtc)} 由 {submission.DecidedBy} 退回，不能再{what}。"),
        _ => SubmissionResult.Fail(EditorialOutcome.Invalid, $"该报送已于 {Show(submission.DecidedUtc)} 由 {submission.DecidedBy} 采用，不能再{what}。"),
    };

    private string Show(DateTime? utc) => TenantClock.For(_tenant.Current, _clock).Show(utc);

    private static SubmissionResult NotFound() => SubmissionResult.Fail(EditorialOutcome.NotFound, "报送不存在，或不是报送给本部门的。");

    internal SubmissionParties Parties(Submission s) => PartiesOf(s, _registry);

    internal static SubmissionParties PartiesOf(Submission s, TenantRegistry registry)
        => new(s.Id, s.SourceTenantId, registry.Find(s.SourceTenantId)?.DisplayName ?? s.SourceTenantId, s.TenantId, registry.Find(s.TenantId)?.DisplayName ?? s.TenantId,
            s.Title, s.SubmittedBy);
}
