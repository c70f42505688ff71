using System.Globalization;
using System.Text;

namespace NewMediaCms.Safety.Text;

/// <summary>
/// A text folded for matching, with the position in the original text of every folded character: zero-width and
/// other format characters, whitespace and filler symbols are dropped; full-width and other compatibility forms fold
/// to their plain form (NFKC); look-alike letters of other scripts fold to the letter, digit or Han character they
/// imitate (<see cref="Confusables"/>: Cyrillic а, Greek ο, katakana ロ); letters fold to lower case; traditional characters fold to simplified. A match in the
/// folded text maps back to the span of the original that holds it (inserted characters included).
/// </summary>
public sealed class NormalizedText
{
    private readonly int[] _map;

    private NormalizedText(string text, int[] map, string original)
    {
        Text = text;
        Original = original;
        _map = map;
        
    }

    public string Text { get; }

    public string Original { get; }

    /// <summary>The original span [start, end) of the folded span [start, start + length).</summary>
    public (int Start, int Length) ToOriginal(int start, int length)
    {
        var s = _map[start];
        var e = _map[start + length - 1] + 1;
        return (s, e - s);
    }

    public static NormalizedText Of(string original)
    {
        var han = HanCharacters.Instance;
        var sb = new StringBuilder(original.Length);
        var map = new int[original.Length];
        var n = 0;
        for (var i = 0; i < original.Length; i++)
        {
            var c = original[i];
            if (c < 0x80)
            {
                if (c is ' ' or '\t' or '\r' or '\n' or '*' or '_' or '|' or '~' or '^' or '`')
                {
                    // '*' is also the mask character: "3301**1234" must not read as a number, so keep it there.
                    if (c == '*' && i > 0 && char.IsAsciiDigit(original[i - 1]))
                    {
                        sb.Append(c);
                        Put(ref map, ref n, i);
                    }
                    continue;
                }
                if (c is '.' or '-' or '/' or '\\' or '+' or '=' or '#' or '@' or '!' or '?' or ',' or ':' or ';' or '\'' or '"'
                    && i > 0 && i + 1 < original.Length && HanCharacters.IsHan(original[i - 1]) && HanCharacters.IsHan(original[i + 1]))
                {
                    // ASCII punctuation between two Chinese characters is an evasion (赌.博), never a separator of Chinese text.
                    continue;
                }
                sb.Append(char.ToLowerInvariant(c));
                Put(ref map, ref n, i);
                continue;
            }
            if (HanCharacters.IsHan(c))
            {
                sb.Append(han.Simplify(c));
                Put(ref map, ref n, i);
                continue;
            }
            var category = CharUnicodeInfo.GetUnicodeCategory(c);
            if (category is UnicodeCategory.Format or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                or UnicodeCategory.Control or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
                || c is '·' or '•' or '・' or '\u3000' or '★' or '☆' or '※' or '♥' or '❤')
            {
                if (c is '★' or '☆')
                {
                    // Secret markings (机密★) need the star.
                    sb.Append('★');
                    Put(ref map, ref n, i);
                }
                continue;
            }
            if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < original.Length && char.IsLowSurrogate(original[i + 1]))
                {
                    var folded = original.Substring(i, 2).Normalize(NormalizationForm.FormKC);
                    if (folded.Length == 1)
                    {
                        // Mathematical letters and the like fold to one plain letter.
                        sb.Append(char.ToLowerInvariant(folded[0]));
                        Put(ref map, ref n, i);
                        i++;
                        continue;
                    }
                    sb.Append(c).Append(original[i + 1]);
                    Put(ref map, ref n, i);
                    Put(ref map, ref n, i + 1);
                    i++;
                }
                continue;
            }
            var kc = c.ToString().Normalize(NormalizationForm.FormKC);
            if (kc.Length == 1)
            {
                var k = Confusables.Fold(kc[0]);
                sb.Append(HanCharacters.IsHan(k) ? han.Simplify(k) : char.ToLowerInvariant(k));
                Put(ref map, ref n, i);
            }
            else
            {
                foreach (var k in kc)
                {
                    if (k != ' ')
                    {
                        sb.Append(char.ToLowerInvariant(k));
                        Put(ref map, ref n, i);
                    }
                }
            }
        }
        return new NormalizedText(sb.ToString(), map, original);
    }

    private static void Put(ref int[] map, ref int n, int original)
    {
        if (n == map.Length)
        {
            // NFKC may expand a character (㎏ → kg).
            Array.Resize(ref map, Math.Max(16, map.Length * 2));
        }
        map[n++] = original;
    }

    /// <summary>Folds a dictionary word the same way as the text it is matched in.</summary>
    public static string Fold(string word) => Of(word).Text;
}
