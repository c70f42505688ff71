using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using NewMediaCms.Core.Http;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Notifications;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin;

/// <summary>消息通知: the signed-in person's notices, newest first; open one (marks it read), mark all read.</summary>
[Authorize(Policy = TenantPolicies.ReadDepartment)]
public sealed class NotificationsModel(NotificationInbox inbox, ITenantContext tenant, TimeProvider time) : PageModel
{
    public List<NotificationView> Items { get; private set; } = [];
    public bool UnreadOnly { get; private set; }
    public TenantClock Clock { get; private set; } = null!;
    public string? Message { get; private set; }

    private string Me => User.Identity?.Name ?? "";

    public async Task OnGetAsync(bool unread, CancellationToken ct)
    {
        Message = TempData["NotificationsMessage"] as string;
        UnreadOnly = unread;
        Clock = tenant.Clock(time);
        Items = await inbox.ListAsync(Me, unread, 200, ct);
    }

    /// <summary>Opens a notice: marked read, then on to what it is about (a link inside the site only).</summary>
    public async Task<IActionResult> OnPostOpenAsync(long id, CancellationToken ct)
    {
        var (found, href) = await inbox.MarkReadAsync(Me, id, ct);
        if (!found)
        {
            return NotFound();
        }
        return Redirect(LocalUrl.OrFallback(href, $"{Request.PathBase}/admin/notifications"));
    }

    public async Task<IActionResult> OnPostReadAsync(long id, CancellationToken ct)
    {
        var (found, _) = await inbox.MarkReadAsync(Me, id, ct);
        if (!found)
        {
            return NotFound();
        }
        return Redirect($"{Request.PathBase}/admin/notifications");
    }

    public async Task<IActionResult> OnPostReadAllAsync(CancellationToken ct)
    {
        var n = await inbox.MarkAllReadAsync(Me, ct);
        TempData["NotificationsMessage"] = n == 0 ? "没有未读消息。" : $"已将 {n} 条消息标为已读。";
        return Redirect($"{Request.PathBase}/admin/notifications");
    }
}
