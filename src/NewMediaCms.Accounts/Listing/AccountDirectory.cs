using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Accounts.Listing;

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
    string? ClosureNotice);

/// <summary>Accounts' port for the public site: the accounts of the matrix as records, read across departments, untracked.</summary>
public interface IAccountDirectory
{
    /// <summary>Every account of the matrix (the portal's directory).</summary>
    Task<List<AccountEntry>> AllAsync(CancellationToken ct = default);

    /// <summary>The accounts of one department.</summary>
    Task<List<AccountEntry>> OfDepartmentAsync(string tenantId, CancellationToken ct = default);

    /// <summary>The accounts of these ids (one id is looked up by key).</summary>
    Task<List<AccountEntry>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default);
}

internal sealed class AccountDirectory(NmcDbContext db) : IAccountDirectory
{
    private IQueryable<Account> Accounts => db.Set<Account>().AcrossTenants().AsNoTracking();

    public Task<List<AccountEntry>> AllAsync(CancellationToken ct = default) => Entries(Accounts).ToListAsync(ct);

    public Task<List<AccountEntry>> OfDepartmentAsync(string tenantId, CancellationToken ct = default)
        => Entries(Accounts.Where(a => a.TenantId == tenantId)).ToListAsync(ct);

    public Task<List<AccountEntry>> FindAsync(IReadOnlyCollection<string> ids, CancellationToken ct = default)
    {
        if (ids.Count == 1)
        {
            var id = ids.First();
            return Entries(Accounts.Where(a => a.Id == id)).ToListAsync(ct);
        }
        return Entries(Accounts.Where(a => ids.Contains(a.Id))).ToListAsync(ct);
    }

    private static IQueryable<AccountEntry> Entries(IQueryable<Account> accounts)
        => accounts.Select(a => new AccountEntry(a.Id, a.TenantId, a.Platform, a.Kind, a.Name, a.OperatingUnit, a.Description, a.State, a.MergedIntoAccountId, a.ClosureNotice));
}
