using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Identity;
using NewMediaCms.Notifications.Mail;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Notifications;

/// <summary>
/// The one handler of every <see cref="INotifyingEvent"/>: each notice becomes an in-app message per recipient and,
/// when SMTP is configured and the person has an address, a row in the mail outbox — all in the unit of work that
/// raised the event. A department user receives notices of their own department only; matrix users receive any.
/// </summary>
internal sealed class NotificationHandler(IPeopleDirectory people, IOptions<MailOptions> mail, TenantRegistry registry, TimeProvider clock)
    : IDomainEventHandler<INotifyingEvent>
{
    public async Task HandleAsync(INotifyingEvent domainEvent, NmcDbContext db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var notice in domainEvent.ToNotices())
        {
            foreach (var person in await RecipientsAsync(notice, cancellationToken))
            {
                var notification = new Notification
                {
                    UserName = person.UserName,
                    TenantId = notice.TenantId,
                    Kind = notice.Kind,
                    Title = Clip(notice.Title, 300),
                    Body = notice.Body is null ? null : Clip(notice.Body, 2000),
                    Link = notice.Link,
                    CreatedUtc = now,
                };
                db.Add(notification);
                if (mail.Value.Enabled && !string.IsNullOrWhiteSpace(person.Email))
                {
                    db.Add(new MailOutboxMessage
                    {
                        ToAddress = person.Email.Trim(),
                        ToName = person.DisplayName,
                        Subject = Clip("【政务新媒体平台】" + notice.Title, 300),
                        Body = Clip(MailBody(notice, person), 4000),
                        CreatedUtc = now,
                        NextAttemptUtc = now,
                    });
                }
            }
        }
    }

    /// <summary>The people a notice reaches: named users and role holders, once each, within the notice's department.</summary>
    internal async Task<List<Person>> RecipientsAsync(Notice notice, CancellationToken ct)
    {
        var found = new Dictionary<string, Person>(StringComparer.OrdinalIgnoreCase);
        foreach (var to in notice.To)
        {
            if (to.UserName is { Length: > 0 } name)
            {
                if (await people.FindAsync(name, ct) is { } person)
                {
                    found.TryAdd(person.UserName, person);
                }
            }
            else if (to.Role is { Length: > 0 } role)
            {
                foreach (var person in await people.InRoleAsync(role, Roles.IsMatrixRole(role) ? to.TenantId : to.TenantId ?? notice.TenantId, ct))
                {
                    found.TryAdd(person.UserName, person);
                }
            }
        }
        return [.. found.Values.Where(p => p.TenantId is null || notice.TenantId is null || p.TenantId == notice.TenantId)];
    }

    private string MailBody(Notice notice, Person person)
    {
        var text = $"{person.DisplayName}，您好：\n\n{notice.Title}\n";
        if (!string.IsNullOrWhiteSpace(notice.Body))
        {
            text += "\n" + notice.Body + "\n";
        }
        if (notice.Link is { Length: > 0 } link)
        {
            var pathBase = notice.TenantId is null ? "" : registry.Find(notice.TenantId)?.PathBase ?? "";
            text += $"\n请登录管理后台查看：{mail.Value.SiteUrl?.TrimEnd('/')}{pathBase}{link}\n";
        }
        return text + "\n（本邮件由系统自动发送，请勿回复。）";
    }

    private static string Clip(string s, int max) => s.Length <= max ? s : s[..(max - 1)] + "…";
}
