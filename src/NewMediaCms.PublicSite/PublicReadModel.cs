using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Content.Published;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Settings;

namespace NewMediaCms.PublicSite;

/// <summary>
/// What readers can see of one department, held in memory: its published items (metadata, parsed fields, links),
/// its accounts and its effective settings. Built lazily per department on the first request and replaced, never
/// patched, when a save changes that department (<see cref="PendingCacheEvictions"/> invalidates it after the
/// commit, in the same place that evicts the output cache). Body HTML is stored rendered and sanitised with the
/// version; it is read on first view of an item and kept with the snapshot.
/// </summary>
public sealed class PublicReadModel(IServiceScopeFactory scopes, TimeProvider clock, IOptions<PublicSiteOptions> options, ILogger<PublicReadModel> logger)
{
    /// <summary>More bodies than this per department are read from the store each time instead of being kept.</summary>
    private const int MaxCachedBodies = 5_000;

    private readonly ConcurrentDictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private long _allVersion;
    private volatile Loaded<IReadOnlyList<ContentTypeDefinition>>? _types;

    /// <summary>The department's snapshot (loaded now if absent, invalidated or older than the maximum age).</summary>
    public Task<TenantSnapshot> GetAsync(string tenantId, CancellationToken ct = default)
    {
        var slot = _slots.GetOrAdd(tenantId, _ => new Slot());
        var all = Interlocked.Read(ref _allVersion);
        var current = slot.Current;
        if (current is not null && IsFresh(current, slot, all))
        {
            return current.Task;
        }
        lock (slot)
        {
            current = slot.Current;
            if (current is not null && IsFresh(current, slot, all))
            {
                return current.Task;
            }
            // The versions are taken before the load starts: an invalidation that arrives while loading (a commit
            // the load may or may not have seen) makes this snapshot stale at once.
            var loaded = new Loaded<TenantSnapshot>(slot.Version, all, clock.GetTimestamp(), LoadAsync(tenantId));
            slot.Current = loaded;
            return loaded.Task;
        }
    }

    /// <summary>The content types in force (built-ins overridden or extended by recipes), shared by all departments.</summary>
    public Task<IReadOnlyList<ContentTypeDefinition>> ContentTypesAsync()
    {
        var all = Interlocked.Read(ref _allVersion);
        var current = _types;
        if (current is not null && current.AllVersion == all && !current.Task.IsFaulted && !current.Task.IsCanceled && !Expired(current.LoadedTimestamp))
        {
            return current.Task;
        }
        var loaded = new Loaded<IReadOnlyList<ContentTypeDefinition>>(0, all, clock.GetTimestamp(), LoadTypesAsync());
        _types = loaded;
        return loaded.Task;
    }

    /// <summary>One department changed (content, accounts, its settings or theme): its next request reloads.</summary>
    public void Invalidate(string tenantId)
    {
        var slot = _slots.GetOrAdd(tenantId, _ => new Slot());
        Interlocked.Increment(ref slot.Version);
    }

    /// <summary>Something every department shows changed (matrix settings, content types, departments).</summary>
    public void InvalidateAll() => Interlocked.Increment(ref _allVersion);

    private bool IsFresh<T>(Loaded<T> loaded, Slot slot, long all)
        => loaded.Version == Volatile.Read(ref slot.Version) && loaded.AllVersion == all
           && !loaded.Task.IsFaulted && !loaded.Task.IsCanceled && !Expired(loaded.LoadedTimestamp);

    private bool Expired(long loadedTimestamp)
        => options.Value.ReadModelMaxAgeSeconds > 0 && clock.GetElapsedTime(loadedTimestamp) > TimeSpan.FromSeconds(options.Value.ReadModelMaxAgeSeconds);

    private async Task<TenantSnapshot> LoadAsync(string tenantId)
    {
        // Not the request's token: the load is shared by every request that arrives meanwhile.
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<IPublishedContentSource>().DepartmentAsync(tenantId);
        var accounts = await scope.ServiceProvider.GetRequiredService<IAccountDirectory>().OfDepartmentAsync(tenantId);
        var settings = await scope.ServiceProvider.GetRequiredService<SettingsStore>().GetAllAsync(tenantId);
        logger.LogDebug("公开读模型已载入部门 {Tenant}：{Count} 条已发布内容", tenantId, rows.Count);
        return new TenantSnapshot(tenantId, rows, accounts, settings, this);
    }

    private async Task<IReadOnlyList<ContentTypeDefinition>> LoadTypesAsync()
    {
        await Task.Yield();
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ContentTypeRegistry>().AllAsync();
    }

    /// <summary>The stored, sanitised body of an item's published version (null when it is no longer published).</summary>
    internal async Task<string?> LoadBodyAsync(string tenantId, string itemId, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IPublishedContentSource>().BodyAsync(tenantId, itemId, ct);
    }

    internal static int BodyLimit => MaxCachedBodies;

    private sealed class Slot
    {
        public long Version;
        public volatile Loaded<TenantSnapshot>? Current;
    }

    private sealed record Loaded<T>(long Version, long AllVersion, long LoadedTimestamp, Task<T> Task);
}

/// <summary>One published item as the read model holds it: the item, and what its fields say, parsed once.</summary>
public sealed record PublishedEntry(
    PublishedItem Item,
    IReadOnlyDictionary<string, string> Fields,
    IReadOnlyList<string> LinkedIds,
    IReadOnlyList<AttachmentView> Attachments)
{
    public string? DocNumber => Fields.GetValueOrDefault("docNumber") is { Length: > 0 } v ? v : null;

    public string? Issuer => Fields.GetValueOrDefault("issuer") is { Length: > 0 } v ? v : null;

    public string? WrittenOn => Fields.GetValueOrDefault("writtenOn") is { Length: > 0 } v ? v : null;

    /// <summary>The cover image (field "cover"), when it is a site path or an http(s) address; null otherwise.</summary>
    public string? Cover => SafeCover(Fields.GetValueOrDefault("cover"));

    /// <summary>
    /// The cover as a small picture (search results): a media-library image asks for its smallest resized variant
    /// (the library serves the nearest variant not narrower than asked); any other address is used as it is.
    /// </summary>
    public string? Thumbnail => Cover is { } c && c.StartsWith('/') && c.Contains("/media/", StringComparison.Ordinal) && !c.Contains('?') ? c + "?w=320" : Cover;

    /// <summary>The one rule for which cover addresses a page may show.</summary>
    public static string? SafeCover(string? cover)
        => cover is { Length: > 0 } && ((cover.StartsWith('/') && !cover.StartsWith("//", StringComparison.Ordinal))
            || cover.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || cover.StartsWith("http://", StringComparison.OrdinalIgnoreCase)) ? cover : null;
}

/// <summary>An immutable view of one department's public content at one moment (see <see cref="PublicReadModel"/>).</summary>
public sealed class TenantSnapshot
{
    private readonly PublicReadModel _owner;
    private readonly Dictionary<string, PublishedEntry> _byId;
    private readonly ConcurrentDictionary<string, PublishedEntry[]> _links = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<string?>> _bodies = new(StringComparer.Ordinal);

    internal TenantSnapshot(string tenantId, IReadOnlyList<PublishedItem> items, IReadOnlyList<AccountEntry> accounts, IReadOnlyDictionary<string, string> settings, PublicReadModel owner)
    {
        _owner = owner;
        TenantId = tenantId;
        // At most one version of an item is published; if the store ever held two, the newer wins.
        Newest = items.OrderByDescending(i => i.PublishedUtc).ThenByDescending(i => i.Id, StringComparer.Ordinal)
            .DistinctBy(i => i.Id).Select(Entry).ToArray();
        _byId = Newest.ToDictionary(e => e.Item.Id, StringComparer.Ordinal);
        Accounts = accounts.ToDictionary(a => a.Id, StringComparer.Ordinal);
        Settings = settings;
        Site = new SiteView(
            settings.GetValueOrDefault("site.title") ?? "政务新媒体矩阵",
            settings.GetValueOrDefault("site.footer") ?? "",
            settings.GetValueOrDefault("site.demoNotice") ?? "");
    }

    public string TenantId { get; }

    /// <summary>Published items, newest first (including ones whose publication time is still ahead: see <see cref="Find"/>).</summary>
    public IReadOnlyList<PublishedEntry> Newest { get; }

    public IReadOnlyDictionary<string, AccountEntry> Accounts { get; }

    /// <summary>The department's settings over the matrix defaults.</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public SiteView Site { get; }

    /// <summary>A published item whose publication time has come, or null.</summary>
    public PublishedEntry? Find(string id, DateTime nowUtc)
        => _byId.TryGetValue(id, out var entry) && entry.Item.PublishedUtc <= nowUtc ? entry : null;

    /// <summary>
    /// Items linked to this one, both ways: the ids its fields name (policyId, interpretationId, relatedIds...), then
    /// the items whose fields name it (newest first, at most 20), as the notice page shows them.
    /// </summary>
    public IReadOnlyList<PublishedEntry> Linked(PublishedEntry entry, DateTime nowUtc)
    {
        var result = new List<PublishedEntry>();
        foreach (var id in entry.LinkedIds)
        {
            if (Find(id, nowUtc) is { } linked && !result.Contains(linked))
            {
                result.Add(linked);
            }
        }
        result.AddRange(Referencing(entry.Item.Id, nowUtc).Where(r => !result.Contains(r)));
        return result;
    }

    /// <summary>Published items (other than the item itself) whose fields mention <paramref name="id"/> as a JSON string value; newest first, at most 20.</summary>
    public IEnumerable<PublishedEntry> Referencing(string id, DateTime nowUtc)
    {
        var quoted = "\"" + id + "\"";
        return Matches("ref:" + id, e => e.Item.Id != id && e.Item.FieldsJson.Contains(quoted, StringComparison.Ordinal))
            .Where(e => e.Item.PublishedUtc <= nowUtc).Take(20);
    }

    /// <summary>
    /// The other side of a policy document ↔ interpretation link (WEB-D02), both ways: an interpretation's policy
    /// documents (its "policy" field, and the policies whose "interpretations" field names it); a policy's
    /// interpretations (its "interpretations" field, and the interpretations whose "policy" field names it). Newest first.
    /// </summary>
    public IReadOnlyList<PublishedEntry> Related(PublishedEntry entry, DateTime nowUtc)
    {
        var item = entry.Item;
        var (own, otherType, otherField) = item.ContentType switch
        {
            BuiltInContentTypes.Interpretation => ("policy", BuiltInContentTypes.Policy, "interpretations"),
            BuiltInContentTypes.Policy => ("interpretations", BuiltInContentTypes.Interpretation, "policy"),
            _ => ("", "", ""),
        };
        if (own.Length == 0)
        {
            return [];
        }
        var linked = entry.Fields.GetValueOrDefault(own) is { Length: > 0 } targetId && Find(targetId, nowUtc) is { } target && target.Item.ContentType == otherType
            ? [target] : Array.Empty<PublishedEntry>();
        var pattern = $"\"{otherField}\":\"{item.Id}\"";
        var back = Matches($"{otherField}:{item.Id}", e => e.Item.ContentType == otherType && e.Item.FieldsJson.Contains(pattern, StringComparison.Ordinal))
            .Where(e => e.Item.PublishedUtc <= nowUtc);
        return linked.Concat(back).DistinctBy(e => e.Item.Id).OrderByDescending(e => e.Item.PublishedUtc).ToList();
    }

    /// <summary>The item's stored body HTML (already rendered from Markdown and sanitised when it was saved).</summary>
    public Task<string?> BodyAsync(PublishedEntry entry, CancellationToken ct)
    {
        if (_bodies.TryGetValue(entry.Item.Id, out var body) && !body.IsFaulted && !body.IsCanceled)
        {
            return body;
        }
        var load = _owner.LoadBodyAsync(TenantId, entry.Item.Id, CancellationToken.None);
        if (_bodies.Count < PublicReadModel.BodyLimit)
        {
            _bodies[entry.Item.Id] = load;
        }
        return load.WaitAsync(ct);
    }

    /// <summary>Reverse links are found by scanning the department's items once per snapshot and item.</summary>
    private PublishedEntry[] Matches(string key, Func<PublishedEntry, bool> predicate)
        => _links.GetOrAdd(key, _ => Newest.Where(predicate).ToArray());

    private static PublishedEntry Entry(PublishedItem item)
    {
        IReadOnlyDictionary<string, string> fields;
        var linked = new List<string>();
        var attachments = new List<AttachmentView>();
        try
        {
            fields = ContentFields.Parse(item.FieldsJson);
            using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(item.FieldsJson) ? "{}" : item.FieldsJson);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object)
            {
                foreach (var key in new[] { "policyId", "interpretationId", "relatedIds", "interpretationIds" })
                {
                    if (!root.TryGetProperty(key, out var v))
                    {
                        continue;
                    }
                    if (v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } one)
                    {
                        linked.Add(one);
                    }
                    else if (v.ValueKind == JsonValueKind.Array)
                    {
                        linked.AddRange(v.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => e.GetString()!).Where(x => x.Length > 0));
                    }
                }
                // The editor's attachment field ("attachment" with its name in "attachment.name", see BuiltInContentTypes)
                // is the one the page shows; an "attachments" list (recipes, the API) is read as well.
                if (root.TryGetProperty("attachment", out var single) && single.ValueKind == JsonValueKind.String && single.GetString() is { Length: > 0 } one1 && IsSafeUrl(one1))
                {
                    var named = root.TryGetProperty("attachment.name", out var n1) && n1.ValueKind == JsonValueKind.String ? n1.GetString() : null;
                    attachments.Add(new AttachmentView(string.IsNullOrWhiteSpace(named) ? NameOf(one1) : named, one1));
                }
                if (root.TryGetProperty("attachments", out var list) && list.ValueKind == JsonValueKind.Array)
                {
                    foreach (var a in list.EnumerateArray())
                    {
                        var url = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString()
                            : a.ValueKind == JsonValueKind.String ? a.GetString() : null;
                        var name = a.ValueKind == JsonValueKind.Object && a.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                        if (url is not null && IsSafeUrl(url))
                        {
                            attachments.Add(new AttachmentView(string.IsNullOrWhiteSpace(name) ? NameOf(url) : name, url));
                        }
                    }
                }
            }
        }
        catch (JsonException)
        {
            // Malformed fields are the editor's problem, not the reader's: show the item without them.
            fields = new Dictionary<string, string>();
        }
        return new PublishedEntry(item, fields, linked.Distinct(StringComparer.Ordinal).ToList(), attachments);
    }

    private static string NameOf(string url) => Uri.UnescapeDataString(Path.GetFileName(url.Split('?', '#')[0]));

    private static bool IsSafeUrl(string url)
        => (url.StartsWith('/') && !url.StartsWith("//", StringComparison.Ordinal))
           || url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase);
}
