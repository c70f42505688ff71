using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Notifications;

/// <summary>A notice as the list shows it: its link already under the department's path base.</summary>
public sealed record NotificationView(long Id, string Kind, string Title, string? Body, string? Href, DateTime CreatedUtc, bool Read);

/// <summary>One person's in-app messages (站内消息): the list, the unread count for the bell, mark read, mark all read.</summary>
public sealed class NotificationInbox(NmcDbContext db, TenantRegistry registry, TimeProvider clock)
{
    private int? _unread;
    private string? _unreadOf;

    /// <summary>Unread notices of <paramref name="userName"/>; counted once per request (the layout and the page both ask).</summary>
    public async Task<int> UnreadCountAsync(string userName, CancellationToken ct = default)
    {
        if (_unread is { } n && _unreadOf == userName)
        {
            return n;
        }
        _unreadOf = userName;
        _unread = await Mine(userName).CountAsync(x => x.ReadUtc == null, ct);
        return _unread.Value;
    }

    public async Task<List<NotificationView>> ListAsync(string userName, bool unreadOnly = false, int take = 100, CancellationToken ct = default)
    {
        var q = Mine(userName);
        if (unreadOnly)
        {
            q = q.Where(x => x.ReadUtc == null);
        }
        var rows = await q.OrderByDescending(x => x.Id).Take(take).ToListAsync(ct);
        return [.. rows.Select(x => new NotificationView(x.Id, x.Kind, x.Title, x.Body, Href(x), x.CreatedUtc, x.ReadUtc is not null))];
    }

    /// <summary>Marks one notice read; returns where it points (null when it is not this person's, or has no link).</summary>
    public async Task<(bool Found, string? Href)> MarkReadAsync(string userName, long id, CancellationToken ct = default)
    {
        var row = await db.Set<Notification>().FirstOrDefaultAsync(x => x.Id == id && x.UserName == userName, ct);
        if (row is null)
        {
            return (false, null);
        }
        row.ReadUtc ??= clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
        _unread = null;
        return (true, Href(row));
    }

    public async Task<int> MarkAllReadAsync(string userName, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var n = await db.Set<Notification>().Where(x => x.UserName == userName && x.ReadUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ReadUtc, now), ct);
        _unread = null;
        return n;
    }

    private IQueryable<Notification> Mine(string userName) => db.Set<Notification>().AsNoTracking().Where(x => x.UserName == userName);

    private string? Href(Notification x)
        => x.Link is null ? null : (x.TenantId is null ? "" : registry.Find(x.TenantId)?.PathBase ?? "") + x.Link;
}
