using System.Text;

namespace NewMediaCms.Search;

/// <summary>
/// Marks the reader's words in stored plain text with &lt;mark&gt; and HTML-escapes the rest, without analysing the text
/// again: a word found through consecutive bigrams (or as a segmented word) is a contiguous run of the text, so a search
/// for the word itself (ignoring case and full-width forms) finds exactly what matched. Re-analysing ten titles and bodies
/// with Lucene's highlighter cost more CPU than the search of a rare word.
/// </summary>
public static class SearchHighlighter
{
    /// <summary>The whole text with every occurrence of the words marked, or null when none occurs.</summary>
    public static string? MarkAll(string text, IReadOnlyList<string> words)
    {
        var spans = Spans(text, words);
        return spans.Count == 0 ? null : Render(text, spans, 0, text.Length);
    }

    /// <summary>
    /// A window of about <paramref name="length"/> characters around the place where the most distinct words occur
    /// close together, marked; null when none occurs.
    /// </summary>
    public static string? Snippet(string text, IReadOnlyList<string> words, int length)
    {
        var spans = Spans(text, words);
        if (spans.Count == 0)
        {
            return null;
        }
        if (text.Length <= length)
        {
            return Render(text, spans, 0, text.Length);
        }
        // The window that starts shortly before a match and holds the most distinct words (the earliest on a tie).
        var best = 0;
        var bestScore = -1;
        for (var i = 0; i < spans.Count; i++)
        {
            var end = spans[i].Start + length;
            var distinct = spans.Skip(i).TakeWhile(s => s.Start + s.Length <= end).Select(s => s.Word).Distinct().Count();
            if (distinct > bestScore)
            {
                (best, bestScore) = (i, distinct);
            }
        }
        var start = Math.Max(0, spans[best].Start - Math.Min(20, length / 4));
        var stop = Math.Min(text.Length, start + length);
        start = Math.Max(0, stop - length);
        if (start > 0 && char.IsLowSurrogate(text[start]))
        {
            start--;
        }
        if (stop < text.Length && char.IsLowSurrogate(text[stop]))
        {
            stop++;
        }
        return (start > 0 ? "…" : "") + Render(text, spans, start, stop) + (stop < text.Length ? "…" : "");
    }

    private readonly record struct Span(int Start, int Length, int Word);

    /// <summary>Occurrences of the words, sorted and without overlaps (overlapping ones merge).</summary>
    private static List<Span> Spans(string text, IReadOnlyList<string> words)
    {
        var found = new List<Span>();
        if (text.Length == 0)
        {
            return found;
        }
        var haystack = Fold(text);
        for (var w = 0; w < words.Count; w++)
        {
            var needle = Fold(words[w]);
            if (needle.Length == 0)
            {
                continue;
            }
            for (var at = haystack.IndexOf(needle, StringComparison.Ordinal); at >= 0 && found.Count < 1000;
                 at = haystack.IndexOf(needle, at + needle.Length, StringComparison.Ordinal))
            {
                found.Add(new Span(at, needle.Length, w));
            }
        }
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var merged = new List<Span>(found.Count);
        foreach (var span in found)
        {
            if (merged.Count > 0 && span.Start < merged[^1].Start + merged[^1].Length)
            {
                var last = merged[^1];
                merged[^1] = last with { Length = Math.Max(last.Length, span.Start + span.Length - last.Start) };
            }
            else
            {
                merged.Add(span);
            }
        }
        return merged;
    }

    /// <summary>Lower case and half-width forms, one char for one char, so positions in the folded text are positions in the text.</summary>
    private static string Fold(string s)
        => string.Create(s.Length, s, static (chars, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                var c = source[i];
                if (c is >= '\uFF01' and <= '\uFF5E')
                {
                    c = (char)(c - 0xFEE0); // full-width ASCII forms
                }
                else if (c == '\u3000')
                {
                    c = ' ';
                }
                chars[i] = char.ToLowerInvariant(c);
            }
        });

    private static string Render(string text, List<Span> spans, int start, int stop)
    {
        var html = new StringBuilder(stop - start + spans.Count * 13 + 16);
        var at = start;
        foreach (var span in spans)
        {
            var from = Math.Max(span.Start, start);
            var to = Math.Min(span.Start + span.Length, stop);
            if (to <= from)
            {
                continue;
            }
            html.Append(SearchText.Html(text[at..from])).Append("<mark>").Append(SearchText.Html(text[from..to])).Append("</mark>");
            at = to;
        }
        return html.Append(SearchText.Html(text[at..stop])).ToString();
    }
}
