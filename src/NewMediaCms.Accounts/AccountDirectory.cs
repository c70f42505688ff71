using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Accounts;

/// <summary>An account as lists show it.</summary>
public sealed record AccountSummary(string Id, string TenantId, string Name, Platform Platform, AccountKind Kind, AccountState State, string FilingNumber);

/// <summary>Read access to the account registry for other capabilities and pages: the department's accounts, existence, counts.</summary>
public sealed class AccountDirectory(NmcDbContext db)
{
    /// <summary>The current department's accounts, by platform then id.</summary>
    public Task<List<AccountSummary>> ListAsync(CancellationToken ct = default)
        => db.Set<Account>().AsNoTracking().OrderBy(a => a.Platform).ThenBy(a => a.Id)
            .Select(a => new AccountSummary(a.Id, a.TenantId, a.Name, a.Platform, a.Kind, a.State, a.FilingNumber)).ToListAsync(ct);

    /// <summary>Whether the account exists in the current department.</summary>
    public Task<bool> ExistsAsync(string accountId, CancellationToken ct = default) => db.Set<Account>().AnyAsync(a => a.Id == accountId, ct);

    /// <summary>How many accounts each department has (every department).</summary>
    public Task<Dictionary<string, int>> CountsByTenantAsync(CancellationToken ct = default)
        => db.Set<Account>().AcrossTenants().GroupBy(a => a.TenantId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
}
