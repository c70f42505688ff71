using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Tenancy;

/// <summary>
/// Tenancy's port for the public site's theme setting: sets a department's theme on the unit of work (the caller
/// saves, with its event; the save reloads the registry and evicts the department's pages).
/// </summary>
public sealed class DepartmentThemes(NmcDbContext db)
{
    /// <summary>The department's previous theme, or null when there is no such department.</summary>
    public async Task<string?> SetAsync(string tenantId, string theme, CancellationToken ct = default)
    {
        var row = await db.Set<Tenant>().SingleOrDefaultAsync(t => t.Id == tenantId, ct);
        if (row is null)
        {
            return null;
        }
        var before = row.Theme;
        row.Theme = theme;
        return before;
    }
}
