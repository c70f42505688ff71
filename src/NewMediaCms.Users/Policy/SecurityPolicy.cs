using System.Text.Json;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Settings;

namespace NewMediaCms.Users.Policy;

/// <summary>
/// The security policy the security administrator (安全管理员) sets: passwords, sessions, the second factor. One JSON
/// setting of the matrix (<see cref="SettingKey"/>); unset values take the defaults below.
/// </summary>
public sealed record SecurityPolicy
{
    public const string SettingKey = "security.policy";

    /// <summary>Minimum password length (default 12).</summary>
    public int PasswordMinLength { get; init; } = 12;

    /// <summary>How many of the four classes (upper case, lower case, digits, symbols) a password must mix (default 3).</summary>
    public int PasswordClasses { get; init; } = 3;

    /// <summary>Days after which a password must be changed; 0: never (default).</summary>
    public int PasswordMaxAgeDays { get; init; }

    /// <summary>A session ends after this many minutes without a request (default 30).</summary>
    public int SessionIdleMinutes { get; init; } = 30;

    /// <summary>A session ends this many hours after sign-in, active or not (default 8).</summary>
    public int SessionLifetimeHours { get; init; } = 8;

    /// <summary>Matrix roles, the 三权 administrators and department admins must use a second factor (TOTP).</summary>
    public bool TwoFactorRequiredForAdmins { get; init; }

    /// <summary>The Chinese reasons this policy cannot be saved, by field; empty when it can.</summary>
    public IReadOnlyDictionary<string, string> Problems()
    {
        var problems = new Dictionary<string, string>();
        if (PasswordMinLength is < 8 or > 128)
        {
            problems[nameof(PasswordMinLength)] = "密码最小长度应在 8 到 128 个字符之间（等保三级要求至少 8 位）。";
        }
        if (PasswordClasses is < 1 or > 4)
        {
            problems[nameof(PasswordClasses)] = "字符类别数应在 1 到 4 之间（大写字母、小写字母、数字、符号）。";
        }
        if (PasswordMaxAgeDays is < 0 or > 3650)
        {
            problems[nameof(PasswordMaxAgeDays)] = "密码有效期应在 0 到 3650 天之间（0 表示不要求定期修改）。";
        }
        if (SessionIdleMinutes is < 1 or > 1440)
        {
            problems[nameof(SessionIdleMinutes)] = "空闲超时应在 1 到 1440 分钟之间。";
        }
        if (SessionLifetimeHours is < 1 or > 24)
        {
            problems[nameof(SessionLifetimeHours)] = "会话最长有效期应在 1 到 24 小时之间。";
        }
        else if (SessionIdleMinutes > SessionLifetimeHours * 60)
        {
            problems[nameof(SessionIdleMinutes)] = "空闲超时不能长于会话最长有效期。";
        }
        return problems;
    }
}

/// <summary>The security policy was changed (by the security administrator or a recipe).</summary>
public sealed record SecurityPolicyChanged(string BeforeJson, string AfterJson, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("security.policy-changed", "SecurityPolicy", SecurityPolicy.SettingKey, BeforeJson, AfterJson,
        "修改安全策略（密码、会话、双因素认证）", Actor: Actor);
}

/// <summary>Reads and saves the <see cref="SecurityPolicy"/>.</summary>
public sealed class SecurityPolicyStore(SettingsStore settings, NmcDbContext db, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<SecurityPolicy> GetAsync(CancellationToken ct = default)
    {
        var json = await settings.GetJsonAsync(SettingsStore.MatrixScope, SecurityPolicy.SettingKey, ct);
        return Parse(json);
    }

    internal static SecurityPolicy Parse(string? json)
    {
        if (string.IsNullOrEmpty(json) || json == "null")
        {
            return new SecurityPolicy();
        }
        try
        {
            // A value stored as a JSON string (the settings recipe step writes strings) holds the object's text.
            using var doc = JsonDocument.Parse(json);
            var text = doc.RootElement.ValueKind == JsonValueKind.String ? doc.RootElement.GetString()! : json;
            return JsonSerializer.Deserialize<SecurityPolicy>(text, Json) ?? new SecurityPolicy();
        }
        catch (JsonException)
        {
            return new SecurityPolicy();
        }
    }

    /// <summary>Saves a policy (refused with Chinese reasons by field when out of bounds) and audits the change.</summary>
    public async Task<IReadOnlyDictionary<string, string>> SaveAsync(SecurityPolicy policy, string actor, CancellationToken ct = default)
    {
        var problems = policy.Problems();
        if (problems.Count > 0)
        {
            return problems;
        }
        var before = await GetAsync(ct);
        if (before == policy)
        {
            return problems;
        }
        var json = JsonSerializer.Serialize(policy, Json);
        await settings.SetJsonAsync(SettingsStore.MatrixScope, SecurityPolicy.SettingKey, json, clock.GetUtcNow().UtcDateTime, ct);
        db.Raise(new SecurityPolicyChanged(JsonSerializer.Serialize(before, Json), json, actor));
        await db.SaveChangesAsync(ct);
        return problems;
    }
}
