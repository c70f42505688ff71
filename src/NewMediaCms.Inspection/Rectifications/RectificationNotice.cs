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

/// <summary>
/// 整改通知: issued to the department for one account of one run, covering all of the account's findings the auditor
/// selected (its <see cref="RectificationNoticeItem"/>s), with a deadline; answered by the department admin; accepted or
/// reopened. Notices issued before items existed cover the one finding they name (<see cref="FindingId"/>).
/// </summary>
public sealed class RectificationNotice : ITenantOwned
{
    public long Id { get; set; }
    public string TenantId { get; set; } = "";
    public string? AccountId { get; set; }
    public long RunId { get; set; }
    /// <summary>The first finding covered (the only one of a notice issued before items existed).</summary>
    public long FindingId { get; set; }
    /// <summary>The rules covered, comma separated ("NM-V06,NM-D01").</summary>
    public string RuleId { get; set; } = "";
    public List<RectificationNoticeItem> Items { get; set; } = [];
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

/// <summary>One finding a rectification notice covers, copied when the notice is issued (a run's findings stay as they were).</summary>
public sealed class RectificationNoticeItem : ITenantOwned
{
    public long Id { get; set; }
    public long NoticeId { get; set; }
    public string TenantId { get; set; } = "";
    public long FindingId { get; set; }
    public string RuleId { get; set; } = "";
    public string Severity { get; set; } = "";
    public string Message { get; set; } = "";
    public string? Task { get; set; }
}

public sealed class RectificationException(string message) : InvalidOperationException(message);

public sealed class RectificationService(NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>
    /// Issues one notice for an account's findings in a run: the findings named (all of the account's when none are), in
    /// one notice. An account has at most one unfinished notice per run: a second is refused with its number.
    /// </summary>
    public async Task<RectificationNotice> IssueAsync(long runId, string accountId, IReadOnlyCollection<long> findingIds, DateOnly deadline, string requirement, string auditor, CancellationToken ct)
    {
        var findings = await db.Set<InspectionFinding>().Where(f => f.RunId == runId && f.AccountId == accountId).OrderBy(f => f.RuleId).ThenBy(f => f.Id).ToListAsync(ct);
        if (findingIds.Count > 0)
        {
            findings = findings.Where(f => findingIds.Contains(f.Id)).ToList();
            if (findings.Count != findingIds.Distinct().Count())
            {
                throw new RectificationException("所选检查发现不属于该账号的本次检查。");
            }
        }
        if (findings.Count == 0)
        {
            throw new RectificationException("该账号在本次检查中没有需要整改的问题。");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (deadline < DateOnly.FromDateTime(now))
        {
            throw new RectificationException("整改期限不能早于今天。");
        }
        var first = findings[0];
        using (tenant.BeginMatrixScope())
        {
            var open = await db.Set<RectificationNotice>().AcrossTenants().AsNoTracking()
                .Where(n => n.RunId == runId && n.AccountId == accountId && n.State != RectificationState.Accepted).Select(n => (long?)n.Id).FirstOrDefaultAsync(ct);
            if (open is { } existing)
            {
                throw new RectificationException($"该账号在本次检查中已有未办结的整改通知（第 {existing} 号），一个账号只下发一份通知。");
            }
        }
        var rules = findings.Select(f => f.RuleId).Distinct().ToList();
        var tasks = findings.Select(f => f.Task).OfType<string>().Distinct().ToList();
        var notice = new RectificationNotice
        {
            TenantId = first.TenantId,
            AccountId = accountId,
            RunId = runId,
            FindingId = first.Id,
            RuleId = Truncate(string.Join(",", rules), 200),
            Subject = Truncate(findings.Count == 1 ? first.Message : $"{findings.Count} 项问题：" + string.Join("；", findings.Select(f => $"{f.RuleId} {f.Message}")), 2000),
            Requirement = Truncate(string.IsNullOrWhiteSpace(requirement)
                ? tasks.Count == 0 ? "请按检查指标整改并反馈整改情况。" : string.Join("；", tasks.Select((t, i) => tasks.Count == 1 ? t : $"{i + 1}. {t}"))
                : requirement.Trim(), 2000),
            Deadline = deadline,
            State = RectificationState.Open,
            IssuedBy = auditor,
            IssuedUtc = now,
            Items = findings.Select(f => new RectificationNoticeItem
            {
                TenantId = f.TenantId, FindingId = f.Id, RuleId = f.RuleId, Severity = f.Severity.ToString(), Message = Truncate(f.Message, 2000), Task = f.Task is null ? null : Truncate(f.Task, 500),
            }).ToList(),
        };
        using (tenant.BeginMatrixScope())
        {
            // Saved first for its id; audited in the same transaction.
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            db.Add(notice);
            await db.SaveChangesAsync(ct);
            db.Raise(new RectificationChanged(notice.Id, notice.TenantId, notice.State, auditor, now,
                $"{notice.RuleId} {notice.AccountId}（{notice.Items.Count} 项）：{notice.Requirement}（期限 {deadline:yyyy-MM-dd}）"));
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
        }
        return notice;
    }

    private static string Truncate(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";

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
