using System.Collections.Frozen;

namespace NewMediaCms.Safety.Text;

/// <summary>
/// Look-alike characters (Cyrillic а, Greek ο, katakana ロ ...) and the plain letter, digit or Han character each is
/// confused with, read once from Data/confusables.tsv, which scripts/safety/generate-confusables.py generates from
/// Unicode's confusables data (UTS #39; provenance in the file's header). Nothing here is a hand-written table.
/// </summary>
public static class Confusables
{
    private static readonly Lazy<(FrozenDictionary<char, char> Map, string[] Provenance)> Loaded = new(Load);

    /// <summary>The character <paramref name="c"/> is confused with, or <paramref name="c"/> itself.</summary>
    public static char Fold(char c) => Loaded.Value.Map.TryGetValue(c, out var plain) ? plain : c;

    /// <summary>The provenance lines of the data file.</summary>
    public static IReadOnlyList<string> Provenance => Loaded.Value.Provenance;

    private static (FrozenDictionary<char, char>, string[]) Load()
    {
        using var stream = typeof(Confusables).Assembly.GetManifestResourceStream("NewMediaCms.Safety.Data.confusables.tsv")
            ?? throw new InvalidOperationException("缺少内嵌数据文件 confusables.tsv（运行 scripts/safety/generate-confusables.py 生成）。");
        using var reader = new StreamReader(stream);
        var map = new Dictionary<char, char>();
        var provenance = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                provenance.Add(line.TrimStart('#', ' '));
                continue;
            }
            if (line.Split('\t') is [{ Length: 1 } source, { Length: 1 } plain])
            {
                map[source[0]] = plain[0];
            }
        }
        return (map.ToFrozenDictionary(), [.. provenance]);
    }
}
