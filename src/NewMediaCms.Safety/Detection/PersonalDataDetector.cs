using System.Text.RegularExpressions;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Detection;

/// <summary>
/// Unmasked personal data (NM-V02): 18-digit resident ID numbers with a valid ISO 7064 MOD 11-2 check digit, a
/// plausible region and birth date; mobile numbers (1[3-9] and nine digits); bank card numbers of 16–19 digits that
/// pass Luhn. A number already masked (3301**********1234) is not a match. Full-width digits count as digits.
/// </summary>
public static partial class PersonalDataDetector
{
    [GeneratedRegex(@"(?<![0-9０-９A-Za-z*＊])[0-9０-９]{6}[ -]?[0-9０-９]{8}[ -]?[0-9０-９]{3}[0-9０-９Xx](?![0-9０-９A-Za-z*＊])")]
    private static partial Regex IdNumber();

    [GeneratedRegex(@"(?<![0-9０-９*＊])(?:(?:\+|＋)?86[- ]?)?1[3-9３-９][0-9０-９](?:[- ]?[0-9０-９]{4}){2}(?![0-9０-９*＊])")]
    private static partial Regex Mobile();

    [GeneratedRegex(@"(?<![0-9０-９*＊A-Za-z])[0-9０-９]{4}(?:[ -]?[0-9０-９]{4}){2,3}(?:[ -]?[0-9０-９]{1,4})?(?![0-9０-９*＊A-Za-z])")]
    private static partial Regex BankCard();

    public static IEnumerable<SafetyFinding> Detect(string text, string field, DateOnly today)
    {
        var taken = new List<(int Start, int End)>();
        foreach (Match m in IdNumber().Matches(text))
        {
            var digits = Digits(m.Value);
            if (IsValidIdNumber(digits, today))
            {
                taken.Add((m.Index, m.Index + m.Length));
                yield return new SafetyFinding("pii-id-number", SafetyTier.Serious, "NM-V02", field, m.Index, m.Length, m.Value, Mask(digits, 4, 4),
                    "未脱敏的身份证号码（校验位有效），发布前须脱敏");
            }
        }
        foreach (Match m in Mobile().Matches(text))
        {
            if (Overlaps(taken, m.Index, m.Length))
            {
                continue;
            }
            var digits = Digits(m.Value);
            var local = digits.Length > 11 ? digits[^11..] : digits;
            taken.Add((m.Index, m.Index + m.Length));
            yield return new SafetyFinding("pii-mobile", SafetyTier.Serious, "NM-V02", field, m.Index, m.Length, m.Value, Mask(local, 3, 4),
                "未脱敏的手机号码，发布前须脱敏");
        }
        foreach (Match m in BankCard().Matches(text))
        {
            if (Overlaps(taken, m.Index, m.Length))
            {
                continue;
            }
            var digits = Digits(m.Value);
            if (IsPlausibleCard(digits) && IsLuhnValid(digits))
            {
                yield return new SafetyFinding("pii-bank-card", SafetyTier.Serious, "NM-V02", field, m.Index, m.Length, m.Value, Mask(digits, 4, 4),
                    "未脱敏的银行卡号（Luhn 校验有效），发布前须脱敏");
            }
        }
    }

    /// <summary>
    /// Card lengths by issuer: 16 digits for Visa (4), Mastercard (5), JCB (35) and UnionPay (62); 17–19 digits only for
    /// UnionPay (62) and the domestic debit prefix 9 — so an 18-digit number that is not a valid ID is not taken for a card.
    /// </summary>
    public static bool IsPlausibleCard(string digits) => digits.Length switch
    {
        16 => digits[0] is '4' or '5' or '6' || digits.StartsWith("35", StringComparison.Ordinal),
        >= 17 and <= 19 => digits.StartsWith("62", StringComparison.Ordinal) || digits[0] == '9',
        _ => false,
    };

    /// <summary>GB 11643: region (first digit 1–8), birth date not in the future and after 1900, ISO 7064 MOD 11-2 check digit.</summary>
    public static bool IsValidIdNumber(string id, DateOnly today)
    {
        if (id.Length != 18 || id[0] is < '1' or > '8')
        {
            return false;
        }
        if (!DateOnly.TryParseExact(id.AsSpan(6, 8), "yyyyMMdd", out var birth) || birth.Year < 1900 || birth > today)
        {
            return false;
        }
        return char.ToUpperInvariant(id[17]) == IdCheckDigit(id.AsSpan(0, 17));
    }

    /// <summary>ISO 7064 MOD 11-2: weights 2^(17-i) mod 11, check = (12 − sum mod 11) mod 11, 10 written X.</summary>
    public static char IdCheckDigit(ReadOnlySpan<char> first17)
    {
        var sum = 0;
        for (var i = 0; i < 17; i++)
        {
            var weight = (1 << (17 - i)) % 11;
            sum += (first17[i] - '0') * weight;
        }
        var check = (12 - sum % 11) % 11;
        return check == 10 ? 'X' : (char)('0' + check);
    }

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    /// <summary>The masked form: the first <paramref name="keepStart"/> and last <paramref name="keepEnd"/> digits kept (3301**********1234).</summary>
    public static string Mask(string digits, int keepStart, int keepEnd)
        => digits.Length <= keepStart + keepEnd ? new string('*', digits.Length) : digits[..keepStart] + new string('*', digits.Length - keepStart - keepEnd) + digits[^keepEnd..];

    private static string Digits(string value)
    {
        var chars = new List<char>(value.Length);
        foreach (var c in value)
        {
            if (c is >= '0' and <= '9')
            {
                chars.Add(c);
            }
            else if (c is >= '０' and <= '９')
            {
                chars.Add((char)(c - '０' + '0'));
            }
            else if (c is 'x' or 'X')
            {
                chars.Add('X');
            }
        }
        return new string([.. chars]);
    }

    private static bool Overlaps(List<(int Start, int End)> taken, int start, int length)
        => taken.Any(t => start < t.End && t.Start < start + length);
}
