using System.Collections.Frozen;
using System.Reflection;

namespace NewMediaCms.Safety.Text;

/// <summary>
/// Per Han character its simplified form and its toneless Mandarin readings, read once from Data/han-chars.tsv,
/// which scripts/safety/generate-han-data.py generates from OpenCC's TSCharacters and Unicode's Unihan kMandarin
/// (provenance in the file's header). Nothing here is a hand-written table.
/// </summary>
public sealed class HanCharacters
{
    private static readonly Lazy<HanCharacters> Loaded = new(Load);

    private readonly FrozenDictionary<char, char> _simplified;
    private readonly FrozenDictionary<char, string[]> _readings;

    private HanCharacters(FrozenDictionary<char, char> simplified, FrozenDictionary<char, string[]> readings)
    {
        _simplified = simplified;
        _readings = readings;
    }

    public static HanCharacters Instance => Loaded.Value;

    /// <summary>The provenance lines of the data file (shown on the dictionary page).</summary>
    public static IReadOnlyList<string> Provenance => Instance._provenance;

    private IReadOnlyList<string> _provenance = [];

    public char Simplify(char c) => _simplified.TryGetValue(c, out var s) ? s : c;

    /// <summary>Toneless readings ("zhang", "chang"); empty for a character without one.</summary>
    public IReadOnlyList<string> Readings(char c) => _readings.TryGetValue(c, out var r) ? r : [];

    public static bool IsHan(char c) => c is >= '\u3400' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF';

    private static HanCharacters Load()
    {
        using var stream = typeof(HanCharacters).Assembly.GetManifestResourceStream("NewMediaCms.Safety.Data.han-chars.tsv")
            ?? throw new InvalidOperationException("缺少内嵌数据文件 han-chars.tsv（运行 scripts/safety/generate-han-data.py 生成）。");
        using var reader = new StreamReader(stream);
        var simplified = new Dictionary<char, char>();
        var readings = new Dictionary<char, string[]>();
        var provenance = new List<string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.StartsWith('#'))
            {
                provenance.Add(line.TrimStart('#', ' '));
                continue;
            }
            var parts = line.Split('\t');
            if (parts.Length < 3 || parts[0].Length != 1)
            {
                continue;
            }
            var c = parts[0][0];
            if (parts[1] is { Length: 1 } s && s != "-")
            {
                simplified[c] = s[0];
            }
            if (parts[2].Length > 0)
            {
                readings[c] = parts[2].Split(' ');
            }
        }
        // A traditional character without its own reading reads as its simplified form.
        foreach (var (t, s) in simplified)
        {
            if (!readings.ContainsKey(t) && readings.TryGetValue(s, out var r))
            {
                readings[t] = r;
            }
        }
        return new HanCharacters(simplified.ToFrozenDictionary(), readings.ToFrozenDictionary()) { _provenance = provenance };
    }
}
