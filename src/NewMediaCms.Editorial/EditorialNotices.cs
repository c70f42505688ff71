using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Editorial;

// The notices of the editorial flow. Each is raised with the command's change, in the same unit of work, and carries
// the names of its recipients, decided by the command (the reviewers by the ReviewChain, the author by the version).
// The audit entry of each action stays its own Audited record; these events only notify.

/// <summary>A version waits for a review level: after submission (content.submitted) or after the level before it approved (content.review-due).</summary>
public sealed record ReviewRequested(string TenantId, string ItemId, string Title, int Level, string LevelName, IReadOnlyList<string> Reviewers, bool AfterApproval, string Actor)
    : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice(AfterApproval ? "content.review-due" : "content.submitted", TenantId,
            $"《{Title}》待您审核（第 {Level} 级“{LevelName}”）",
            AfterApproval ? $"上一级已审核通过，等待第 {Level} 级审核。" : $"{Actor} 提交了审核。",
            EditorialLinks.Item(ItemId), EditorialLinks.Users(Reviewers, Actor));
    }
}

/// <summary>A reviewer sent a version back: its writers are told why (content.rejected).</summary>
public sealed record ContentRejected(string TenantId, string ItemId, string Title, string Actor, string Comment, IReadOnlyList<string> Contributors) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("content.rejected", TenantId, $"《{Title}》被退回修改", $"{Actor} 退回：{Comment}", EditorialLinks.Item(ItemId),
            EditorialLinks.Users(Contributors, Actor));
    }
}

/// <summary>Every level approved: the writers (who publish it, or see when it goes out) are told (content.approved).</summary>
public sealed record ContentFullyApproved(string TenantId, string ItemId, string Title, string Actor, IReadOnlyList<string> Contributors, string? ScheduledLocal) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("content.approved", TenantId, $"《{Title}》已通过全部审核",
            ScheduledLocal is null ? "可以发布了。" : $"将于 {ScheduledLocal} 定时发布。", EditorialLinks.Item(ItemId), EditorialLinks.Users(Contributors, Actor));
    }
}

/// <summary>A version went public (by an editor or the schedule): its writers are told (content.published).</summary>
public sealed record ContentWentPublic(string TenantId, string ItemId, string Title, string Actor, IReadOnlyList<string> Contributors) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("content.published", TenantId, $"《{Title}》已发布", Actor == PublicationService.ScheduleActor ? "按定时发布。" : $"{Actor} 发布。",
            EditorialLinks.Item(ItemId), EditorialLinks.Users(Contributors, Actor));
    }
}

/// <summary>A public version reached its unpublish-at time and was taken down (content.expired).</summary>
public sealed record ContentExpired(string TenantId, string ItemId, string Title, IReadOnlyList<string> Contributors) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("content.expired", TenantId, $"《{Title}》已到期下线", "读者已看不到该内容；如需继续公开，请修改下线时间后重新发布。",
            EditorialLinks.Item(ItemId), EditorialLinks.Users(Contributors, null));
    }
}

/// <summary>A public version's unpublish-at time is near (content.expiring): its writers may extend it before readers lose it.</summary>
public sealed record ContentExpiringSoon(string TenantId, string ItemId, string Title, string UnpublishLocal, IReadOnlyList<string> Writers) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("content.expiring", TenantId, $"《{Title}》即将到期下线", $"将于 {UnpublishLocal} 下线；如需继续公开，请修改下线时间。",
            EditorialLinks.Item(ItemId), EditorialLinks.Users(Writers, null));
    }
}

internal static class EditorialLinks
{
    public static string Item(string itemId) => "/admin/content/" + Uri.EscapeDataString(itemId);

    /// <summary>The named people, once each, without the one who acted (nobody is told of their own action).</summary>
    public static IReadOnlyList<NoticeRecipient> Users(IEnumerable<string> names, string? actor)
        => [.. names.Where(n => n.Length > 0 && !string.Equals(n, actor, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).Select(NoticeRecipient.User)];

    /// <summary>
    /// The people who may approve the open level of <paramref name="chain"/> now: those named at it or holding its role in
    /// the department, kept when the chain says they may approve (not a writer, no other level approved by them).
    /// </summary>
    public static async Task<IReadOnlyList<string>> ReviewersAsync(IPeopleDirectory? people, ReviewChain chain, string tenantId, CancellationToken ct)
    {
        if (people is null || chain.NextLevel is not { } level)
        {
            return [];
        }
        var candidates = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        foreach (var name in level.Users)
        {
            if (await people.FindAsync(name, ct) is { } p)
            {
                candidates.TryAdd(p.UserName, p);
            }
        }
        if (level.Role is { Length: > 0 } role)
        {
            foreach (var p in await people.InRoleAsync(role, tenantId, ct))
            {
                candidates.TryAdd(p.UserName, p);
            }
        }
        return [.. candidates.Values.Where(p => p.TenantId == tenantId && chain.MayApprove(new EditorialActor(p.UserName, p.TenantId, p.Roles)))
            .Select(p => p.UserName).Order(StringComparer.Ordinal)];
    }

    public static IReadOnlyList<string> Writers(VersionReview? review, string author)
        => [.. (review?.ContributorList ?? []).Append(author).Distinct(StringComparer.OrdinalIgnoreCase)];
}
