using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

/// <summary>
/// The unit of work the editorial commands share: Content's items and versions (through <see cref="ContentStore"/>),
/// the review rows of Editorial, the department's chain as a <see cref="ReviewChain"/>, the audit entry (an event), and
/// the named guards every command starts with.
/// </summary>
internal sealed class EditorialStore(NmcDbContext db, ContentStore content, ITenantContext tenant, ReviewChainService chains, TimeProvider clock)
{
    public NmcDbContext Db => db;

    public ContentStore Content => content;

    public ITenantContext Tenant => tenant;

    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    public TenantClock Clock => tenant.Clock(clock);

    public Task<ContentItem?> LoadAsync(string itemId, CancellationToken ct) => content.FindItemAsync(itemId, false, ct);

    /// <summary>The review record of a version; versions made by recipes have none yet and count as draft (or published).</summary>
    public async Task<VersionReview> ReviewOfAsync(ContentVersion version, CancellationToken ct)
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

    /// <summary>The version's place in the department's chain: its levels, its approvals (voided ones too) and its contributors.</summary>
    public async Task<ReviewChain> ChainOfAsync(ContentVersion version, VersionReview review, CancellationToken ct)
    {
        var levels = await chains.LevelsAsync(ct);
        var approvals = await db.Set<ReviewApproval>().AsNoTracking().Where(a => a.VersionId == version.Id && !a.Voided).OrderBy(a => a.Level)
            .Select(a => new ApprovalInfo(a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided, a.Comment)).ToListAsync(ct);
        return ReviewChain.For(levels, version.ContentHash, approvals, review.ContributorList);
    }

    /// <summary>The versions approved (or scheduled) in review: composed into the publication claim and the due queries.</summary>
    public IQueryable<long> ApprovedVersionIds()
        => db.Set<VersionReview>().AcrossTenants().Where(r => r.State == ReviewState.Approved || r.State == ReviewState.Scheduled).Select(r => r.VersionId);

    public async Task<int> VoidApprovalsAsync(long versionId, CancellationToken ct)
    {
        var approvals = await db.Set<ReviewApproval>().Where(a => a.VersionId == versionId && !a.Voided).ToListAsync(ct);
        foreach (var a in approvals)
        {
            a.Voided = true;
            a.VoidedUtc = Now;
        }
        return approvals.Count;
    }

    public ContentVersion NewVersion(ContentItem item, int number, string title, string source, string fieldsJson, EditorialActor actor) => new()
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

    public VersionReview NewReview(ContentVersion version, EditorialActor actor)
    {
        var review = new VersionReview
        {
            VersionId = version.Id,
            TenantId = version.TenantId,
            ContentItemId = version.ContentItemId,
            State = ReviewState.Draft,
            Contributors = actor.UserName,
            UpdatedUtc = Now,
            UpdatedBy = actor.UserName,
        };
        db.Add(review);
        return review;
    }

    public static void AddContributor(VersionReview review, EditorialActor actor)
    {
        if (!review.ContributorList.Contains(actor.UserName, StringComparer.OrdinalIgnoreCase))
        {
            review.Contributors = review.Contributors.Length == 0 ? actor.UserName : review.Contributors + "," + actor.UserName;
        }
    }

    /// <summary>Keeps what <paramref name="actor"/> read of <paramref name="version"/> (one row per reviewer and item), saved with the caller's save.</summary>
    public async Task RecordSeenAsync(EditorialActor actor, ContentVersion version, string how, CancellationToken ct)
    {
        var view = await db.Set<ReviewerView>().FirstOrDefaultAsync(v => v.ContentItemId == version.ContentItemId && v.UserName == actor.UserName, ct);
        if (view is null)
        {
            view = new ReviewerView { TenantId = version.TenantId, ContentItemId = version.ContentItemId, UserName = actor.UserName };
            db.Add(view);
        }
        view.VersionId = version.Id;
        view.Number = version.Number;
        view.ContentHash = version.ContentHash;
        view.Title = version.Title;
        view.FieldsJson = version.FieldsJson;
        view.Markdown = version.Markdown;
        view.How = how;
        view.SeenUtc = Now;
    }

    /// <summary>The action's audit entry, written with the change (the audit capability handles the event in the same save).</summary>
    public void Audit(AuditRecord record) => db.Raise(new Audited(record));

    /// <summary>
    /// The command's transaction, or the caller's when one is already open (a command composed into a larger unit of
    /// work, such as the adoption of a submission: then the caller commits or rolls back all of it).
    /// </summary>
    public async Task<IDbContextTransaction> BeginTransactionAsync(CancellationToken ct)
        => db.Database.CurrentTransaction is { } open ? new JoinedTransaction(open) : await db.Database.BeginTransactionAsync(ct);

    /// <summary>A command's view of its caller's transaction: committing and rolling back are the caller's.</summary>
    private sealed class JoinedTransaction(IDbContextTransaction outer) : IDbContextTransaction
    {
        public Guid TransactionId => outer.TransactionId;

        public void Commit()
        {
        }

        public Task CommitAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Rollback()
        {
        }

        public Task RollbackAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    public async Task<bool> TrySaveAsync(CancellationToken ct)
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

    /// <summary>"yyyy-MM-dd HH:mm:ss" on the department's wall clock, "未设定" for none.</summary>
    public string FormatLocal(DateTime? utc) => utc is { } at ? Clock.ToLocal(at).ToString("yyyy-MM-dd HH:mm:ss") : "未设定";

    // The named guards: who may do what in the current department.

    public EditorialResult? CheckDepartment(EditorialActor actor, string what)
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

    public EditorialResult? CheckEditor(EditorialActor actor)
        => CheckDepartment(actor, "编辑")
           ?? (actor.TenantId == tenant.TenantId && (actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin))
               ? null
               : Forbidden("只有本部门的编辑可以撰写和修改内容。"));

    public EditorialResult? CheckManager(EditorialActor actor)
        => CheckDepartment(actor, "管理")
           ?? (actor.IsMatrixAdmin || actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.DepartmentAdmin)
               ? null
               : Forbidden("只有本部门的编辑或管理员可以执行此操作。"));

    public EditorialResult? CheckPublisher(EditorialActor actor)
        => CheckDepartment(actor, "发布")
           ?? (actor.IsMatrixAdmin || actor.IsInRole(Roles.Editor) || actor.IsInRole(Roles.Reviewer) || actor.IsInRole(Roles.DepartmentAdmin)
               ? null
               : Forbidden("您没有发布内容的权限。"));

    /// <summary>A department administrator of this department, or a matrix administrator.</summary>
    public EditorialResult? CheckDepartmentAdmin(EditorialActor actor, string refusal)
        => tenant.Current is { } current && (actor.IsMatrixAdmin || (actor.TenantId == current.Id && actor.IsInRole(Roles.DepartmentAdmin)))
            ? null
            : Forbidden(refusal);

    public static EditorialResult? CheckTimes(DateTime? publishAtUtc, DateTime? unpublishAtUtc)
        => publishAtUtc is { } p && unpublishAtUtc is { } u && u <= p
            ? EditorialResult.Fail(EditorialOutcome.Invalid, "下线时间必须晚于发布时间，请修改下线时间或发布时间。")
            : null;

    public static EditorialResult Conflict(ContentVersion latest, VersionReview review)
        => EditorialResult.Fail(EditorialOutcome.Conflict,
            $"保存失败：该内容已被 {review.UpdatedBy} 修改（当前为第 {latest.Number} 版），您编辑的是旧版本。请刷新页面，核对对方的修改后再保存；您的修改没有保存，请先复制留存。");

    public static string Ref(ContentVersion v) => $"v{v.Number}#{v.Id} {v.ContentHash}";

    public static string VersionKey(ContentVersion v) => $"{v.ContentItemId}/v{v.Number}";

    public static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    public static EditorialResult NotFound() => EditorialResult.Fail(EditorialOutcome.NotFound, "内容不存在。");

    public static EditorialResult Invalid(string message) => EditorialResult.Fail(EditorialOutcome.Invalid, message);

    public static EditorialResult Forbidden(string message) => EditorialResult.Fail(EditorialOutcome.Forbidden, message);
}
