using NewMediaCms.Core.Safety;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Text;

namespace NewMediaCms.Safety.Detection;

internal enum PatternKind
{
    Word,
    Exception,
    LeaderName,
    Title,
}

/// <summary>A pattern of the automaton: what it is and what a match of it reports.</summary>
internal sealed record Pattern(PatternKind Kind, string Folded, string Word, SafetyList? List, string? Suggestion, int Leader = -1);

/// <summary>
/// A dictionary snapshot compiled for matching: one Aho–Corasick automaton over every folded word, exception, leader
/// name and title (plus the mixed-script spellings of the forbidden words: one character written in pinyin), and the
/// leaders indexed by the reading of their first character for the homophone search. Built once per snapshot.
/// </summary>
internal sealed class CompiledDictionary
{
    public CompiledDictionary(DictionarySnapshot snapshot)
    {
        Snapshot = snapshot;
        var han = HanCharacters.Instance;
        var patterns = new List<Pattern>();
        var seen = new HashSet<(PatternKind, string, string?)>();
        void Add(Pattern p)
        {
            if (p.Folded.Length > 0 && seen.Add((p.Kind, p.Folded, p.List?.Key)))
            {
                patterns.Add(p);
            }
        }
        foreach (var w in snapshot.Words)
        {
            if (w.List == SafetyLists.Exceptions)
            {
                Add(new Pattern(PatternKind.Exception, NormalizedText.Fold(w.Word), w.Word, null, w.Reason));
                continue;
            }
            var list = SafetyLists.Find(w.List);
            if (list is null || w.List == SafetyLists.Leaders)
            {
                continue;
            }
            var folded = NormalizedText.Fold(w.Word);
            Add(new Pattern(PatternKind.Word, folded, w.Word, list, w.Suggestion));
            if (w.List == SafetyLists.Forbidden && folded.Length is >= 2 and <= 6 && folded.All(HanCharacters.IsHan))
            {
                // Mixed-script evasion: one character written in pinyin (赌bo, du博).
                for (var i = 0; i < folded.Length; i++)
                {
                    foreach (var reading in han.Readings(folded[i]))
                    {
                        Add(new Pattern(PatternKind.Word, folded[..i] + reading + folded[(i + 1)..], w.Word, list, w.Suggestion));
                    }
                }
            }
        }
        var leaders = snapshot.Leaders.ToList();
        Leaders = leaders;
        var titles = new HashSet<string>();
        for (var l = 0; l < leaders.Count; l++)
        {
            var folded = NormalizedText.Fold(leaders[l].Name);
            LeaderFolded.Add(folded);
            Add(new Pattern(PatternKind.LeaderName, folded, leaders[l].Name, SafetyLists.Find(SafetyLists.Leaders), null, l));
            foreach (var t in leaders[l].Titles)
            {
                titles.Add(NormalizedText.Fold(t));
            }
            if (folded.Length >= 2)
            {
                foreach (var reading in han.Readings(folded[0]))
                {
                    if (!ByFirstReading.TryGetValue(reading, out var bucket))
                    {
                        ByFirstReading[reading] = bucket = [];
                    }
                    bucket.Add(l);
                }
            }
        }
        foreach (var t in titles)
        {
            Add(new Pattern(PatternKind.Title, t, t, null, null));
        }
        Patterns = patterns;
        Matcher = new AhoCorasick(patterns.Select(p => p.Folded).ToList());
    }

    public DictionarySnapshot Snapshot { get; }

    public IReadOnlyList<Pattern> Patterns { get; }

    public AhoCorasick Matcher { get; }

    public IReadOnlyList<LeaderEntry> Leaders { get; }

    public List<string> LeaderFolded { get; } = [];

    public Dictionary<string, List<int>> ByFirstReading { get; } = new();

    public static readonly CompiledDictionary Empty = new(new DictionarySnapshot(0, 0, [], []));
}
