using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users;

/// <summary>
/// 三权分立 (GB/T 22239-2019 level 3, 8.1.4.2): system, security and audit administration are held by different
/// people. The one rule, used by the security administrator's user pages, the admin API and the <c>users</c> recipe step.
/// </summary>
public static class SeparationOfDuties
{
    /// <summary>The separated duties among these roles.</summary>
    public static IReadOnlyList<string> DutiesIn(IEnumerable<string> roles) => Roles.SeparatedDuties.Where(roles.Contains).ToList();

    /// <summary>Null when the roles respect the separation; otherwise the Chinese reason.</summary>
    public static string? Check(IEnumerable<string> roles)
    {
        var duties = DutiesIn(roles);
        return duties.Count > 1 ? Message(duties) : null;
    }

    public static string Message(IEnumerable<string> duties)
        => $"同一人不能同时担任{string.Join("和", duties.Select(d => Roles.DisplayNames[d]))}（三权分立：系统管理员、安全管理员、审计管理员必须由不同的人担任），请只保留其中一个。";
}
