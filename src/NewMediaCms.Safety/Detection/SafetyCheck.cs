using System.Collections.Concurrent;
using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Dictionaries;

namespace NewMediaCms.Safety.Detection;

/// <summary>The compiled dictionaries, one per department and dictionary version (built once, reused by every check).</summary>
public sealed class CompiledDictionaryCache
{
    private readonly ConcurrentDictionary<string, (string Key, Lazy<CompiledDictionary> Compiled)> _byTenant = new();

    internal bool IsCurrent(string tenantId, string key) => _byTenant.TryGetValue(tenantId, out var entry) && entry.Key == key;

    internal CompiledDictionary GetOrBuild(string tenantId, int matrix, int department, Func<DictionarySnapshot> load)
    {
        var key = $"{matrix}:{department}";
        if (_byTenant.TryGetValue(tenantId, out var entry) && entry.Key == key)
        {
            return entry.Compiled.Value;
        }
        var built = (key, new Lazy<CompiledDictionary>(() => new CompiledDictionary(load())));
        _byTenant[tenantId] = built;
        return built.Item2.Value;
    }
}

/// <summary>
/// <see cref="ISafetyCheck"/>: the department's dictionaries (matrix words at their latest version plus its own),
/// compiled once per version, and every detector.
/// </summary>
public sealed class SafetyCheck(SafetyDictionaries dictionaries, CompiledDictionaryCache cache, SafetyEngine engine, TimeProvider time) : ISafetyCheck
{
    public async Task<SafetyReport> CheckAsync(string tenantId, IReadOnlyList<SafetyText> texts, CancellationToken cancellationToken)
    {
        var compiled = await CompiledAsync(tenantId, cancellationToken);
        return new SafetyReport(engine.Check(compiled, texts, Today()));
    }

    internal async Task<CompiledDictionary> CompiledAsync(string tenantId, CancellationToken ct)
    {
        var (matrix, department) = await dictionaries.VersionsOfAsync(tenantId, ct);
        DictionarySnapshot? snapshot = null;
        var key = $"{matrix}:{department}";
        // Load outside the lock-free cache call (async), only when the version changed.
        if (!cache.IsCurrent(tenantId, key))
        {
            snapshot = await dictionaries.SnapshotAsync(tenantId, ct);
        }
        return cache.GetOrBuild(tenantId, matrix, department, () => snapshot ?? dictionaries.SnapshotAsync(tenantId, ct).GetAwaiter().GetResult());
    }

    private DateOnly Today() => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime.AddHours(8));
}
