using NewMediaCms.Core.Events;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Settings;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Interaction;

/// <summary>What a citizen typed into the public form (raw; the service trims and checks it).</summary>
public sealed record MessageInput(string? AccountId, string? Name, string? Contact, string? Subject, string? Body, string? Honeypot);

/// <summary>
/// The outcome of a submission: the errors per field (Chinese, shown next to the field), or the stored message and its
/// query code. <see cref="Typed"/> is what to show in the form again: what the citizen typed, without control characters.
/// </summary>
public sealed record SubmitResult(IReadOnlyDictionary<string, string> Errors, CitizenMessage? Message, string? QueryCode, MessageInput? Typed = null)
{
    public bool Ok => Message is not null;
}

/// <summary>A department's message function (留言功能): on by default; a department admin can switch it off, for the department or per account.</summary>
public sealed record MessageSwitch(bool Enabled, IReadOnlyList<string> ClosedAccountIds)
{
    public const string SettingKey = "interaction.messages";

    public static readonly MessageSwitch On = new(true, []);

    public bool OpenFor(string? accountId) => Enabled && (accountId is null || !ClosedAccountIds.Contains(accountId));

    public static MessageSwitch Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return On;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            if (root.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                return new MessageSwitch(root.GetBoolean(), []);
            }
            var enabled = !root.TryGetProperty("enabled", out var e) || e.ValueKind != JsonValueKind.False;
            var closed = root.TryGetProperty("closedAccounts", out var c) && c.ValueKind == JsonValueKind.Array
                ? c.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToList()
                : [];
            return new MessageSwitch(enabled, closed);
        }
        catch (JsonException)
        {
            return On;
        }
    }

    public string ToJson() => JsonSerializer.Serialize(new { enabled = Enabled, closedAccounts = ClosedAccountIds });
}

/// <summary>
/// Citizen messages of the current department: the public form, the query-code lookup, the public list of answered messages,
/// and the department's inbox actions (reply, not public). Every change is audited in the same unit of work.
/// </summary>
public sealed partial class MessageService(NmcDbContext db, ITenantContext tenant, AccountDirectory accountDirectory, SettingsStore settings, ReplyDeadlines deadlines, TimeProvider clock,
    IEnumerable<NewMediaCms.Core.Safety.ISafetyCheck> safetyChecks)
{
    private const string CodeAlphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
    public const int CodeLength = 12;

    // A phone number (digits, spaces, dashes, brackets, a leading +) or an e-mail address.
    [GeneratedRegex(@"^(\+?[0-9][0-9 \-()]{5,19}|[^@\s]+@[^@\s]+\.[^@\s]+)$")]
    private static partial Regex ContactPattern();

    public async Task<MessageSwitch> SwitchAsync(CancellationToken ct)
    {
        var scope = tenant.TenantId;
        return scope is null ? MessageSwitch.Parse(null) : MessageSwitch.Parse(await settings.GetJsonAsync(scope, MessageSwitch.SettingKey, ct));
    }

    public async Task SaveSwitchAsync(MessageSwitch value, CancellationToken ct)
    {
        var scope = tenant.TenantId ?? throw new InvalidOperationException("没有部门上下文。");
        var json = value.ToJson();
        var before = MessageSwitch.Parse(await settings.SetJsonAsync(scope, MessageSwitch.SettingKey, json, clock.GetUtcNow().UtcDateTime, ct));
        db.Raise(new Audited(new AuditRecord("message.settings-changed", "MessageSettings", scope, before.ToJson(), json,
            value.Enabled ? (value.ClosedAccountIds.Count > 0 ? $"留言功能开启，{value.ClosedAccountIds.Count} 个账号关闭" : "留言功能开启") : "留言功能关闭")));
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The accounts a citizen may address: the department's active and suspended accounts.</summary>
    public Task<List<AccountRecord>> AddressableAccountsAsync(CancellationToken ct) => accountDirectory.AddressableAsync(ct);

    public async Task<SubmitResult> SubmitAsync(MessageInput input, CancellationToken ct)
    {
        var errors = new Dictionary<string, string>();
        // Control characters (a NUL byte, escape sequences) are never stored: in the one-line fields they refuse the
        // message with a note (the form shows the text without them); in the body they are dropped like stray line ends.
        var typed = input with { Name = WithoutControls(input.Name), Contact = WithoutControls(input.Contact), Subject = WithoutControls(input.Subject), Body = BodyWithoutControls(input.Body) };
        Controls(errors, "name", "姓名", input.Name);
        Controls(errors, "contact", "联系方式", input.Contact);
        Controls(errors, "subject", "主题", input.Subject);
        var name = Clean(typed.Name);
        var contact = Clean(typed.Contact);
        var subject = Clean(typed.Subject);
        var body = CleanBody(input.Body);
        var accountId = Clean(input.AccountId);
        if (!string.IsNullOrEmpty(input.Honeypot))
        {
            errors["form"] = "提交未被接受：请将“请勿填写”一栏留空后再提交。";
        }
        Length(errors, "name", "姓名", name, MessageLimits.Name);
        if (contact is not null && !errors.ContainsKey("contact") && !Length(errors, "contact", "联系方式", contact, MessageLimits.Contact) && !ContactPattern().IsMatch(contact))
        {
            errors["contact"] = "联系方式请填写手机号码、固定电话或电子邮箱。";
        }
        if (subject is null)
        {
            errors.TryAdd("subject", "请填写留言主题。");
        }
        else if (!errors.ContainsKey("subject"))
        {
            Length(errors, "subject", "主题", subject, MessageLimits.Subject);
        }
        if (body is null)
        {
            errors["body"] = "请填写留言内容。";
        }
        else if (body.Length < 5)
        {
            errors["body"] = "留言内容至少 5 个字，请把问题说清楚。";
        }
        else
        {
            Length(errors, "body", "留言内容", body, MessageLimits.Body);
        }
        var box = await SwitchAsync(ct);
        if (accountId is not null)
        {
            var accounts = await AddressableAccountsAsync(ct);
            if (accounts.All(a => a.Id != accountId))
            {
                errors["accountId"] = "请从列表中选择本部门的账号，或选择“本部门”。";
            }
        }
        if (!box.OpenFor(accountId) && !errors.ContainsKey("accountId"))
        {
            errors[box.Enabled ? "accountId" : "form"] = box.Enabled ? "该账号暂未开通留言，请选择“本部门”或其他账号。" : "本部门暂未开通网上留言。";
        }
        if (errors.Count > 0)
        {
            return new SubmitResult(errors, null, null, typed);
        }

        var code = NewCode();
        var message = new CitizenMessage
        {
            TenantId = tenant.TenantId ?? throw new InvalidOperationException("没有部门上下文。"),
            AccountId = accountId,
            Name = name,
            Contact = contact,
            Subject = subject!,
            Body = body!,
            Status = MessageStatus.Open,
            QueryCodeHash = Hash(code),
            ReceivedUtc = clock.GetUtcNow().UtcDateTime,
        };
        // Saved first for its id, audited in the same transaction. The audit entry names the message, never the writer's contact.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(message);
        await db.SaveChangesAsync(ct);
        db.Raise(new Audited(new AuditRecord("message.received", "CitizenMessage", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), null,
            accountId ?? "（本部门）", $"收到留言“{subject}”")));
        db.Raise(new CitizenMessageReceived(message.Id, message.TenantId, message.Subject));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return new SubmitResult(errors, message, code, typed);
    }

    /// <summary>The message behind a query code, in the current department (any status: the writer sees their own message and reply).</summary>
    public async Task<CitizenMessage?> LookupAsync(string? code, CancellationToken ct)
    {
        var normal = NormalizeCode(code);
        if (normal is null)
        {
            return null;
        }
        var hash = Hash(normal);
        return await db.Set<CitizenMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.QueryCodeHash == hash, ct);
    }

    /// <summary>Answered messages, newest reply first: the public list (never not-public or open ones).</summary>
    public async Task<(List<CitizenMessage> Items, int Total)> AnsweredAsync(int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<CitizenMessage>().AsNoTracking().Where(m => m.Status == MessageStatus.Answered);
        var total = await q.CountAsync(ct);
        var items = await q.OrderByDescending(m => m.RepliedUtc).ThenByDescending(m => m.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    public Task<CitizenMessage?> FindAnsweredAsync(long id, CancellationToken ct)
        => db.Set<CitizenMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id && m.Status == MessageStatus.Answered, ct);

    /// <summary>The department's inbox (the tenant filter keeps other departments out), oldest open first.</summary>
    public async Task<(List<CitizenMessage> Items, int Total)> InboxAsync(MessageStatus? status, int page, int pageSize, CancellationToken ct)
    {
        var q = db.Set<CitizenMessage>().AsNoTracking();
        if (status is { } s)
        {
            q = q.Where(m => m.Status == s);
        }
        var total = await q.CountAsync(ct);
        var items = await q.OrderBy(m => m.Status == MessageStatus.Open ? 0 : 1).ThenBy(m => m.Status == MessageStatus.Open ? m.ReceivedUtc : DateTime.MinValue)
            .ThenByDescending(m => m.ReceivedUtc).ThenByDescending(m => m.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    public async Task<Dictionary<MessageStatus, int>> CountsAsync(CancellationToken ct)
        => await db.Set<CitizenMessage>().GroupBy(m => m.Status).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    public Task<CitizenMessage?> FindAsync(long id, CancellationToken ct)
        => db.Set<CitizenMessage>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    /// <summary>Answers an open message (or gives a not-public message its private reply). Null when done, else why not (Chinese).</summary>
    public async Task<string?> ReplyAsync(long id, int revision, string? text, string actor, CancellationToken ct)
    {
        var reply = CleanBody(text);
        if (reply is null)
        {
            return "请填写答复内容。";
        }
        if (reply.Length > MessageLimits.Reply)
        {
            return $"答复不能超过 {MessageLimits.Reply} 字（现有 {reply.Length} 字）。";
        }
        // The content-safety check (when the capability is registered): a reply is published too, so a serious finding
        // (unmasked personal data, forbidden words, a misspelt leader's name) refuses it, with what to change.
        foreach (var check in safetyChecks)
        {
            var report = await check.CheckAsync(tenant.TenantId!, [new NewMediaCms.Core.Safety.SafetyText("reply", reply)], ct);
            if (report.Findings.FirstOrDefault(f => f.Tier == NewMediaCms.Core.Safety.SafetyTier.Serious) is { } serious)
            {
                return $"答复未发出：第 {serious.Start + 1} 字起“{serious.Matched}”{serious.Message}" + (serious.Suggestion is { } s ? $"（建议：{s}）" : "") + "。请修改后再答复。";
            }
        }
        var m = await db.Set<CitizenMessage>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return "留言不存在。";
        }
        if (m.Revision != revision || m.RepliedUtc is not null)
        {
            return "这条留言已被他人处理，请刷新后查看。";
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var replyClock = await deadlines.AtAsync(now, ct);
        var before = CitizenMessage.Chinese(m.Status);
        m.Reply = reply;
        m.RepliedUtc = now;
        m.RepliedBy = actor;
        m.ReplyWorkingDays = replyClock.WorkingDaysTaken(m.ReceivedUtc, now);
        if (m.Status == MessageStatus.Open)
        {
            m.Status = MessageStatus.Answered;
            m.ClosedUtc = now;
            m.ClosedBy = actor;
        }
        m.Revision++;
        db.Raise(new Audited(new AuditRecord("message.answered", "CitizenMessage", m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), before,
            CitizenMessage.Chinese(m.Status), $"答复留言“{m.Subject}”，用时 {m.ReplyWorkingDays} 个工作日", Actor: actor)));
        return await SaveAsync(ct);
    }

    /// <summary>Marks an open message as not public (spam, personal matter). Null when done, else why not.</summary>
    public async Task<string?> MarkNotPublicAsync(long id, int revision, string? reason, string actor, CancellationToken ct)
    {
        var why = Clean(reason);
        if (why is null)
        {
            return "请填写不予公开的理由。";
        }
        if (why.Length > 200)
        {
            return "理由不能超过 200 字。";
        }
        var m = await db.Set<CitizenMessage>().FirstOrDefaultAsync(x => x.Id == id, ct);
        if (m is null)
        {
            return "留言不存在。";
        }
        if (m.Revision != revision || m.Status != MessageStatus.Open)
        {
            return "这条留言已被他人处理，请刷新后查看。";
        }
        var now = clock.GetUtcNow().UtcDateTime;
        m.Status = MessageStatus.NotPublic;
        m.NotPublicReason = why;
        m.ClosedUtc = now;
        m.ClosedBy = actor;
        m.Revision++;
        db.Raise(new Audited(new AuditRecord("message.not-public", "CitizenMessage", m.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "待答复", "不予公开",
            $"留言“{m.Subject}”不予公开：{why}", Actor: actor)));
        return await SaveAsync(ct);
    }

    private async Task<string?> SaveAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return "这条留言已被他人处理，请刷新后查看。";
        }
    }

    public static string NewCode() => new(RandomNumberGenerator.GetItems<char>(CodeAlphabet, CodeLength));

    /// <summary>"ABCD-EFGH-JKMN": easier to copy down.</summary>
    public static string Display(string code) => string.Join("-", code.Chunk(4).Select(c => new string(c)));

    /// <summary>Upper case, without spaces and dashes; null unless it can be a code.</summary>
    public static string? NormalizeCode(string? code)
    {
        if (code is null)
        {
            return null;
        }
        var normal = new string(code.Where(c => !char.IsWhiteSpace(c) && c != '-').Select(char.ToUpperInvariant).ToArray());
        return normal.Length == CodeLength && normal.All(CodeAlphabet.Contains) ? normal : null;
    }

    public static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code)));

    private static string? Clean(string? value)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) ? null : v;
    }

    private static bool IsRefusedControl(char c) => char.IsControl(c) && c is not ('\t' or '\r' or '\n');

    /// <summary>A one-line field as typed, tabs and line breaks made spaces, other control characters removed.</summary>
    private static string? WithoutControls(string? value)
        => value is null || !value.Any(char.IsControl) ? value
            : new string(value.Where(c => !IsRefusedControl(c)).Select(c => char.IsControl(c) ? ' ' : c).ToArray());

    private static string? BodyWithoutControls(string? value)
        => value is null || !value.Any(IsRefusedControl) ? value : new string(value.Where(c => !IsRefusedControl(c)).ToArray());

    /// <summary>An error on a one-line field that holds control characters other than tabs and line breaks.</summary>
    private static void Controls(Dictionary<string, string> errors, string field, string label, string? value)
    {
        var count = value?.Count(IsRefusedControl) ?? 0;
        if (count > 0)
        {
            errors[field] = $"{label}中有 {count} 个不可见的控制字符（如 NUL），已从下面的输入框中删除，请核对后再提交。";
        }
    }

    /// <summary>Trimmed, Windows line ends made plain, other control characters removed.</summary>
    private static string? CleanBody(string? value)
    {
        if (value is null)
        {
            return null;
        }
        var v = new string(value.Replace("\r\n", "\n").Where(c => c == '\n' || !char.IsControl(c)).ToArray()).Trim();
        return v.Length == 0 ? null : v;
    }

    /// <summary>True (and an error) when the value is longer than allowed.</summary>
    private static bool Length(Dictionary<string, string> errors, string field, string label, string? value, int max)
    {
        if (value is null || value.Length <= max)
        {
            return false;
        }
        errors.TryAdd(field, $"{label}不能超过 {max} 字（现有 {value.Length} 字）。");
        return true;
    }
}
