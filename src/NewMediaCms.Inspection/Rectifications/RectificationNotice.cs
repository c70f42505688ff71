using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection.Rectifications;

public enum RectificationState
{
    /// <summary>Issued, waiting for the department's answer.</summary>
    Open,
    Answered,
    Accepted,
    /// <summary>The auditor did not accept the answer: the department must answer again.</summary>
    Reopened,
}

/// <summary>整改通知: issued from a finding to the department, with a deadline; answered by the department admin; accepted or reopened.</summary>
public sealed class RectificationNotice : ITenantOwned
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public string? AccountId { get; set; }
    public long RunId { get; set; }
    public long FindingId { get; set; }
    public string RuleId { get; set; } = "";
    public string Subject { get; set; } = "";
    public string Requirement { get; set; } = "";
    public DateOnly Deadline { get; set; }
    public RectificationState State { get; set; }
    public string IssuedBy { get; set; } = "";
    public DateTime IssuedUtc { get; set; }
    public string? AnswerNote { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTime? AnsweredUtc { get; set; }
    public string? ReviewNote { get; set; }
    public string? ReviewedBy { get; set; }
    public DateTime? ClosedUtc { get; set; }

    public bool IsOverdue(DateOnly today) => State is RectificationState.Open or RectificationState.Reopened && today > Deadline;

    public static string Chinese(RectificationState state) => state switch
    {
        RectificationState.Open => "待整改",
        RectificationState.Answered => "已反馈，待审核",
        RectificationState.Accepted => "已通过",
        RectificationState.Reopened => "退回重改",
        _ => state.ToString(),
    };
}

/// <summary>Raised on every step of a rectification (issued, answered, accepted, reopened) and audited as
/// "rectification.issued" / "rectification.answered" / "rectification.accepted" / "rectification.reopened".</summary>
public sealed record RectificationChanged(long NoticeId, string TenantId, RectificationState State, string Actor, DateTime AtUtc, string? Detail = null)
    : IAuditableEvent, INotifyingEvent
{
    /// <summary>Issued or reopened: the department's administrators; answered: the matrix's auditors; accepted: the department's administrators.</summary>
    public IEnumerable<Notice> ToNotices()
    {
        const string link = "/admin/inspection/rectifications";
        var admins = new[] { NoticeRecipient.InRole(Core.Identity.Roles.DepartmentAdmin, TenantId) };
        yield return State switch
        {
            RectificationState.Open => new Notice("rectification.issued", TenantId, "收到整改通知", Detail, link, admins),
            RectificationState.Reopened => new Notice("rectification.reopened", TenantId, "整改反馈被退回，请重新整改", Detail, link, admins),
            RectificationState.Accepted => new Notice("rectification.accepted", TenantId, "整改已通过审核", Detail, link, admins),
            _ => new Notice("rectification.answered", TenantId, "整改通知已反馈，待审核", Detail, link,
                [NoticeRecipient.InRole(Core.Identity.Roles.Auditor, null)]),
        };
    }

    public AuditRecord ToAuditRecord() => new(
        State switch
        {
            RectificationState.Open => "rectification.issued",
            RectificationState.Answered => "rectification.answered",
            RectificationState.Accepted => "rectification.accepted",
            _ => "rectification.reopened",
        },
        "RectificationNotice", NoticeId.ToString(System.Globalization.CultureInfo.InvariantCulture), null, RectificationNotice.Chinese(State),
        Detail, TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

public sealed class RectificationException(string message) : InvalidOperationException(message);

public sealed class RectificationService(NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public async Task<RectificationNotice> IssueAsync(long findingId, DateOnly deadline, string requirement, string auditor, CancellationToken ct)
    {
        var finding = await db.Set<InspectionFinding>().FirstOrDefaultAsync(f => f.Id == findingId, ct)
            ?? throw new RectificationException("检查发现不存在。");
        var now = clock.GetUtcNow().UtcDateTime;
        if (deadline < DateOnly.FromDateTime(now))
        {
            throw new RectificationException("整改期限不能早于今天。");
        }
        var notice = new RectificationNotice
        {
            TenantId = finding.TenantId,
            AccountId = finding.AccountId,
            RunId = finding.RunId,
            FindingId = finding.Id,
            RuleId = finding.RuleId,
            Subject = finding.Message,
            Requirement = string.IsNullOrWhiteSpace(requirement) ? finding.Task ?? "请按检查指标整改并反馈整改情况。" : requirement.Trim(),
            Deadline = deadline,
            State = RectificationState.Open,
            IssuedBy = auditor,
            IssuedUtc = now,
        };
        using (tenant.BeginMatrixScope())
        {
            // Saved first for its id; audited in the same transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(notice);
            await db.SaveChangesAsync(ct);
            db.Raise(new RectificationChanged(notice.Id, notice.TenantId, notice.State, auditor, now,
                $"{notice.RuleId} {notice.AccountId}：{notice.Requirement}（期限 {deadline:yyyy-MM-dd}）"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return notice;
    }

    /// <summary>The department admin answers (only in their own department: the tenant filter applies).</summary>
    public async Task AnswerAsync(long id, string note, string user, CancellationToken ct)
    {
        var notice = await db.Set<RectificationNotice>().FirstOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new RectificationException("整改通知不存在。");
        if (notice.State is not (RectificationState.Open or RectificationState.Reopened))
        {
            throw new RectificationException("该整改通知当前不需要反馈。");
        }
        if (string.IsNullOrWhiteSpace(note))
        {
            throw new RectificationException("请填写整改情况说明。");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        notice.AnswerNote = note.Trim();
        notice.AnsweredBy = user;
        notice.AnsweredUtc = now;
        notice.State = RectificationState.Answered;
        db.Raise(new RectificationChanged(notice.Id, notice.TenantId, notice.State, user, now, notice.AnswerNote));
        await db.SaveChangesAsync(ct);
    }

    public async Task ReviewAsync(long id, bool accept, string note, string auditor, CancellationToken ct)
    {
        using var _ = tenant.BeginMatrixScope();
        var notice = await db.Set<RectificationNotice>().AcrossTenants().FirstOrDefaultAsync(n => n.Id == id, ct)
            ?? throw new RectificationException("整改通知不存在。");
        if (notice.State != RectificationState.Answered)
        {
            throw new RectificationException("只能审核已反馈的整改通知。");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        notice.State = accept ? RectificationState.Accepted : RectificationState.Reopened;
        notice.ReviewNote = note.Trim();
        notice.ReviewedBy = auditor;
        notice.ClosedUtc = accept ? now : null;
        db.Raise(new RectificationChanged(notice.Id, notice.TenantId, notice.State, auditor, now, notice.ReviewNote));
        await db.SaveChangesAsync(ct);
    }
}
