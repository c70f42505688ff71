using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Tenancy;

/// <summary>
/// Which departments exist, read in the caller's unit of work: a recipe step sees the departments an earlier step of
/// the same (uncommitted) run added, which <see cref="TenantRegistry"/>'s snapshot, read on a connection of its own, does not.
/// </summary>
public sealed class TenantDirectory(NmcDbContext db)
{
    public Task<bool> AnyAsync(CancellationToken ct = default) => db.Set<Tenant>().AnyAsync(ct);

    public async Task<IReadOnlySet<string>> IdsAsync(CancellationToken ct = default)
        => await db.Set<Tenant>().Select(t => t.Id).ToHashSetAsync(ct);

    /// <summary>Every department as a snapshot record (parents, portal, names), read in the caller's unit of work.</summary>
    public async Task<IReadOnlyDictionary<string, Core.Tenancy.TenantInfo>> AllAsync(CancellationToken ct = default)
        => (await db.Set<Tenant>().AsNoTracking().ToListAsync(ct)).ToDictionary(t => t.Id, t => t.ToInfo(), StringComparer.OrdinalIgnoreCase);
}
