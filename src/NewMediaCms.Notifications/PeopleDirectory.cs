using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Notifications;

/// <summary>People by role and department, over the Identity tables of the store (Core's), for recipients of notices.</summary>
internal sealed class PeopleDirectory(NmcDbContext db, TimeProvider clock) : IPeopleDirectory
{
    public async Task<IReadOnlyList<Person>> InRoleAsync(string role, string? tenantId, CancellationToken cancellationToken)
    {
        var ids = db.UserRoles.Where(r => r.RoleId == role).Select(r => r.UserId);
        var users = db.Users.AsNoTracking().Where(u => ids.Contains(u.Id));
        // A department role is held inside one department; a matrix role with no department means the whole matrix.
        users = tenantId is null ? users.Where(u => u.TenantId == null) : users.Where(u => u.TenantId == tenantId);
        return await PeopleAsync(users, cancellationToken);
    }

    public async Task<Person?> FindAsync(string userName, CancellationToken cancellationToken)
    {
        var normalized = userName.ToUpperInvariant();
        return (await PeopleAsync(db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized), cancellationToken)).FirstOrDefault();
    }

    private async Task<IReadOnlyList<Person>> PeopleAsync(IQueryable<NmcUser> users, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        // Lock-out is compared in memory: SQLite cannot compare DateTimeOffset values in SQL.
        var rows = (await users.Select(u => new { u.Id, u.UserName, u.DisplayName, u.TenantId, u.Email, u.LockoutEnd }).ToListAsync(ct))
            .Where(u => u.LockoutEnd is null || u.LockoutEnd <= now).ToList();
        var ids = rows.Select(r => r.Id).ToList();
        var roles = (await db.UserRoles.AsNoTracking().Where(r => ids.Contains(r.UserId)).ToListAsync(ct)).ToLookup(r => r.UserId, r => r.RoleId);
        return [.. rows.Select(r => new Person(r.UserName!, r.DisplayName, r.TenantId, r.Email, roles[r.Id].ToHashSet(StringComparer.Ordinal)))];
    }
}
