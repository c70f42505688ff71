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

/// <summary>A filing event was filed with the supervising office (备案登记). Audited as "account.filing-recorded".</summary>
public sealed record AccountFilingRecorded(long EventId, string AccountId, string TenantId, FilingEventKind Kind, DateOnly FiledOn, string FilingNumber, string? Actor)
    : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("account.filing-recorded", "AccountFilingEvent", EventId.ToString(System.Globalization.CultureInfo.InvariantCulture),
        null, $"{FiledOn:yyyy-MM-dd} {FilingNumber}", $"{AccountId} {AccountFilingEvent.Chinese(Kind)}备案", TenantId, string.IsNullOrEmpty(Actor) ? null : Actor);
}

/// <summary>What an editor of the account may change; null leaves a field as it is.</summary>
public sealed record AccountChange(string? Name, string? Description, string? Contact, string? ResponsiblePerson);

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
    /// Changes an account of the current department (the tenant filter applies): a change of its details is a 变更 that
    /// must be filed (NM-D03), so it records a filing event as well as its audit entry. Nothing changed, nothing recorded.
    /// </summary>
    public async Task<AccountChangeResult> ChangeDetailsAsync(string accountId, AccountChange change, string actor, CancellationToken ct)
    {
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Id == accountId, ct);
        if (account is null)
        {
            return new AccountChangeResult(null, new Dictionary<string, string[]>());
        }
        var errors = new Dictionary<string, string[]>();
        if (change.Name is not null && (change.Name.Trim().Length is 0 or > 200))
        {
            errors["name"] = ["账号名称不能为空，且不超过 200 个字。"];
        }
        if (change.Description is { Length: > 2000 })
        {
            errors["description"] = ["简介不超过 2000 个字。"];
        }
        if (errors.Count > 0)
        {
            return new AccountChangeResult(AccountRecord.From(account), errors);
        }
        var before = Details(account);
        account.Name = change.Name?.Trim() ?? account.Name;
        account.Description = change.Description ?? account.Description;
        account.Contact = change.Contact ?? account.Contact;
        account.ResponsiblePerson = change.ResponsiblePerson ?? account.ResponsiblePerson;
        var after = Details(account);
        var now = clock.GetUtcNow().UtcDateTime;
        account.UpdatedUtc = now;
        if (after != before)
        {
            db.Add(new AccountFilingEvent
            {
                TenantId = account.TenantId,
                AccountId = account.Id,
                Kind = FilingEventKind.Changed,
                OccurredOn = TenantClock.For(tenant.Current, clock).Today,
                Note = "修改账号信息",
                Actor = actor,
                RecordedUtc = now,
            });
            db.Raise(new AccountDetailsChanged(account.Id, account.TenantId, before, after, actor, now));
        }
        await db.SaveChangesAsync(ct);
        return new AccountChangeResult(AccountRecord.From(account), errors);
    }

    private static string Details(Account a) => System.Text.Json.JsonSerializer.Serialize(new { a.Name, a.Description, a.Contact, a.ResponsiblePerson },
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    public Task SuspendAsync(string accountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Suspended, AccountState.Suspended, actor, note, null, ct);

    /// <summary>Closes the account: its public page shows the closure notice and its URLs stay readable.</summary>
    public Task CloseAsync(string accountId, string actor, string notice, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Closed, AccountState.Closed, actor, notice, null, ct);

    /// <summary>Merges the account into another: the old account page redirects to the target.</summary>
    public Task MergeAsync(string accountId, string targetAccountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Merged, AccountState.MergedInto, actor, note, targetAccountId, ct);

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
        if (account.State is AccountState.Closed or AccountState.MergedInto)
        {
            throw new AccountLifecycleException($"账号“{account.Name}”已{PlatformNames.Chinese(account.State)}，不能再变更。");
        }
        if (kind == FilingEventKind.Closed && string.IsNullOrWhiteSpace(note))
        {
            throw new AccountLifecycleException("关停账号须填写关停公告。");
        }
        if (target is not null)
        {
            var into = await db.Set<Account>().AcrossTenants().FirstOrDefaultAsync(a => a.Id == target, ct)
                ?? throw new AccountLifecycleException($"目标账号 “{target}” 不存在。");
            if (into.Id == account.Id || into.State is AccountState.Closed or AccountState.MergedInto)
            {
                throw new AccountLifecycleException("只能并入另一个正常运行的账号。");
            }
            account.MergedIntoAccountId = into.Id;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var old = account.State;
        account.State = state;
        if (kind == FilingEventKind.Closed)
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
