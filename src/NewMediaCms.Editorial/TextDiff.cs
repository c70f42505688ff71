using System.Text;
using System.Text.RegularExpressions;

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
/// Line diff (longest common subsequence) with a word diff inside replaced lines. Chinese has no spaces, so a
/// "word" is a run of Latin letters/digits, or one CJK character, or one other character.
/// </summary>
public static partial class TextDiff
{
    private const int MaxCells = 4_000_000;

    [GeneratedRegex(@"[A-Za-z0-9_]+|\s+|.", RegexOptions.Singleline)]
    private static partial Regex Token();

    public static IReadOnlyList<DiffLine> Lines(string before, string after)
    {
        var a = Split(before);
        var b = Split(after);
        var ops = Lcs(a, b);
        var result = new List<DiffLine>();
        // Pair a run of removals with the run of additions that follows it: those are the replaced lines.
        for (var i = 0; i < ops.Count;)
        {
            if (ops[i].Kind == DiffKind.Same)
            {
                result.Add(new DiffLine(DiffKind.Same, ops[i].Text));
                i++;
                continue;
            }
            var removed = new List<string>();
            var added = new List<string>();
            while (i < ops.Count && ops[i].Kind != DiffKind.Same)
            {
                (ops[i].Kind == DiffKind.Removed ? removed : added).Add(ops[i].Text);
                i++;
            }
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
        var a = Token().Matches(before).Select(m => m.Value).ToArray();
        var b = Token().Matches(after).Select(m => m.Value).ToArray();
        var merged = new List<DiffPiece>();
        foreach (var piece in Lcs(a, b))
        {
            if (merged.Count > 0 && merged[^1].Kind == piece.Kind)
            {
                merged[^1] = piece with { Text = merged[^1].Text + piece.Text };
            }
            else
            {
                merged.Add(piece);
            }
        }
        return merged;
    }

    private static string[] Split(string text) => text.Replace("\r\n", "\n").Split('\n');

    private static List<DiffPiece> Lcs(string[] a, string[] b)
    {
        // Trim the common head and tail first: most edits are small, this keeps the table small.
        var head = 0;
        while (head < a.Length && head < b.Length && a[head] == b[head])
        {
            head++;
        }
        var tail = 0;
        while (tail < a.Length - head && tail < b.Length - head && a[a.Length - 1 - tail] == b[b.Length - 1 - tail])
        {
            tail++;
        }
        var result = new List<DiffPiece>();
        result.AddRange(a.Take(head).Select(t => new DiffPiece(DiffKind.Same, t)));
        var x = a[head..(a.Length - tail)];
        var y = b[head..(b.Length - tail)];
        if ((long)x.Length * y.Length > MaxCells)
        {
            // Too large to align: show as replaced wholesale rather than spend the server's memory.
            result.AddRange(x.Select(t => new DiffPiece(DiffKind.Removed, t)));
            result.AddRange(y.Select(t => new DiffPiece(DiffKind.Added, t)));
        }
        else
        {
            var table = new int[x.Length + 1, y.Length + 1];
            for (var i = x.Length - 1; i >= 0; i--)
            {
                for (var j = y.Length - 1; j >= 0; j--)
                {
                    table[i, j] = x[i] == y[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
                }
            }
            int p = 0, q = 0;
            while (p < x.Length && q < y.Length)
            {
                if (x[p] == y[q])
                {
                    result.Add(new DiffPiece(DiffKind.Same, x[p]));
                    p++;
                    q++;
                }
                else if (table[p + 1, q] >= table[p, q + 1])
                {
                    result.Add(new DiffPiece(DiffKind.Removed, x[p++]));
                }
                else
                {
                    result.Add(new DiffPiece(DiffKind.Added, y[q++]));
                }
            }
            result.AddRange(x[p..].Select(t => new DiffPiece(DiffKind.Removed, t)));
            result.AddRange(y[q..].Select(t => new DiffPiece(DiffKind.Added, t)));
        }
        result.AddRange(a[(a.Length - tail)..].Select(t => new DiffPiece(DiffKind.Same, t)));
        return result;
    }

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
