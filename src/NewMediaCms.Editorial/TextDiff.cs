using System.Text;
using System.Text.RegularExpressions;
using DiffPlex;
using DiffPlex.Chunkers;
using DiffPlex.Model;

namespace NewMediaCms.Editorial;

public enum DiffKind
{
    Same,
    Added,
    Removed,
}

public sealed record DiffPiece(DiffKind Kind, string Text);

/// <summary>A changed, added, removed or unchanged line; changed lines carry a word-level diff of the pair.</summary>
public sealed record DiffLine(DiffKind Kind, string Text, IReadOnlyList<DiffPiece>? Words = null);

/// <summary>
/// Line diff with a word diff inside replaced lines, computed by DiffPlex (Myers' algorithm). Chinese has no spaces,
/// so a "word" is a run of Latin letters/digits, or one CJK character, or one other character.
/// </summary>
public static partial class TextDiff
{
    /// <summary>Above this many (old × new) pieces the pair is shown as replaced wholesale rather than aligned: a bound on the server's work.</summary>
    private const long MaxCells = 4_000_000;

    private static readonly IChunker LineChunker = new CustomFunctionChunker(Split);

    private static readonly IChunker WordChunker = new CustomFunctionChunker(Tokens);

    [GeneratedRegex(@"[A-Za-z0-9_]+|\s+|.", RegexOptions.Singleline)]
    private static partial Regex Token();

    public static IReadOnlyList<DiffLine> Lines(string before, string after)
    {
        var result = new List<DiffLine>();
        foreach (var (kind, removed, added) in Runs(before, after, LineChunker))
        {
            if (kind == DiffKind.Same)
            {
                result.AddRange(removed.Select(l => new DiffLine(DiffKind.Same, l)));
                continue;
            }
            // A run of removals with the run of additions at the same place: those are the replaced lines.
            for (var k = 0; k < Math.Max(removed.Count, added.Count); k++)
            {
                if (k < removed.Count && k < added.Count)
                {
                    var words = Words(removed[k], added[k]);
                    result.Add(new DiffLine(DiffKind.Removed, removed[k], words.Where(w => w.Kind != DiffKind.Added).ToList()));
                    result.Add(new DiffLine(DiffKind.Added, added[k], words.Where(w => w.Kind != DiffKind.Removed).ToList()));
                }
                else if (k < removed.Count)
                {
                    result.Add(new DiffLine(DiffKind.Removed, removed[k]));
                }
                else
                {
                    result.Add(new DiffLine(DiffKind.Added, added[k]));
                }
            }
        }
        return result;
    }

    public static IReadOnlyList<DiffPiece> Words(string before, string after)
    {
        var merged = new List<DiffPiece>();
        void Append(DiffKind kind, IEnumerable<string> pieces)
        {
            var text = string.Concat(pieces);
            if (text.Length == 0)
            {
                return;
            }
            if (merged.Count > 0 && merged[^1].Kind == kind)
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text + text };
            }
            else
            {
                merged.Add(new DiffPiece(kind, text));
            }
        }
        foreach (var (kind, removed, added) in Runs(before, after, WordChunker))
        {
            Append(kind == DiffKind.Same ? DiffKind.Same : DiffKind.Removed, removed);
            if (kind != DiffKind.Same)
            {
                Append(DiffKind.Added, added);
            }
        }
        return merged;
    }

    /// <summary>
    /// The texts cut into pieces, as alternating runs: unchanged pieces (in <c>Removed</c>, the same as the new ones), and
    /// changes (the old pieces removed, the new ones added at that place).
    /// </summary>
    private static IEnumerable<(DiffKind Kind, IReadOnlyList<string> Removed, IReadOnlyList<string> Added)> Runs(string before, string after, IChunker chunker)
    {
        var a = chunker.Chunk(before).ToList();
        var b = chunker.Chunk(after).ToList();
        if ((long)a.Count * b.Count > MaxCells)
        {
            var head = 0;
            while (head < a.Count && head < b.Count && a[head] == b[head])
            {
                head++;
            }
            if (head > 0)
            {
                yield return (DiffKind.Same, a.Take(head).ToList(), []);
            }
            yield return (DiffKind.Removed, a.Skip(head).ToList(), b.Skip(head).ToList());
            yield break;
        }
        var diff = Differ.Instance.CreateDiffs(before, after, false, false, chunker);
        var p = 0;
        foreach (var block in diff.DiffBlocks)
        {
            if (block.DeleteStartA > p)
            {
                yield return (DiffKind.Same, diff.PiecesOld.Skip(p).Take(block.DeleteStartA - p).ToList(), []);
            }
            yield return (DiffKind.Removed, diff.PiecesOld.Skip(block.DeleteStartA).Take(block.DeleteCountA).ToList(),
                diff.PiecesNew.Skip(block.InsertStartB).Take(block.InsertCountB).ToList());
            p = block.DeleteStartA + block.DeleteCountA;
        }
        if (p < diff.PiecesOld.Count())
        {
            yield return (DiffKind.Same, diff.PiecesOld.Skip(p).ToList(), []);
        }
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static string[] Tokens(string text) => Token().Matches(text).Select(m => m.Value).ToArray();

    /// <summary>Plain-text rendering for the API and logs: "+ line", "- line", "  line".</summary>
    public static string Unified(IReadOnlyList<DiffLine> lines)
    {
        var sb = new StringBuilder();
        foreach (var l in lines)
        {
            sb.Append(l.Kind switch { DiffKind.Added => "+ ", DiffKind.Removed => "- ", _ => "  " }).Append(l.Text).Append('\n');
        }
        return sb.ToString();
    }
}
