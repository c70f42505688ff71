using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Accounts;

public enum FilingEventKind
{
    Opened,
    Changed,
    Suspended,
    Closed,
    Merged,
    Cancelled,
    Resumed,
}

/// <summary>One line of an account's filing history (备案记录): what happened, when, and when it was filed.</summary>
internal sealed class AccountFilingEvent : ITenantOwned
{
    public long Id { get; set; }

    public string TenantId { get; set; } = "";

    public string AccountId { get; set; } = "";

    public FilingEventKind Kind { get; set; }

    public DateOnly OccurredOn { get; set; }

    /// <summary>Null until the event is filed with the supervising office.</summary>
    public DateOnly? FiledOn { get; set; }

    public string FilingNumber { get; set; } = "";

    public string Note { get; set; } = "";

    public string Actor { get; set; } = "";

    public DateTime RecordedUtc { get; set; }

    public static string Chinese(FilingEventKind kind) => kind switch
    {
        FilingEventKind.Opened => "开设",
        FilingEventKind.Changed => "变更",
        FilingEventKind.Suspended => "暂停",
        FilingEventKind.Closed => "关停",
        FilingEventKind.Merged => "合并",
        FilingEventKind.Cancelled => "注销",
        FilingEventKind.Resumed => "恢复运行",
        _ => kind.ToString(),
    };
}

/// <summary>
/// Raised by every lifecycle action (suspend, close, merge), inside the same unit of work; audited as
/// "account.suspended" / "account.closed" / "account.merged".
/// </summary>
public sealed record AccountLifecycleChanged(string AccountId, string TenantId, FilingEventKind Kind, AccountState OldState, AccountState NewState,
    string Actor, string Note, string? MergedIntoAccountId, DateTime AtUtc) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new(
        Kind switch
        {
            FilingEventKind.Suspended => "account.suspended",
            FilingEventKind.Closed => "account.closed",
            FilingEventKind.Merged => "account.merged",
            FilingEventKind.Cancelled => "account.cancelled",
            FilingEventKind.Resumed => "account.resumed",
            _ => "account." + Kind.ToString().ToLowerInvariant(),
        },
        "Account", AccountId, OldState.ToString(), NewState.ToString(),
        MergedIntoAccountId is null ? Note : $"并入 {MergedIntoAccountId}；{Note}", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>An account's details were changed (name, description, contact, responsible person): a 变更 to be filed.
/// Audited as "account.updated" with the details before and after.</summary>
public sealed record AccountDetailsChanged(string AccountId, string TenantId, string Before, string After, string Actor, DateTime AtUtc) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("account.updated", "Account", AccountId, Before, After, "修改账号信息", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>An account was opened (开设) with its filing data. Audited as "account.opened".</summary>
public sealed record AccountOpened(string AccountId, string TenantId, Platform Platform, string Name, string OperatingUnit, string Actor, DateTime AtUtc) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("account.opened", "Account", AccountId, null, $"{Name}（{PlatformNames.Chinese(Platform)}），主办单位：{OperatingUnit}",
        "开设账号", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>A filing event was filed with the supervising office (备案登记). Audited as "account.filing-recorded".</summary>
public sealed record AccountFilingRecorded(long EventId, string AccountId, string TenantId, FilingEventKind Kind, DateOnly FiledOn, string FilingNumber, string? Actor)
    : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("account.filing-recorded", "AccountFilingEvent", EventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null, $"{FiledOn:yyyy-MM-dd} {FilingNumber}", $"{AccountId} {AccountFilingEvent.Chinese(Kind)}备案", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>
/// What a 变更 may change; null leaves a field as it is. A change of <paramref name="OperatingUnit"/> publishes
/// <paramref name="ChangeNotice"/> (or a notice worded from the old and new unit) on the public account page.
/// <paramref name="FilingNumber"/> / <paramref name="FiledOn"/>: the change's filing, when it is already filed.
/// </summary>
public sealed record AccountChange(string? Name, string? Description, string? Contact, string? ResponsiblePerson,
    string? OperatingUnit = null, string? SupervisingUnit = null, string? PlatformAccountId = null, string? Url = null, AccountKind? Kind = null,
    string? ChangeNotice = null, string? FilingNumber = null, DateOnly? FiledOn = null, string? Note = null);

/// <summary>开设: a new account with its 备案 data. Id: null for one made from the department and platform.</summary>
public sealed record AccountOpening(Platform Platform, AccountKind Kind, string? Name, string? OperatingUnit, string? SupervisingUnit,
    string? ResponsiblePerson, string? Contact, string? PlatformAccountId, string? Url, string? Description, DateOnly? OpenedOn,
    string? FilingNumber = null, DateOnly? FiledOn = null, string? Id = null);

/// <summary>The outcome of <see cref="AccountLifecycleService.OpenAsync"/>: the new account, or the field errors.</summary>
public sealed record AccountOpenResult(AccountRecord? Account, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>The outcome of <see cref="AccountLifecycleService.ChangeDetailsAsync"/>: the account after the change, or the
/// field errors (Chinese sentences) that kept it from changing; null account when it does not exist.</summary>
public sealed record AccountChangeResult(AccountRecord? Account, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool NotFound => Account is null && Errors.Count == 0;
}

public sealed class AccountLifecycleException(string message) : InvalidOperationException(message);

internal sealed class AccountLifecycleModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<AccountFilingEvent>(b =>
        {
            b.ToTable("AccountFilingEvents");
            b.HasKey(e => e.Id);
            b.Property(e => e.AccountId).HasMaxLength(64);
            b.Property(e => e.Kind).HasConversion<string>().HasMaxLength(20);
            b.Property(e => e.FilingNumber).HasMaxLength(100);
            b.Property(e => e.Note).HasMaxLength(2000);
            b.Property(e => e.Actor).HasMaxLength(100);
            b.HasIndex(e => e.AccountId);
            b.HasOne<Account>().WithMany().HasForeignKey(e => e.AccountId).OnDelete(DeleteBehavior.Restrict);
            b.HasOne<Tenant>().WithMany().HasForeignKey(e => e.TenantId).OnDelete(DeleteBehavior.Restrict);
        });
    }
}

/// <summary>Change, suspend, close and merge accounts; each action is recorded in the filing history and audited through its event.</summary>
public sealed class AccountLifecycleService(NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    /// <summary>
    /// Opens (开设) an account in the current department with its 备案 data: recorded as an opening in the filing
    /// history (filed when a filing number is given) and audited.
    /// </summary>
    public async Task<AccountOpenResult> OpenAsync(AccountOpening input, string actor, CancellationToken ct)
    {
        var department = tenant.Current ?? throw new AccountLifecycleException("请先选择部门。");
        var errors = new Dictionary<string, string[]>();
        void Require(string key, string? value, string label, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[key] = [$"请填写{label}。"];
            }
            else if (value.Trim().Length > max)
            {
                errors[key] = [$"{label}不超过 {max} 个字。"];
            }
        }
        Require("name", input.Name, "账号名称", 200);
        Require("operatingUnit", input.OperatingUnit, "主办单位", 200);
        Require("responsiblePerson", input.ResponsiblePerson, "负责人", 100);
        Require("contact", input.Contact, "联系方式", 200);
        if (input.Platform != Platform.SiteChannel && string.IsNullOrWhiteSpace(input.PlatformAccountId) && string.IsNullOrWhiteSpace(input.Url))
        {
            errors["platformAccountId"] = ["请填写平台账号 ID 或主页地址（网站栏目以外的账号必填其一）。"];
        }
        CheckUrl(input.Url, errors);
        if (input.Description is { Length: > 2000 })
        {
            errors["description"] = ["简介不超过 2000 个字。"];
        }
        var id = input.Id?.Trim();
        if (id is { Length: > 0 })
        {
            if (!System.Text.RegularExpressions.Regex.IsMatch(id, "^[a-z0-9]+(-[a-z0-9]+)*$") || id.Length > 64)
            {
                errors["id"] = ["账号标识只能使用小写字母、数字和连字符，不超过 64 个字符。"];
            }
            else if (await db.Set<Account>().AcrossTenants().AnyAsync(a => a.Id == id, ct))
            {
                errors["id"] = [$"账号标识“{id}”已被使用，请换一个。"];
            }
        }
        if (errors.Count > 0)
        {
            return new AccountOpenResult(null, errors);
        }
        id = id is { Length: > 0 } ? id : await FreeIdAsync($"{department.Id}-{Slug(input.Platform)}", ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = TenantClock.For(department, clock).Today;
        var filed = input.FilingNumber is { Length: > 0 } ? input.FiledOn ?? today : (DateOnly?)null;
        var account = new Account
        {
            Id = id,
            TenantId = department.Id,
            Platform = input.Platform,
            Kind = input.Kind,
            Name = input.Name!.Trim(),
            OperatingUnit = input.OperatingUnit!.Trim(),
            SupervisingUnit = input.SupervisingUnit?.Trim() ?? "",
            ResponsiblePerson = input.ResponsiblePerson!.Trim(),
            Contact = input.Contact!.Trim(),
            PlatformAccountId = input.PlatformAccountId?.Trim() ?? "",
            Url = input.Url?.Trim() ?? "",
            Description = input.Description?.Trim() ?? "",
            OpenedOn = input.OpenedOn ?? today,
            FilingNumber = input.FilingNumber?.Trim() ?? "",
            FiledOn = filed,
            CreatedUtc = now,
            UpdatedUtc = now,
        };
        db.Add(account);
        db.Add(new AccountFilingEvent
        {
            TenantId = account.TenantId,
            AccountId = account.Id,
            Kind = FilingEventKind.Opened,
            OccurredOn = account.OpenedOn.Value,
            FiledOn = filed,
            FilingNumber = account.FilingNumber,
            Note = $"开设{PlatformNames.Chinese(account.Platform)}账号“{account.Name}”，主办单位：{account.OperatingUnit}",
            Actor = actor,
            RecordedUtc = now,
        });
        db.Raise(new AccountOpened(account.Id, account.TenantId, account.Platform, account.Name, account.OperatingUnit, actor, now));
        await db.SaveChangesAsync(ct);
        return new AccountOpenResult(AccountRecord.From(account), errors);
    }

    /// <summary>
    /// The department's site channel (网站栏目), the account content goes to when none is chosen: the running one, or a
    /// new one opened for the department ("{部门}网站") when it has none. Returns its id.
    /// </summary>
    public async Task<string> EnsureSiteChannelAsync(CancellationToken ct)
    {
        var department = tenant.Current ?? throw new AccountLifecycleException("请先选择部门。");
        var existing = await db.Set<Account>().Where(a => a.TenantId == department.Id && a.Platform == Platform.SiteChannel
                && (a.State == AccountState.Active || a.State == AccountState.Suspended))
            .OrderByDescending(a => a.IsMain).ThenBy(a => a.Id).Select(a => a.Id).FirstOrDefaultAsync(ct);
        if (existing is not null)
        {
            return existing;
        }
        var result = await OpenAsync(new AccountOpening(Platform.SiteChannel, AccountKind.Publishing, department.DisplayName + "网站", department.DisplayName, null,
            "（待补充）", "（待补充）", null, null, "部门网站栏目（系统为未指定账号的内容自动开设）", null), "system", ct);
        return result.Account!.Id;
    }

    private async Task<string> FreeIdAsync(string stem, CancellationToken ct)
    {
        var taken = await db.Set<Account>().AcrossTenants().Where(a => a.Id == stem || a.Id.StartsWith(stem + "-")).Select(a => a.Id).ToListAsync(ct);
        if (!taken.Contains(stem))
        {
            return stem;
        }
        var n = 2;
        while (taken.Contains($"{stem}-{n}"))
        {
            n++;
        }
        return $"{stem}-{n}";
    }

    private static string Slug(Platform p) => p switch
    {
        Platform.SiteChannel => "site",
        Platform.MiniProgram => "mini",
        _ => p.ToString().ToLowerInvariant(),
    };

    private static void CheckUrl(string? url, Dictionary<string, string[]> errors)
    {
        if (url is { Length: > 0 } && !(Uri.TryCreate(url.Trim(), UriKind.Absolute, out var u) && u.Scheme is "http" or "https"))
        {
            errors["url"] = ["主页地址须是以 http:// 或 https:// 开头的完整网址。"];
        }
        else if (url is { Length: > 500 })
        {
            errors["url"] = ["主页地址不超过 500 个字符。"];
        }
    }

    /// <summary>
    /// Changes an account of the current department (the tenant filter applies): a change of its details is a 变更 that
    /// must be filed (NM-D03), so it records a filing event as well as its audit entry. A new operating unit also
    /// publishes a change notice on the public account page. Nothing changed, nothing recorded.
    /// </summary>
    public async Task<AccountChangeResult> ChangeDetailsAsync(string accountId, AccountChange change, string actor, CancellationToken ct)
    {
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return new AccountChangeResult(null, new Dictionary<string, string[]>());
        }
        var errors = new Dictionary<string, string[]>();
        if (!PlatformNames.AcceptsContent(account.State))
        {
            errors["state"] = [$"账号“{account.Name}”{PlatformNames.Chinese(account.State)}，不能再变更。"];
            return new AccountChangeResult(AccountRecord.From(account), errors);
        }
        if (change.Name is not null && (change.Name.Trim().Length is 0 or > 200))
        {
            errors["name"] = ["账号名称不能为空，且不超过 200 个字。"];
        }
        if (change.OperatingUnit is not null && (change.OperatingUnit.Trim().Length is 0 or > 200))
        {
            errors["operatingUnit"] = ["主办单位不能为空，且不超过 200 个字。"];
        }
        if (change.Description is { Length: > 2000 })
        {
            errors["description"] = ["简介不超过 2000 个字。"];
        }
        if (change.ChangeNotice is { Length: > 2000 })
        {
            errors["changeNotice"] = ["变更公告不超过 2000 个字。"];
        }
        CheckUrl(change.Url, errors);
        if (errors.Count > 0)
        {
            return new AccountChangeResult(AccountRecord.From(account), errors);
        }
        var before = Details(account);
        var oldUnit = account.OperatingUnit;
        account.Name = change.Name?.Trim() ?? account.Name;
        account.Description = change.Description ?? account.Description;
        account.Contact = change.Contact?.Trim() ?? account.Contact;
        account.ResponsiblePerson = change.ResponsiblePerson?.Trim() ?? account.ResponsiblePerson;
        account.OperatingUnit = change.OperatingUnit?.Trim() ?? account.OperatingUnit;
        account.SupervisingUnit = change.SupervisingUnit?.Trim() ?? account.SupervisingUnit;
        account.PlatformAccountId = change.PlatformAccountId?.Trim() ?? account.PlatformAccountId;
        account.Url = change.Url?.Trim() ?? account.Url;
        account.Kind = change.Kind ?? account.Kind;
        var after = Details(account);
        var now = clock.GetUtcNow().UtcDateTime;
        var today = TenantClock.For(tenant.Current, clock).Today;
        if (after != before)
        {
            account.UpdatedUtc = now;
            var note = change.Note?.Trim() is { Length: > 0 } n ? n : "修改账号信息";
            if (account.OperatingUnit != oldUnit)
            {
                account.ChangeNotice = change.ChangeNotice?.Trim() is { Length: > 0 } text ? text
                    : $"自{today:yyyy年M月d日}起，本账号主办单位由“{oldUnit}”变更为“{account.OperatingUnit}”。";
                account.ChangeNoticeOn = today;
                note = $"主办单位变更：{oldUnit} → {account.OperatingUnit}；{note}";
            }
            var filed = change.FilingNumber?.Trim() is { Length: > 0 } number ? change.FiledOn ?? today : (DateOnly?)null;
            if (filed is not null)
            {
                account.FilingNumber = change.FilingNumber!.Trim();
                account.FiledOn = filed;
            }
            db.Add(new AccountFilingEvent
            {
                TenantId = account.TenantId,
                AccountId = account.Id,
                Kind = FilingEventKind.Changed,
                OccurredOn = today,
                FiledOn = filed,
                FilingNumber = filed is null ? "" : account.FilingNumber,
                Note = note.Length > 2000 ? note[..2000] : note,
                Actor = actor,
                RecordedUtc = now,
            });
            db.Raise(new AccountDetailsChanged(account.Id, account.TenantId, before, after, actor, now));
        }
        await db.SaveChangesAsync(ct);
        return new AccountChangeResult(AccountRecord.From(account), errors);
    }

    private static string Details(Account a) => System.Text.Json.JsonSerializer.Serialize(new { a.Name, a.Description, a.Contact, a.ResponsiblePerson,
            a.OperatingUnit, a.SupervisingUnit, a.PlatformAccountId, a.Url, Kind = a.Kind.ToString() },
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public Task SuspendAsync(string accountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Suspended, AccountState.Suspended, actor, note, null, ct);

    /// <summary>Closes the account: its public page shows the closure notice and its URLs stay readable.</summary>
    public Task CloseAsync(string accountId, string actor, string notice, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Closed, AccountState.Closed, actor, notice, null, ct);

    /// <summary>Merges the account into another: the old account page redirects to the target.</summary>
    public Task MergeAsync(string accountId, string targetAccountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Merged, AccountState.MergedInto, actor, note, targetAccountId, ct);

    /// <summary>注销: the account is cancelled on its platform (from any state but merged or already cancelled); its page stays with a notice.</summary>
    public Task CancelAsync(string accountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Cancelled, AccountState.Cancelled, actor, note, null, ct);

    /// <summary>A suspended account runs again.</summary>
    public Task ResumeAsync(string accountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Resumed, AccountState.Active, actor, note, null, ct);

    /// <summary>Records that an event was filed with the supervising office.</summary>
    public async Task RecordFilingAsync(long eventId, DateOnly filedOn, string filingNumber, string? actor, CancellationToken ct)
    {
        using var _ = tenant.BeginMatrixScope();
        var e = await db.Set<AccountFilingEvent>().AcrossTenants().FirstOrDefaultAsync(x => x.Id == eventId, ct)
            ?? throw new AccountLifecycleException("备案记录不存在。");
        e.FiledOn = filedOn;
        e.FilingNumber = filingNumber.Trim();
        db.Raise(new AccountFilingRecorded(e.Id, e.AccountId, e.TenantId, e.Kind, filedOn, e.FilingNumber, actor));
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AccountFilingRecord>> HistoryAsync(string accountId, CancellationToken ct)
        => (await db.Set<AccountFilingEvent>().AcrossTenants().AsNoTracking().Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Id).ToListAsync(ct)).Select(AccountFilingRecord.From).ToList();
    private async Task ChangeAsync(string accountId, FilingEventKind kind, AccountState state, string actor, string note, string? target, CancellationToken ct)
    {
        using var _ = tenant.BeginMatrixScope();
        var account = await db.Set<Account>().AcrossTenants().FirstOrDefaultAsync(a => a.Id == accountId, ct)
            ?? throw new AccountLifecycleException($"账号 “{accountId}” 不存在。");
        var allowed = kind switch
        {
            // 注销 may follow a closure; nothing follows a merge or a cancellation.
            FilingEventKind.Cancelled => account.State is AccountState.Active or AccountState.Suspended or AccountState.Closed,
            FilingEventKind.Resumed => account.State is AccountState.Suspended,
            FilingEventKind.Suspended => account.State is AccountState.Active,
            _ => account.State is AccountState.Active or AccountState.Suspended,
        };
        if (!allowed)
        {
            throw new AccountLifecycleException(kind switch
            {
                FilingEventKind.Resumed => $"账号“{account.Name}”当前{PlatformNames.Chinese(account.State)}，只有暂停的账号可以恢复运行。",
                FilingEventKind.Suspended when account.State == AccountState.Suspended => $"账号“{account.Name}”已经暂停。",
                _ => $"账号“{account.Name}”{PlatformNames.Chinese(account.State)}，不能再{AccountFilingEvent.Chinese(kind)}。",
            });
        }
        if (kind == FilingEventKind.Closed && string.IsNullOrWhiteSpace(note))
        {
            throw new AccountLifecycleException("关停账号须填写关停公告。");
        }
        if (kind == FilingEventKind.Cancelled && string.IsNullOrWhiteSpace(note))
        {
            throw new AccountLifecycleException("注销账号须填写注销说明（公开页面显示）。");
        }
        if (target is not null)
        {
            var into = await db.Set<Account>().AcrossTenants().FirstOrDefaultAsync(a => a.Id == target, ct)
                ?? throw new AccountLifecycleException($"目标账号 “{target}” 不存在。");
            if (into.Id == account.Id || !PlatformNames.AcceptsContent(into.State))
            {
                throw new AccountLifecycleException("只能并入另一个正常运行的账号。");
            }
            account.MergedIntoAccountId = into.Id;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var old = account.State;
        account.State = state;
        if (kind is FilingEventKind.Closed or FilingEventKind.Cancelled)
        {
            account.ClosureNotice = note.Trim();
        }
        account.UpdatedUtc = now;
        db.Add(new AccountFilingEvent
        {
            TenantId = account.TenantId,
            AccountId = account.Id,
            Kind = kind,
            OccurredOn = DateOnly.FromDateTime(TenantClock.For(tenant.Current, clock).ToLocal(now)),
            Note = note.Trim(),
            Actor = actor,
            RecordedUtc = now,
        });
        db.Raise(new AccountLifecycleChanged(account.Id, account.TenantId, kind, old, state, actor, note.Trim(), target, now));
        await db.SaveChangesAsync(ct);
    }
}
