using System.Globalization;
using System.Text;

namespace NewMediaCms.Search;

/// <summary>Reader input is text, never query syntax: it is cut to a sane length and split into words.</summary>
public static class SearchText
{
    public const int MaxQueryLength = 100;
    public const int MaxTerms = 10;

    /// <summary>Words of the query: operators and punctuation become separators; at most <see cref="MaxTerms"/> words.</summary>
    public static IReadOnlyList<string> Terms(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }
        var cut = text.Length > MaxQueryLength ? text[..MaxQueryLength] : text;
        var chars = cut.Select(c => char.IsLetterOrDigit(c) ? c : ' ').ToArray();
        return new string(chars).Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(t => !IsOperator(t))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxTerms)
            .ToList();
    }

    /// <summary>
    /// Whether the word holds a CJK character standing alone (县, 2024年): bigram analysers emit such a character only where
    /// it stands alone in the text too, so it must be searched among the segmented words.
    /// </summary>
    public static bool HasLoneCjkCharacter(string word)
    {
        var run = 0;
        foreach (var rune in word.EnumerateRunes())
        {
            if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter)
            {
                run++;
                continue;
            }
            if (run == 1)
            {
                return true;
            }
            run = 0;
        }
        return run == 1;
    }

    private static bool IsOperator(string t) => t is "AND" or "OR" or "NOT" or "TO";

    /// <summary>Escapes text for HTML (snippets are built from stored plain text).</summary>
    public static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>Summary text of a document body for the fallback snippet.</summary>
    public static string Excerpt(string text, int length)
        => text.Length <= length ? text : text[..length] + "…";
}
