using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Accounts;

/// <summary>An account as other capabilities and pages see it (a copy: changes go through <see cref="AccountLifecycleService"/>).</summary>
public sealed record AccountRecord(
    string Id,
    string TenantId,
    Platform Platform,
    AccountKind Kind,
    string Name,
    string OperatingUnit,
    string SupervisingUnit,
    string Description,
    bool IsMain,
    AccountState State,
    string? MergedIntoAccountId,
    string? ClosureNotice,
    string FilingNumber,
    string ResponsiblePerson,
    string Contact,
    DateOnly? OpenedOn,
    DateOnly? FiledOn,
    DateTime CreatedUtc,
    DateTime UpdatedUtc,
    string PlatformAccountId = "",
    string Url = "",
    string? ChangeNotice = null,
    DateOnly? ChangeNoticeOn = null)
{
    /// <summary>Name and platform: "青禾公安（微信公众号）".</summary>
    public string Label => PlatformNames.Label(Name, Platform);

    public bool AcceptsContent => PlatformNames.AcceptsContent(State);

    internal static AccountRecord From(Account a) => new(a.Id, a.TenantId, a.Platform, a.Kind, a.Name, a.OperatingUnit, a.SupervisingUnit, a.Description,
        a.IsMain, a.State, a.MergedIntoAccountId, a.ClosureNotice, a.FilingNumber, a.ResponsiblePerson, a.Contact, a.OpenedOn, a.FiledOn, a.CreatedUtc, a.UpdatedUtc,
        a.PlatformAccountId, a.Url, a.ChangeNotice, a.ChangeNoticeOn);
}

/// <summary>An account as lists show it.</summary>
public sealed record AccountSummary(string Id, string TenantId, string Name, Platform Platform, AccountKind Kind, AccountState State, string FilingNumber)
{
    /// <summary>Name and platform: "青禾公安（微信公众号）".</summary>
    public string Label => PlatformNames.Label(Name, Platform);

    public bool AcceptsContent => PlatformNames.AcceptsContent(State);
}

/// <summary>What the public site shows of an account (never its filing contact or responsible person).</summary>
public sealed record AccountEntry(
    string Id,
    string TenantId,
    Platform Platform,
    AccountKind Kind,
    string Name,
    string OperatingUnit,
    string Description,
    AccountState State,
    string? MergedIntoAccountId,
    string? ClosureNotice,
    string? ChangeNotice = null,
    DateOnly? ChangeNoticeOn = null);

/// <summary>Accounts' port for the public site: the accounts of the matrix as public entries, read across departments, untracked.</summary>
public interface IAccountDirectory
{
    /// <summary>Every account of the matrix (the portal's directory).</summary>
    Task<List<AccountEntry>> AllAsync(CancellationToken ct = default);

    /// <summary>The accounts of one department.</summary>
    Task<List<AccountEntry>> OfDepartmentAsync(string tenantId, CancellationToken ct = default);

    /// <summary>The accounts of these ids (one id is looked up by key).</summary>
    Task<List<AccountEntry>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);
}

/// <summary>
/// Reads of the account registry: the public entries for the public site (<see cref="IAccountDirectory"/>) and the
/// full records for other capabilities (inspection, messages), the admin pages and the API.
/// </summary>
public sealed class AccountDirectory(NmcDbContext db) : IAccountDirectory
{
    private IQueryable<Account> Matrix => db.Set<Account>().AcrossTenants().AsNoTracking();

    public Task<List<AccountEntry>> AllAsync(CancellationToken ct = default) => Entries(Matrix).ToListAsync(ct);

    public Task<List<AccountEntry>> OfDepartmentAsync(string tenantId, CancellationToken ct = default)
        => Entries(Matrix.Where(a => a.TenantId == tenantId)).ToListAsync(ct);

    public Task<List<AccountEntry>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 1)
        {
            var id = ids.First();
            return Entries(Matrix.Where(a => a.Id == id)).ToListAsync(ct);
        }
        return Entries(Matrix.Where(a => ids.Contains(a.Id))).ToListAsync(ct);
    }

    private static IQueryable<AccountEntry> Entries(IQueryable<Account> accounts)
        => accounts.Select(a => new AccountEntry(a.Id, a.TenantId, a.Platform, a.Kind, a.Name, a.OperatingUnit, a.Description, a.State, a.MergedIntoAccountId, a.ClosureNotice,
            a.ChangeNotice, a.ChangeNoticeOn));

    /// <summary>The current department's accounts as list rows, by platform then id.</summary>
    public Task<List<AccountSummary>> ListAsync(CancellationToken ct = default)
        => db.Set<Account>().AsNoTracking().OrderBy(a => a.Platform).ThenBy(a => a.Id)
            .Select(a => new AccountSummary(a.Id, a.TenantId, a.Name, a.Platform, a.Kind, a.State, a.FilingNumber)).ToListAsync(ct);

    /// <summary>
    /// The account new content of the current department goes to when none is chosen: its site channel (网站栏目), the
    /// main one first; null when the department has no running site channel (see <see cref="AccountLifecycleService.EnsureSiteChannelAsync"/>).
    /// </summary>
    public Task<string?> DefaultAccountIdAsync(CancellationToken ct = default)
        => db.Set<Account>().AsNoTracking().Where(a => a.Platform == Platform.SiteChannel && (a.State == AccountState.Active || a.State == AccountState.Suspended))
            .OrderByDescending(a => a.IsMain).ThenBy(a => a.Id).Select(a => (string?)a.Id).FirstOrDefaultAsync(ct);

    /// <summary>
    /// Matrix-wide listing for the account screens: every department (or one), filtered by platform, kind and state;
    /// by department, platform, then id.
    /// </summary>
    public async Task<List<AccountRecord>> SearchAsync(AccountFilter filter, CancellationToken ct = default)
    {
        var q = filter.AcrossDepartments ? db.Set<Account>().AcrossTenants().AsNoTracking() : db.Set<Account>().AsNoTracking();
        if (filter.TenantId is { Length: > 0 } tenantId)
        {
            q = q.Where(a => a.TenantId == tenantId);
        }
        if (filter.Platform is { } platform)
        {
            q = q.Where(a => a.Platform == platform);
        }
        if (filter.Kind is { } kind)
        {
            q = q.Where(a => a.Kind == kind);
        }
        if (filter.State is { } state)
        {
            q = q.Where(a => a.State == state);
        }
        if (filter.Text is { Length: > 0 } text)
        {
            q = q.Where(a => a.Name.Contains(text) || a.Id.Contains(text) || a.OperatingUnit.Contains(text));
        }
        return (await q.OrderBy(a => a.TenantId).ThenBy(a => a.Platform).ThenBy(a => a.Id).ToListAsync(ct)).Select(AccountRecord.From).ToList();
    }

    /// <summary>Whether the account exists in the current department.</summary>
    public Task<bool> ExistsAsync(string accountId, CancellationToken ct = default) => db.Set<Account>().AnyAsync(a => a.Id == accountId, ct);

    /// <summary>How many accounts each department has (every department).</summary>
    public Task<Dictionary<string, int>> CountsByTenantAsync(CancellationToken ct = default)
        => db.Set<Account>().AcrossTenants().GroupBy(a => a.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);

    /// <summary>The current department's accounts (the tenant filter applies), by id.</summary>
    public async Task<List<AccountRecord>> InDepartmentAsync(CancellationToken ct)
        => (await db.Set<Account>().AsNoTracking().OrderBy(a => a.Id).ToListAsync(ct)).Select(AccountRecord.From).ToList();

    /// <summary>One account of the current department (null for another department's id).</summary>
    public async Task<AccountRecord?> FindAsync(string id, CancellationToken ct)
        => await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a ? AccountRecord.From(a) : null;

    /// <summary>One account of any department (matrix roles).</summary>
    public async Task<AccountRecord?> FindAcrossDepartmentsAsync(string id, CancellationToken ct)
        => await db.Set<Account>().AcrossTenants().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a ? AccountRecord.From(a) : null;

    /// <summary>Every account of the matrix, in no particular order.</summary>
    public async Task<List<AccountRecord>> AllAcrossDepartmentsAsync(CancellationToken ct)
        => (await db.Set<Account>().AcrossTenants().AsNoTracking().ToListAsync(ct)).Select(AccountRecord.From).ToList();

    /// <summary>The accounts another one may be merged into: running (active or suspended), by department and id.</summary>
    public async Task<List<AccountRecord>> MergeTargetsAsync(string exceptId, CancellationToken ct)
        => (await db.Set<Account>().AcrossTenants().AsNoTracking()
            .Where(a => a.Id != exceptId && (a.State == AccountState.Active || a.State == AccountState.Suspended)).OrderBy(a => a.TenantId).ThenBy(a => a.Id).ToListAsync(ct))
            .Select(AccountRecord.From).ToList();

    /// <summary>The accounts a citizen may address in the current department: active and suspended, the main one first.</summary>
    public async Task<List<AccountRecord>> AddressableAsync(CancellationToken ct)
        => (await db.Set<Account>().AsNoTracking().Where(a => a.State == AccountState.Active || a.State == AccountState.Suspended)
            .OrderByDescending(a => a.IsMain).ThenBy(a => a.Platform).ThenBy(a => a.Id).ToListAsync(ct)).Select(AccountRecord.From).ToList();

    /// <summary>Each department's default account (its running site channel, the main one first), for every department that has one.</summary>
    public async Task<Dictionary<string, string>> SiteChannelsByDepartmentAsync(CancellationToken ct)
        => (await db.Set<Account>().AcrossTenants().AsNoTracking()
                .Where(a => a.Platform == Platform.SiteChannel && (a.State == AccountState.Active || a.State == AccountState.Suspended))
                .Select(a => new { a.Id, a.TenantId, a.IsMain }).ToListAsync(ct))
            .GroupBy(a => a.TenantId).ToDictionary(g => g.Key, g => g.OrderByDescending(a => a.IsMain).ThenBy(a => a.Id, StringComparer.Ordinal).First().Id);

    /// <summary>Every account id of the matrix with its department.</summary>
    public async Task<Dictionary<string, string>> DepartmentsByAccountAsync(CancellationToken ct)
        => await db.Set<Account>().AcrossTenants().Select(a => new { a.Id, a.TenantId }).ToDictionaryAsync(a => a.Id, a => a.TenantId, ct);

    /// <summary>The filing events of the matrix that await or carry a filing (opening, change, closing, merge; a suspension is not filed).</summary>
    public async Task<List<AccountFilingRecord>> FilingObligationsAsync(CancellationToken ct)
        => (await db.Set<AccountFilingEvent>().AcrossTenants().AsNoTracking().Where(e => e.Kind != FilingEventKind.Suspended).ToListAsync(ct))
            .Select(AccountFilingRecord.From).ToList();
}

/// <summary>What the account screens filter by; null: any.</summary>
public sealed record AccountFilter(bool AcrossDepartments, string? TenantId = null, Platform? Platform = null, AccountKind? Kind = null, AccountState? State = null, string? Text = null);

/// <summary>One line of an account's filing history, as pages and the inspection see it.</summary>
public sealed record AccountFilingRecord(long Id, string TenantId, string AccountId, FilingEventKind Kind, DateOnly OccurredOn, DateOnly? FiledOn,
    string FilingNumber, string Note, string Actor, DateTime RecordedUtc)
{
    public string KindName => AccountFilingEvent.Chinese(Kind);

    internal static AccountFilingRecord From(AccountFilingEvent e) => new(e.Id, e.TenantId, e.AccountId, e.Kind, e.OccurredOn, e.FiledOn, e.FilingNumber, e.Note, e.Actor, e.RecordedUtc);
}
