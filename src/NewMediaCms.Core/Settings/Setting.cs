using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;

namespace NewMediaCms.Core.Settings;

/// <summary>A named setting of the matrix (Scope "") or of one department (Scope = tenant id). Values are JSON.</summary>
public sealed class Setting
{
    public string Scope { get; set; } = "";

    public string Key { get; set; } = "";

    public string ValueJson { get; set; } = "null";

    public DateTime UpdatedUtc { get; set; }
}

internal sealed class SettingsModel : IModelContributor
{
    public void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<Setting>(b =>
        {
            b.ToTable("Settings");
            b.HasKey(s => new { s.Scope, s.Key });
            b.Property(s => s.Scope).HasMaxLength(64);
            b.Property(s => s.Key).HasMaxLength(200);
        });
    }
}

/// <summary>Reads settings with the department value overriding the matrix value.</summary>
public sealed partial class SettingsStore(NmcDbContext db)
{
    public const string MatrixScope = "";

    public async Task<string?> GetStringAsync(string key, string? tenantId = null, CancellationToken ct = default)
    {
        var rows = await db.Set<Setting>().AsNoTracking()
            .Where(s => s.Key == key && (s.Scope == MatrixScope || s.Scope == tenantId))
            .ToListAsync(ct);
        var row = rows.FirstOrDefault(r => r.Scope == tenantId) ?? rows.FirstOrDefault(r => r.Scope == MatrixScope);
        if (row is null)
        {
            return null;
        }
        using var doc = System.Text.Json.JsonDocument.Parse(row.ValueJson);
        return doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.String ? doc.RootElement.GetString() : doc.RootElement.GetRawText();
    }

    public async Task<IReadOnlyDictionary<string, string>> GetAllAsync(string? tenantId, CancellationToken ct = default)
    {
        var rows = await db.Set<Setting>().AsNoTracking()
            .Where(s => s.Scope == MatrixScope || s.Scope == tenantId)
            .ToListAsync(ct);
        var result = new Dictionary<string, string>();
        foreach (var row in rows.OrderBy(r => r.Scope == MatrixScope ? 0 : 1))
        {
            using var doc = System.Text.Json.JsonDocument.Parse(row.ValueJson);
            result[row.Key] = doc.RootElement.ValueKind == System.Text.Json.JsonValueKind.String ? doc.RootElement.GetString()! : doc.RootElement.GetRawText();
        }
        return result;
    }
}
