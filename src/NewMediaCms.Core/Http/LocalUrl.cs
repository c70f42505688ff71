using System.Text;

namespace NewMediaCms.Core.Http;

/// <summary>
/// The one check for a redirect target that came from a request (elder mode's return=, the sign-in ReturnUrl, a
/// notice's link): only a path of this site is followed, anything else goes to the caller's fallback. Browsers drop
/// tab, CR and LF anywhere in a URL and read a backslash as a slash, so "/\t/evil" and "/\evil" are "//evil", another
/// origin; control characters would also break the Location header (a 500). So: a single leading slash, no second
/// slash or backslash after it, no backslash, no control character anywhere; non-ASCII is percent-encoded (a header is
/// ASCII).
/// </summary>
public static class LocalUrl
{
    /// <summary><paramref name="value"/> when it is a local path (non-ASCII percent-encoded), else <paramref name="fallback"/>.</summary>
    public static string OrFallback(string? value, string fallback) => IsLocal(value) ? AsciiOnly(value!) : fallback;

    public static bool IsLocal(string? value)
    {
        if (string.IsNullOrEmpty(value) || value[0] != '/' || (value.Length > 1 && value[1] is '/' or '\\'))
        {
            return false;
        }
        foreach (var c in value)
        {
            if (c < 0x20 || c == 0x7F || c == '\\' || (c >= 0x80 && c <= 0x9F) || char.IsWhiteSpace(c) || c is '\u200B' or '\uFEFF')
            {
                return false;
            }
        }
        return true;
    }

    private static string AsciiOnly(string value)
    {
        var ascii = true;
        foreach (var c in value)
        {
            if (c > 0x7E)
            {
                ascii = false;
                break;
            }
        }
        if (ascii)
        {
            return value;
        }
        var builder = new StringBuilder(value.Length * 3);
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in value.EnumerateRunes())
        {
            if (rune.Value <= 0x7E)
            {
                builder.Append((char)rune.Value);
                continue;
            }
            var n = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < n; i++)
            {
                builder.Append('%').Append(utf8[i].ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }
        return builder.ToString();
    }
}
