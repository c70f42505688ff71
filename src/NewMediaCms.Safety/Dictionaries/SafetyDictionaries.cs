using System.Text;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;

namespace NewMediaCms.Safety.Dictionaries;

/// <summary>A word to add: the list, the word and, by list, its correction, titles and jurisdiction, or reason.</summary>
public sealed record WordInput(string List, string Word, string? Suggestion = null, string? Titles = null, string? Jurisdiction = null, string? Reason = null);

/// <summary>A dictionary was changed (a new version): audited.</summary>
public sealed record SafetyDictionaryChanged(string Scope, int Version, string Summary, string Source, string Actor) : IAuditableEvent
{
    public AuditRecord ToAuditRecord() => new("safety.dictionary-changed", "SafetyDictionary", Scope, null, $"version={Version}",
        $"{(Scope == SafetyDictionaries.MatrixScope ? "矩阵" : "部门")}词库第 {Version} 版：{Summary}（来源：{Source}）",
        TenantId: Scope == SafetyDictionaries.MatrixScope ? null : Scope, Actor: Actor);
}

/// <summary>
/// The dictionaries as data: the matrix dictionary (pushed to every department: each check reads the matrix's latest
/// version) and each department's own words and exceptions. Every change is a new version with its provenance and an
/// audited event; rows are never deleted, so a version can be read back.
/// </summary>
public sealed class SafetyDictionaries(NmcDbContext db, TimeProvider time)
{
    public const string MatrixScope = "matrix";

    /// <summary>The current version numbers of the matrix dictionary and of the department's (0: none yet).</summary>
    public async Task<(int Matrix, int Department)> VersionsOfAsync(string tenantId, CancellationToken ct)
    {
        var rows = await db.Set<SafetyDictionaryVersion>().AsNoTracking()
            .Where(v => v.Scope == MatrixScope || v.Scope == tenantId)
            .GroupBy(v => v.Scope).Select(g => new { Scope = g.Key, Number = g.Max(v => v.Number) }).ToListAsync(ct);
        return (rows.FirstOrDefault(r => r.Scope == MatrixScope)?.Number ?? 0, rows.FirstOrDefault(r => r.Scope == tenantId)?.Number ?? 0);
    }

    /// <summary>What a department checks against now: the matrix words plus its own words and exceptions.</summary>
    public async Task<DictionarySnapshot> SnapshotAsync(string tenantId, CancellationToken ct)
    {
        var (matrix, department) = await VersionsOfAsync(tenantId, ct);
        var rows = await db.Set<SafetyWordRecord>().AsNoTracking()
            .Where(w => (w.Scope == MatrixScope || w.Scope == tenantId) && w.RemovedInVersion == null).ToListAsync(ct);
        return ToSnapshot(matrix, department, rows);
    }

    internal static DictionarySnapshot ToSnapshot(int matrix, int department, IEnumerable<SafetyWordRecord> rows)
    {
        var words = new List<DictionaryWord>();
        var leaders = new List<LeaderEntry>();
        foreach (var w in rows)
        {
            if (w.List == SafetyLists.Leaders)
            {
                leaders.Add(new LeaderEntry(w.Word, SplitTitles(w.Titles), w.Jurisdiction ?? "", w.Scope));
            }
            else
            {
                words.Add(new DictionaryWord(w.List, w.Word, w.Suggestion, w.Scope, w.Reason));
            }
        }
        return new DictionarySnapshot(matrix, department, words, leaders);
    }

    public static IReadOnlyList<string> SplitTitles(string? titles)
        => (titles ?? "").Split(['、', ',', '，', ';', '；'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public Task<List<SafetyWordRecord>> WordsAsync(string scope, string? list, CancellationToken ct)
        => db.Set<SafetyWordRecord>().AsNoTracking().Where(w => w.Scope == scope && w.RemovedInVersion == null && (list == null || w.List == list))
            .OrderBy(w => w.List).ThenBy(w => w.Word).ToListAsync(ct);

    /// <summary>The words of a list as they were at <paramref name="version"/>.</summary>
    public Task<List<SafetyWordRecord>> WordsAtAsync(string scope, int version, CancellationToken ct)
        => db.Set<SafetyWordRecord>().AsNoTracking()
            .Where(w => w.Scope == scope && w.AddedInVersion <= version && (w.RemovedInVersion == null || w.RemovedInVersion > version))
            .OrderBy(w => w.List).ThenBy(w => w.Word).ToListAsync(ct);

    public Task<List<SafetyDictionaryVersion>> HistoryAsync(string scope, CancellationToken ct)
        => db.Set<SafetyDictionaryVersion>().AsNoTracking().Where(v => v.Scope == scope).OrderByDescending(v => v.Number).ToListAsync(ct);

    /// <summary>
    /// Adds words as one new version. A word already in the list is updated only if its correction, titles or reason
    /// changed (the old row is retired). Returns the new version number, or a Chinese error and no change.
    /// </summary>
    public async Task<(int Version, string? Error)> AddAsync(string scope, IReadOnlyList<WordInput> words, string source, string actor, CancellationToken ct)
    {
        if (Validate(words) is { } error)
        {
            return (0, error);
        }
        if (string.IsNullOrWhiteSpace(source))
        {
            return (0, "请填写来源（如文件、检查通报或“手工录入”），词库的每一版都要有来源。");
        }
        var existing = await db.Set<SafetyWordRecord>().Where(w => w.Scope == scope && w.RemovedInVersion == null).ToListAsync(ct);
        var version = await NextVersionAsync(scope, ct);
        var now = time.GetUtcNow().UtcDateTime;
        int added = 0, changed = 0;
        foreach (var w in words)
        {
            var word = w.Word.Trim();
            var same = existing.FirstOrDefault(e => e.List == w.List && e.Word == word);
            if (same is not null)
            {
                if (same.Suggestion == Clean(w.Suggestion) && same.Titles == Clean(w.Titles) && same.Jurisdiction == Clean(w.Jurisdiction) && same.Reason == Clean(w.Reason))
                {
                    continue;
                }
                same.RemovedInVersion = version;
                same.RemovedBy = actor;
                same.RemovedUtc = now;
                changed++;
            }
            else
            {
                added++;
            }
            var row = new SafetyWordRecord
            {
                Scope = scope, List = w.List, Word = word, Suggestion = Clean(w.Suggestion), Titles = Clean(w.Titles), Jurisdiction = Clean(w.Jurisdiction),
                Reason = Clean(w.Reason), Source = source.Trim(), AddedBy = actor, AddedUtc = now, AddedInVersion = version,
            };
            db.Add(row);
            existing.Add(row);
        }
        if (added + changed == 0)
        {
            return (0, "没有新增或修改的词条（这些词条已在词库中）。");
        }
        var summary = $"新增 {added} 条" + (changed > 0 ? $"，修改 {changed} 条" : "");
        await CommitVersionAsync(scope, version, source.Trim(), summary, actor, now, ct);
        return (version, null);
    }

    /// <summary>Retires a word (a new version).</summary>
    public async Task<(int Version, string? Error)> RemoveAsync(string scope, long id, string actor, CancellationToken ct)
    {
        var row = await db.Set<SafetyWordRecord>().FirstOrDefaultAsync(w => w.Id == id && w.Scope == scope && w.RemovedInVersion == null, ct);
        if (row is null)
        {
            return (0, "该词条不存在或已删除。");
        }
        var version = await NextVersionAsync(scope, ct);
        var now = time.GetUtcNow().UtcDateTime;
        row.RemovedInVersion = version;
        row.RemovedBy = actor;
        row.RemovedUtc = now;
        await CommitVersionAsync(scope, version, "手工删除", $"删除“{row.Word}”（{SafetyLists.Find(row.List)?.DisplayName ?? row.List}）", actor, now, ct);
        return (version, null);
    }

    /// <summary>Import: one word a line, tab- or comma-separated: word, correction / titles, jurisdiction / reason (by list).</summary>
    public static (List<WordInput> Words, List<string> Errors) Parse(string list, string text)
    {
        var words = new List<WordInput>();
        var errors = new List<string>();
        var lineNo = 0;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            lineNo++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            var parts = line.Split(line.Contains('\t') ? '\t' : ',').Select(p => p.Trim()).ToArray();
            var input = list switch
            {
                SafetyLists.Leaders => new WordInput(list, parts[0], Titles: parts.ElementAtOrDefault(1), Jurisdiction: parts.ElementAtOrDefault(2)),
                SafetyLists.Exceptions => new WordInput(list, parts[0], Reason: parts.ElementAtOrDefault(1)),
                _ => new WordInput(list, parts[0], Suggestion: parts.ElementAtOrDefault(1)),
            };
            if (Validate([input]) is { } error)
            {
                errors.Add($"第 {lineNo} 行：{error}");
            }
            else
            {
                words.Add(input);
            }
        }
        return (words, errors);
    }

    /// <summary>Export in the import format.</summary>
    public static string Export(IEnumerable<SafetyWordRecord> rows)
    {
        var sb = new StringBuilder();
        foreach (var w in rows)
        {
            var second = w.List switch
            {
                SafetyLists.Leaders => $"{w.Titles}\t{w.Jurisdiction}",
                SafetyLists.Exceptions => w.Reason,
                _ => w.Suggestion,
            };
            sb.Append(w.Word);
            if (!string.IsNullOrEmpty(second))
            {
                sb.Append('\t').Append(second);
            }
            sb.Append('\n');
        }
        return sb.ToString();
    }

    private static string? Validate(IReadOnlyList<WordInput> words)
    {
        foreach (var w in words)
        {
            var list = SafetyLists.Find(w.List);
            if (list is null)
            {
                return $"没有名为“{w.List}”的词表。";
            }
            if (string.IsNullOrWhiteSpace(w.Word) || w.Word.Trim().Length > 200)
            {
                return "词条不能为空，也不能超过 200 字。";
            }
            if (list.NeedsSuggestion && string.IsNullOrWhiteSpace(w.Suggestion))
            {
                return $"“{w.Word}”：{list.DisplayName}须填写正确写法。";
            }
            if (w.List == SafetyLists.Leaders && (SplitTitles(w.Titles).Count == 0 || string.IsNullOrWhiteSpace(w.Jurisdiction)))
            {
                return $"“{w.Word}”：领导名单须填写职务（多个用“、”分隔）和辖区。";
            }
            if (w.List == SafetyLists.Exceptions && string.IsNullOrWhiteSpace(w.Reason))
            {
                return $"“{w.Word}”：例外词须写明理由。";
            }
        }
        return null;
    }

    private async Task<int> NextVersionAsync(string scope, CancellationToken ct)
        => (await db.Set<SafetyDictionaryVersion>().Where(v => v.Scope == scope).MaxAsync(v => (int?)v.Number, ct) ?? 0) + 1;

    private async Task CommitVersionAsync(string scope, int version, string source, string summary, string actor, DateTime now, CancellationToken ct)
    {
        db.Add(new SafetyDictionaryVersion { Scope = scope, Number = version, CreatedUtc = now, CreatedBy = actor, Source = source, Summary = summary });
        db.Raise(new SafetyDictionaryChanged(scope, version, summary, source, actor));
        await db.SaveChangesAsync(ct);
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
