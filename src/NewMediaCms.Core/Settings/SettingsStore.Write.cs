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
