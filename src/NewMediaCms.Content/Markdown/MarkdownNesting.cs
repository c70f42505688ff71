namespace NewMediaCms.Content.Markdown;

/// <summary>
/// The nesting of lists and block quotes, read from the source line by line without Markdig (linear, so a 25 MB nested
/// list is refused in milliseconds). It follows CommonMark's container rules closely enough to count what Markdig
/// would build: "&gt;" markers, list markers and the content indentation of open list items; fenced code is skipped and
/// a thematic break ("- - -") is not a list. It may count a level more than Markdig in odd cases, never fewer by more
/// than lazy continuation lines (which open nothing).
/// </summary>
internal static class MarkdownNesting
{
    /// <summary>The deepest nesting and the first line (1-based) that reaches it.</summary>
    public static (int Depth, int Line) Deepest(string markdown)
    {
        // The open list items, outermost first: the number of quote markers they sit in, and their content column.
        var items = new List<(int Quotes, int Column)>();
        var starts = new List<int>();
        var deepest = (Depth: 0, Line: 0);
        string? fence = null;
        var lineNumber = 0;
        var start = 0;
        while (start <= markdown.Length)
        {
            var end = markdown.IndexOf('\n', start);
            if (end < 0)
            {
                end = markdown.Length;
            }
            lineNumber++;
            var line = markdown.AsSpan(start, end - start).TrimEnd('\r');
            start = end + 1;

            var pos = 0;
            var column = 0;
            var quotes = 0;
            // Block quote markers; starts[k]: the column where the text after k markers begins.
            starts.Clear();
            while (true)
            {
                var (p, c) = SkipSpaces(line, pos, column);
                starts.Add(c);
                if (p < line.Length && line[p] == '>' && c - column <= 3)
                {
                    quotes++;
                    pos = p + 1;
                    column = c + 1;
                    if (pos < line.Length && line[pos] == ' ')
                    {
                        pos++;
                        column++;
                    }
                    continue;
                }
                break;
            }
            var (textPos, indent) = SkipSpaces(line, pos, column);
            if (textPos >= line.Length)
            {
                continue; // blank: list items stay open
            }
            var rest = line[textPos..];
            if (fence is not null)
            {
                if (rest.StartsWith(fence, StringComparison.Ordinal) && rest.Trim().TrimStart(fence[0]).IsEmpty)
                {
                    fence = null;
                }
                continue;
            }
            // The line belongs to the open items whose content column it reaches.
            while (items.Count > 0 && (items[^1].Quotes > quotes || items[^1].Column > starts[items[^1].Quotes]))
            {
                items.RemoveAt(items.Count - 1);
            }
            // New list items on this line (a line may open several: "- - 1. x").
            pos = textPos;
            column = indent;
            while (pos < line.Length && !IsThematicBreak(line[pos..]) && ListMarker(line, pos) is { } width)
            {
                var after = pos + width;
                var (next, nextColumn) = SkipSpaces(line, after, column + width);
                var spaces = nextColumn - column - width;
                var contentColumn = next >= line.Length || spaces > 4 ? column + width + 1 : nextColumn;
                items.Add((quotes, contentColumn));
                pos = next;
                column = nextColumn;
                // A quote opened inside the item on the same line ("- > x").
                while (pos < line.Length && line[pos] == '>')
                {
                    quotes++;
                    pos++;
                    column++;
                    (pos, column) = SkipSpaces(line, pos, column);
                }
            }
            var depth = quotes + items.Count;
            if (depth > deepest.Depth)
            {
                deepest = (depth, lineNumber);
            }
            var text = line[pos..];
            if (text.StartsWith("```", StringComparison.Ordinal) || text.StartsWith("~~~", StringComparison.Ordinal))
            {
                var run = text.Length - text.TrimStart(text[0]).Length;
                fence = new string(text[0], run);
            }
        }
        return deepest;
    }

    private static (int Pos, int Column) SkipSpaces(ReadOnlySpan<char> line, int pos, int column)
    {
        while (pos < line.Length && line[pos] is ' ' or '\t')
        {
            column = line[pos] == '\t' ? column + 4 - (column % 4) : column + 1;
            pos++;
        }
        return (pos, column);
    }

    /// <summary>The width of a list marker at <paramref name="pos"/> ("-", "*", "+", "1." … "123456789)"), followed by a space or the end.</summary>
    private static int? ListMarker(ReadOnlySpan<char> line, int pos)
    {
        var c = line[pos];
        var width = 0;
        if (c is '-' or '*' or '+')
        {
            width = 1;
        }
        else if (char.IsAsciiDigit(c))
        {
            var digits = 0;
            while (pos + digits < line.Length && char.IsAsciiDigit(line[pos + digits]) && digits < 10)
            {
                digits++;
            }
            if (digits > 9 || pos + digits >= line.Length || line[pos + digits] is not ('.' or ')'))
            {
                return null;
            }
            width = digits + 1;
        }
        else
        {
            return null;
        }
        return pos + width >= line.Length || line[pos + width] is ' ' or '\t' ? width : null;
    }

    /// <summary>"***", "- - -", "___": three or more of one of these, nothing but spaces between.</summary>
    private static bool IsThematicBreak(ReadOnlySpan<char> text)
    {
        var mark = text[0];
        if (mark is not ('-' or '*' or '_'))
        {
            return false;
        }
        var count = 0;
        foreach (var c in text)
        {
            if (c == mark)
            {
                count++;
            }
            else if (c is not (' ' or '\t'))
            {
                return false;
            }
        }
        return count >= 3;
    }
}
