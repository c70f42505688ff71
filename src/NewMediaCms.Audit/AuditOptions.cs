using Microsoft.Extensions.Options;

namespace NewMediaCms.Audit;

/// <summary>The MAC of the chain: HMAC-SHA256 by default, HMAC-SM3 (GB/T 32905) where 国密 is required.</summary>
public enum AuditAlgorithm
{
    HmacSha256,
    HmacSm3,
}

/// <summary>
/// Settings of the audit log (section "Audit"). The key never lives in the database: it is <see cref="Key"/> (base64,
/// at least 32 bytes, e.g. from an environment variable or a secret store) or the file <c>audit.key</c> in
/// <see cref="KeyDirectory"/>, created (0600, directory 0700) on first start when absent.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Audit";

    /// <summary>Fewest days an entry is kept (网络安全法 §21: at least six months).</summary>
    public const int MinimumRetentionDays = 180;

    /// <summary>The master key, base64. When set, no key file is read or written.</summary>
    public string? Key { get; set; }

    /// <summary>Where the key file lives. Relative paths are under the store's App_Data; default <c>App_Data/audit</c>.</summary>
    public string KeyDirectory { get; set; } = "audit";

    /// <summary>Where the signed checkpoint file (<c>audit-anchors.jsonl</c>) is appended; default the key directory.</summary>
    public string? AnchorDirectory { get; set; }

    /// <summary>Where archives written before removal go; default <c>archives</c> under the key directory.</summary>
    public string? ArchiveDirectory { get; set; }

    public AuditAlgorithm Algorithm { get; set; } = AuditAlgorithm.HmacSha256;

    /// <summary>A checkpoint is also written each time the chain passes a multiple of this many entries.</summary>
    public int CheckpointEvery { get; set; } = 100;

    /// <summary>Entries younger than this are never removed; at least <see cref="MinimumRetentionDays"/>.</summary>
    public int RetentionDays { get; set; } = MinimumRetentionDays;

    /// <summary>Optional remote copy of every checkpoint: RFC 5424 syslog to this host (empty: off).</summary>
    public string? SyslogHost { get; set; }

    public int SyslogPort { get; set; } = 514;

    /// <summary>"udp" or "tcp" (TCP with octet-counting framing, RFC 6587).</summary>
    public string SyslogProtocol { get; set; } = "udp";
}

internal sealed class AuditOptionsValidator : IValidateOptions<AuditOptions>
{
    public ValidateOptionsResult Validate(string? name, AuditOptions options)
    {
        var errors = new List<string>();
        if (options.RetentionDays < AuditOptions.MinimumRetentionDays)
        {
            errors.Add($"配置项 Audit:RetentionDays 为 {options.RetentionDays} 天，审计记录至少保存 {AuditOptions.MinimumRetentionDays} 天（网络安全法第二十一条：不少于六个月），请改为 {AuditOptions.MinimumRetentionDays} 或更大。");
        }
        if (options.CheckpointEvery < 1)
        {
            errors.Add("配置项 Audit:CheckpointEvery 必须是正整数（每多少条记录写一次外部检查点）。");
        }
        if (!string.IsNullOrEmpty(options.Key))
        {
            byte[]? key = null;
            try
            {
                key = Convert.FromBase64String(options.Key);
            }
            catch (FormatException)
            {
            }
            if (key is null || key.Length < 32)
            {
                errors.Add("配置项 Audit:Key 必须是至少 32 字节的 Base64 字符串（例如 openssl rand -base64 32 的输出）。");
            }
        }
        if (string.IsNullOrWhiteSpace(options.KeyDirectory) && string.IsNullOrEmpty(options.Key))
        {
            errors.Add("请设置 Audit:Key（Base64 密钥）或 Audit:KeyDirectory（审计密钥文件所在目录）。");
        }
        if (!string.IsNullOrEmpty(options.SyslogHost) && options.SyslogProtocol is not ("udp" or "tcp"))
        {
            errors.Add("配置项 Audit:SyslogProtocol 只能是 udp 或 tcp。");
        }
        if (!string.IsNullOrEmpty(options.SyslogHost) && options.SyslogPort is < 1 or > 65535)
        {
            errors.Add("配置项 Audit:SyslogPort 必须在 1 到 65535 之间。");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
