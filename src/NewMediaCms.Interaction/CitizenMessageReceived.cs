using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Interaction;

/// <summary>A citizen left a message: those who answer it in the department (its administrators and editors) are told (message.received).</summary>
public sealed record CitizenMessageReceived(long MessageId, string TenantId, string Subject) : INotifyingEvent
{
    public IEnumerable<Notice> ToNotices()
    {
        yield return new Notice("message.received", TenantId, $"新留言待答复：{Subject}", "请在答复期限内答复（工作日计算，见留言办理）。",
            "/admin/messages/" + MessageId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [NoticeRecipient.InRole(Roles.DepartmentAdmin, TenantId), NoticeRecipient.InRole(Roles.Editor, TenantId)]);
    }
}
