using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;
using NewMediaCms.Core.Data;
using NewMediaCms.Jobs;

namespace NewMediaCms.Notifications.Mail;

/// <summary>
/// Drains the mail outbox (a Hangfire recurring job, every minute): the due messages in one SMTP session; a message
/// that fails keeps its error and is tried again after 1, 2, 4, 8... minutes, up to <see cref="MailOptions.MaxAttempts"/>.
/// </summary>
public sealed class MailOutboxJob(NmcDbContext db, IOptions<MailOptions> options, TimeProvider clock, ILogger<MailOutboxJob> logger) : IRecurringJob
{
    public const string JobId = "mail-outbox";

    private const int BatchSize = 50;

    /// <summary>Sends what is due; returns how many were sent.</summary>
    public async Task<int> SendDueAsync(CancellationToken cancellationToken)
    {
        var mail = options.Value;
        if (!mail.Enabled)
        {
            return 0;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Set<MailOutboxMessage>().Where(m => m.SentUtc == null && !m.Failed && m.NextAttemptUtc <= now)
            .OrderBy(m => m.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return 0;
        }
        var sent = 0;
        var tried = new HashSet<long>();
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(mail.Host!, mail.Port, Socket(mail.Security), cancellationToken);
            if (!string.IsNullOrEmpty(mail.UserName))
            {
                await client.AuthenticateAsync(mail.UserName, mail.Password ?? "", cancellationToken);
            }
            foreach (var message in due)
            {
                try
                {
                    await client.SendAsync(Compose(mail, message), cancellationToken);
                    message.SentUtc = clock.GetUtcNow().UtcDateTime;
                    message.LastError = null;
                    sent++;
                }
                catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or FormatException)
                {
                    Failed(message, ex, mail, now);
                    tried.Add(message.Id);
                    if (!client.IsConnected)
                    {
                        break;
                    }
                }
            }
            if (client.IsConnected)
            {
                await client.DisconnectAsync(true, cancellationToken);
            }
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or IOException or System.Net.Sockets.SocketException or AuthenticationException or SslHandshakeException)
        {
            // The server is down or refuses us: every message not sent yet waits for its next attempt.
            foreach (var message in due.Where(m => m.SentUtc is null && !tried.Contains(m.Id)))
            {
                Failed(message, ex, mail, now);
            }
            logger.LogWarning(ex, "邮件发送失败（{Host}:{Port}），{Count} 封稍后重试", mail.Host, mail.Port, due.Count(m => m.SentUtc is null));
        }
        await db.SaveChangesAsync(cancellationToken);
        return sent;
    }

    public Task RunAsync(CancellationToken cancellationToken) => SendDueAsync(cancellationToken);

    private static void Failed(MailOutboxMessage message, Exception ex, MailOptions mail, DateTime now)
    {
        message.Attempts++;
        message.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
        message.NextAttemptUtc = now.AddMinutes(Math.Pow(2, message.Attempts - 1));
        message.Failed = message.Attempts >= mail.MaxAttempts;
    }

    private static MimeMessage Compose(MailOptions mail, MailOutboxMessage m)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(mail.From!));
        message.To.Add(new MailboxAddress(m.ToName, m.ToAddress));
        message.Subject = m.Subject;
        message.Body = new TextPart("plain") { Text = m.Body };
        return message;
    }

    private static SecureSocketOptions Socket(MailSecurity security) => security switch
    {
        MailSecurity.None => SecureSocketOptions.None,
        MailSecurity.StartTls => SecureSocketOptions.StartTls,
        MailSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.StartTlsWhenAvailable,
    };
}
