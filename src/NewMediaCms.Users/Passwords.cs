using System.Security.Cryptography;

namespace NewMediaCms.Users;

/// <summary>Passwords nobody typed: initial passwords of new users, first-start credentials, administrator resets.</summary>
public static class Passwords
{
    /// <summary>
    /// 16 characters with upper and lower case letters, digits and a symbol (meets the Identity password rules); no
    /// look-alikes (0/O, 1/l/I) and no symbols a shell would expand, since first-start passwords are copied from a console.
    /// </summary>
    public static string Generate()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "@%+=_";
        var chars = RandomNumberGenerator.GetItems<char>(upper + lower + digits + symbols, 12).ToList();
        chars.AddRange([RandomNumberGenerator.GetItems<char>(upper, 1)[0], RandomNumberGenerator.GetItems<char>(lower, 1)[0],
            RandomNumberGenerator.GetItems<char>(digits, 1)[0], RandomNumberGenerator.GetItems<char>(symbols, 1)[0]]);
        var array = chars.ToArray();
        RandomNumberGenerator.Shuffle<char>(array);
        return new string(array);
    }
}
