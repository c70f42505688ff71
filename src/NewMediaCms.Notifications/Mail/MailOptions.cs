using Microsoft.Extensions.Options;
using MimeKit;

namespace NewMediaCms.Notifications.Mail;

public enum MailSecurity
{
    /// <summary>Plain SMTP (a relay on the local network or loopback).</summary>
    None,

    /// <summary>STARTTLS after connecting (port 587).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, port 465).</summary>
    SslOnConnect,

    /// <summary>STARTTLS when the server offers it.</summary>
    StartTlsWhenAvailable,
}

/// <summary>
/// SMTP for notices by e-mail, section "Mail". Without a host no e-mail is queued (in-app notices still are).
/// Validated at start: a configured host needs a valid sender, a port in range and, with a user name, a password.
/// </summary>
public sealed class MailOptions
{
    public const string Section = "Mail";

    public string? Host { get; set; }

    public int Port { get; set; } = 25;

    /// <summary>Sender, "name &lt;address&gt;" or an address.</summary>
    public string? From { get; set; }

    public MailSecurity Security { get; set; } = MailSecurity.StartTlsWhenAvailable;

    public string? UserName { get; set; }

    public string? Password { get; set; }

    /// <summary>Attempts before a message is given up (kept in the outbox with its error).</summary>
    public int MaxAttempts { get; set; } = 6;

    /// <summary>The admin's address as readers of the e-mail reach it ("https://xmt.example.gov.cn"), put before links; optional.</summary>
    public string? SiteUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(Host);
}

internal sealed class MailOptionsValidator : IValidateOptions<MailOptions>
{
    public ValidateOptionsResult Validate(string? name, MailOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }
        var errors = new List<string>();
        if (options.Port is < 1 or > 65535)
        {
            errors.Add($"Mail:Port 必须在 1 到 65535 之间（当前为 {options.Port}）。");
        }
        if (string.IsNullOrWhiteSpace(options.From) || !MailboxAddress.TryParse(options.From, out var from) || from.Domain.Length == 0 || from.LocalPart.Length == 0)
        {
            errors.Add("已设置 Mail:Host，请同时设置有效的发件人地址 Mail:From（例如 \"政务新媒体平台 <noreply@example.gov.cn>\"）。");
        }
        if (!string.IsNullOrEmpty(options.UserName) && string.IsNullOrEmpty(options.Password))
        {
            errors.Add("已设置 Mail:UserName，请同时设置 Mail:Password。");
        }
        if (options.MaxAttempts < 1)
        {
            errors.Add("Mail:MaxAttempts 至少为 1。");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
