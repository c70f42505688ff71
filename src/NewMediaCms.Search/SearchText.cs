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

    private static bool IsOperator(string t) => t is "AND" or "OR" or "NOT" or "TO";

    /// <summary>Escapes text for HTML (snippets are built from stored plain text).</summary>
    public static string Html(string text) => System.Net.WebUtility.HtmlEncode(text);

    /// <summary>Summary text of a document body for the fallback snippet.</summary>
    public static string Excerpt(string text, int length)
        => text.Length <= length ? text : text[..length] + "…";
}
