using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Distribution.Submissions;

// The events of 信息报送: each is the action's audit entry (Audit's one handler) and its notices (Notifications' one
// handler), raised with the change in the same unit of work.

/// <summary>The desk and submitter of one submission, as the events name them.</summary>
public sealed record SubmissionParties(long SubmissionId, string SourceTenantId, string SourceName, string DeskTenantId, string DeskName, string Title, string SubmittedBy)
{
    public string Link => "/admin/submissions/" + SubmissionId;

    public string Subject => SubmissionId.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A department submitted an approved version to a desk (submission.sent): the desk's editors and administrators are told.</summary>
public sealed record SubmissionSent(SubmissionParties Parties, string SourceItemId, string VersionRef, string? Note, string Actor) : IAuditableEvent, INotifyingEvent
{
    public AuditRecord ToAuditRecord() => new("submission.sent", "Submission", Parties.Subject, null, $"{SourceItemId} {VersionRef} -> {Parties.DeskTenantId}",
        $"向{Parties.DeskName}报送《{Parties.Title}》" + (Note is null ? "" : "：" + Note), Parties.SourceTenantId, Actor);

    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("submission.received", Parties.DeskTenantId, $"{Parties.SourceName}报送《{Parties.Title}》，待处理",
            (Note is null ? "" : $"报送说明：{Note}。") + "请在“信息报送”中采用或退回。", Parties.Link,
            [NoticeRecipient.InRole(Roles.Editor, Parties.DeskTenantId), NoticeRecipient.InRole(Roles.DepartmentAdmin, Parties.DeskTenantId)]);
    }
}

/// <summary>The desk adopted a submission: its copy went into the desk's review chain (submission.adopted); the submitter is told.</summary>
public sealed record SubmissionAdopted(SubmissionParties Parties, string AdoptedItemId, string AccountId, string Actor) : IAuditableEvent, INotifyingEvent
{
    public AuditRecord ToAuditRecord() => new("submission.adopted", "Submission", Parties.Subject, nameof(SubmissionState.Open), $"{nameof(SubmissionState.Adopting)} item={AdoptedItemId} account={AccountId}",
        $"采用{Parties.SourceName}报送的《{Parties.Title}》，以“{AdoptedItemId}”进入本部门审核流程", Parties.DeskTenantId, Actor);

    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("submission.adopted", Parties.SourceTenantId, $"《{Parties.Title}》已被{Parties.DeskName}采用",
            $"已进入{Parties.DeskName}的审核流程，发布后计为采用。", Parties.Link, [NoticeRecipient.User(Parties.SubmittedBy)]);
    }
}

/// <summary>The desk published its copy of a submission: it now counts as 采用 (submission.adoption-published); the submitter is told.</summary>
public sealed record SubmissionAdoptionPublished(SubmissionParties Parties, string AdoptedItemId) : IAuditableEvent, INotifyingEvent
{
    public AuditRecord ToAuditRecord() => new("submission.adoption-published", "Submission", Parties.Subject, nameof(SubmissionState.Adopting), $"{nameof(SubmissionState.Adopted)} item={AdoptedItemId}",
        $"{Parties.DeskName}发布了采用的《{Parties.Title}》（{Parties.SourceName}报送），计为采用", Parties.DeskTenantId);

    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("submission.published", Parties.SourceTenantId, $"《{Parties.Title}》已由{Parties.DeskName}采用发布",
            "计为采用 1 篇，页面注明了本部门为来源。", Parties.Link, [NoticeRecipient.User(Parties.SubmittedBy)]);
    }
}

/// <summary>The desk returned a submission with a reason (submission.returned); the submitter is told why.</summary>
public sealed record SubmissionReturned(SubmissionParties Parties, string Reason, string Actor) : IAuditableEvent, INotifyingEvent
{
    public AuditRecord ToAuditRecord() => new("submission.returned", "Submission", Parties.Subject, nameof(SubmissionState.Open), nameof(SubmissionState.Returned),
        $"退回{Parties.SourceName}报送的《{Parties.Title}》：{Reason}", Parties.DeskTenantId, Actor);

    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("submission.returned", Parties.SourceTenantId, $"《{Parties.Title}》被{Parties.DeskName}退回",
            $"退回理由：{Reason}", Parties.Link, [NoticeRecipient.User(Parties.SubmittedBy)]);
    }
}
