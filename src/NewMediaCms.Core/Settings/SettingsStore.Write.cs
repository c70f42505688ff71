using System.Text.Json;
using Microsoft.EntityFrameworkCore;

namespace NewMediaCms.Core.Settings;

/// <summary>One setting whose stored value a write changed (values as stored: JSON).</summary>
public sealed record SettingChange(string Key, string? BeforeJson, string AfterJson);

public sealed partial class SettingsStore
{
    /// <summary>
    /// Sets string settings of one scope (a department's id, or <see cref="MatrixScope"/>) on the unit of work; the
    /// caller saves, with whatever event the change raises. Values equal to the stored ones are left alone.
    /// </summary>
    public async Task<IReadOnlyList<SettingChange>> SetAsync(string scope, IReadOnlyDictionary<string, string> values, DateTime nowUtc, CancellationToken ct = default)
    {
        var keys = values.Keys.ToList();
        var existing = await db.Set<Setting>().Where(s => s.Scope == scope && keys.Contains(s.Key)).ToDictionaryAsync(s => s.Key, ct);
        var changes = new List<SettingChange>();
        foreach (var (key, value) in values)
        {
            var json = JsonSerializer.Serialize(value);
            if (!existing.TryGetValue(key, out var row))
            {
                db.Add(new Setting { Scope = scope, Key = key, ValueJson = json, UpdatedUtc = nowUtc });
                changes.Add(new SettingChange(key, null, json));
            }
            else if (row.ValueJson != json)
            {
                changes.Add(new SettingChange(key, row.ValueJson, json));
                row.ValueJson = json;
                row.UpdatedUtc = nowUtc;
            }
        }
        return changes;
    }
}

public sealed partial class SettingsStore
{
    /// <summary>The stored JSON of one setting of one scope exactly (no fallback to the matrix value); null when unset.</summary>
    public Task<string?> GetJsonAsync(string scope, string key, CancellationToken ct = default)
        => db.Set<Setting>().AsNoTracking().Where(s => s.Scope == scope && s.Key == key).Select(s => s.ValueJson).FirstOrDefaultAsync(ct);

    /// <summary>The stored JSON of one setting in every department that has it (the matrix value excluded), by department.</summary>
    public Task<Dictionary<string, string>> GetJsonOfDepartmentsAsync(string key, CancellationToken ct = default)
        => db.Set<Setting>().AsNoTracking().Where(s => s.Key == key && s.Scope != MatrixScope).ToDictionaryAsync(s => s.Scope, s => s.ValueJson, ct);

    /// <summary>
    /// Sets one setting of one scope to a JSON value on the unit of work (the caller saves, with the event the change
    /// raises); returns the JSON it replaces, null when it was unset.
    /// </summary>
    public async Task<string?> SetJsonAsync(string scope, string key, string json, DateTime nowUtc, CancellationToken ct = default)
    {
        var row = await db.Set<Setting>().FirstOrDefaultAsync(s => s.Scope == scope && s.Key == key, ct);
        if (row is null)
        {
            db.Add(new Setting { Scope = scope, Key = key, ValueJson = json, UpdatedUtc = nowUtc });
            return null;
        }
        var before = row.ValueJson;
        row.ValueJson = json;
        row.UpdatedUtc = nowUtc;
        return before;
    }

    /// <summary>Every setting of one scope as stored (JSON), by key, tracked: the settings recipe step upserts them.</summary>
    public Task<Dictionary<string, Setting>> TrackedOfScopeAsync(string scope, CancellationToken ct = default)
        => db.Set<Setting>().Where(s => s.Scope == scope).ToDictionaryAsync(s => s.Key, ct);
}
