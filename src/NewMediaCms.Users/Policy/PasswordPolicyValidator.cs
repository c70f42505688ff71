using System.Reflection;
using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users.Policy;

/// <summary>The common-password list shipped with the application (Policy/common-passwords.txt), compared case-insensitively.</summary>
public sealed class CommonPasswords
{
    private readonly HashSet<string> _words;

    public CommonPasswords()
    {
        using var stream = typeof(CommonPasswords).Assembly.GetManifestResourceStream("NewMediaCms.Users.Policy.common-passwords.txt")
            ?? throw new InvalidOperationException("常用密码表未嵌入程序集。");
        using var reader = new StreamReader(stream);
        _words = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                _words.Add(line.Trim());
            }
        }
    }

    public int Count => _words.Count;

    public bool Contains(string password) => _words.Contains(password.Trim());
}

/// <summary>
/// The one password rule (<see cref="SecurityPolicy"/>): length, character classes, not on the common-password list,
/// no user name inside. Every path that sets a password goes through Identity and so through here: creation, an
/// administrator's reset, the user's own change, the recipe and the operator's command. Identity's own rules are off.
/// </summary>
internal sealed class PasswordPolicyValidator(SecurityPolicyStore policies, CommonPasswords common) : IPasswordValidator<NmcUser>
{
    public async Task<IdentityResult> ValidateAsync(UserManager<NmcUser> manager, NmcUser user, string? password)
    {
        var policy = await policies.GetAsync();
        var errors = Check(policy, common, user.UserName, password ?? "").Select(m => new IdentityError { Code = "PasswordPolicy", Description = m }).ToArray();
        return errors.Length == 0 ? IdentityResult.Success : IdentityResult.Failed(errors);
    }

    /// <summary>The Chinese reasons a password is refused; empty when it is accepted.</summary>
    public static List<string> Check(SecurityPolicy policy, CommonPasswords common, string? userName, string password)
    {
        var errors = new List<string>();
        if (password.Length < policy.PasswordMinLength)
        {
            errors.Add($"密码至少需要 {policy.PasswordMinLength} 个字符（现在 {password.Length} 个）。");
        }
        var classes = (password.Any(char.IsUpper) ? 1 : 0) + (password.Any(char.IsLower) ? 1 : 0) + (password.Any(char.IsDigit) ? 1 : 0)
            + (password.Any(c => !char.IsLetterOrDigit(c)) ? 1 : 0);
        if (classes < policy.PasswordClasses)
        {
            errors.Add($"密码需要混合大写字母、小写字母、数字、符号中的至少 {policy.PasswordClasses} 类（现在 {classes} 类）。");
        }
        if (common.Contains(password))
        {
            errors.Add("这个密码在常用密码表中，很容易被猜中，请换一个。");
        }
        if (ContainsUserName(userName, password))
        {
            errors.Add("密码不能包含用户名。");
        }
        return errors;
    }

    /// <summary>The whole user name, or any part of it of four characters or more (gaj.editor: "gaj.editor", "editor").</summary>
    private static bool ContainsUserName(string? userName, string password)
    {
        if (string.IsNullOrWhiteSpace(userName))
        {
            return false;
        }
        var parts = userName.Split(['.', '-', '_', '@', '+'], StringSplitOptions.RemoveEmptyEntries).Where(p => p.Length >= 4).Append(userName.Length >= 3 ? userName : null);
        return parts.Any(p => p is not null && password.Contains(p, StringComparison.OrdinalIgnoreCase));
    }
}
