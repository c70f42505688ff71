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
public sealed class AccountFilingEvent : ITenantOwned
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
/// Raised by every lifecycle action, inside the same unit of work. The audit trail capability handles it
/// (IDomainEventHandler&lt;AccountLifecycleChanged&gt;) to write its append-only entry; nothing else is needed here.
/// </summary>
public sealed record AccountLifecycleChanged(string AccountId, string TenantId, FilingEventKind Kind, AccountState OldState, AccountState NewState,
    string Actor, string Note, string? MergedIntoAccountId, DateTime AtUtc) : IDomainEvent;

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

/// <summary>Suspend, close and merge accounts (matrix administration); each action is recorded in the filing history.</summary>
public sealed class AccountLifecycleService(NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public Task SuspendAsync(string accountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Suspended, AccountState.Suspended, actor, note, null, ct);

    /// <summary>Closes the account: its public page shows the closure notice and its URLs stay readable.</summary>
    public Task CloseAsync(string accountId, string actor, string notice, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Closed, AccountState.Closed, actor, notice, null, ct);

    /// <summary>Merges the account into another: the old account page redirects to the target.</summary>
    public Task MergeAsync(string accountId, string targetAccountId, string actor, string note, CancellationToken ct)
        => ChangeAsync(accountId, FilingEventKind.Merged, AccountState.MergedInto, actor, note, targetAccountId, ct);

    /// <summary>Records that an event was filed with the supervising office.</summary>
    public async Task RecordFilingAsync(long eventId, DateOnly filedOn, string filingNumber, CancellationToken ct)
    {
        using var _ = tenant.BeginMatrixScope();
        var e = await db.Set<AccountFilingEvent>().AcrossTenants().FirstOrDefaultAsync(x => x.Id == eventId, ct)
            ?? throw new AccountLifecycleException("备案记录不存在。");
        e.FiledOn = filedOn;
        e.FilingNumber = filingNumber.Trim();
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<AccountFilingEvent>> HistoryAsync(string accountId, CancellationToken ct)
        => await db.Set<AccountFilingEvent>().AcrossTenants().AsNoTracking().Where(e => e.AccountId == accountId)
            .OrderByDescending(e => e.OccurredOn).ThenByDescending(e => e.Id).ToListAsync(ct);

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
        var zone = TimeZoneInfo.FindSystemTimeZoneById(tenant.Current?.TimeZoneId ?? "Asia/Shanghai");
        db.Add(new AccountFilingEvent
        {
            TenantId = account.TenantId,
            AccountId = account.Id,
            Kind = kind,
            OccurredOn = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(now, zone)),
            Note = note.Trim(),
            Actor = actor,
            RecordedUtc = now,
        });
        db.Raise(new AccountLifecycleChanged(account.Id, account.TenantId, kind, old, state, actor, note.Trim(), target, now));
        await db.SaveChangesAsync(ct);
    }
}
