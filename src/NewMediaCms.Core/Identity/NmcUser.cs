using Microsoft.AspNetCore.Identity;

namespace NewMediaCms.Core.Identity;

/// <summary>A person who signs in. Belongs to one department unless they hold a matrix role.</summary>
public sealed class NmcUser : IdentityUser
{
    /// <summary>The department the user works for; null for matrix-level users.</summary>
    public string? TenantId { get; set; }

    public string DisplayName { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime? LastLoginUtc { get; set; }

    /// <summary>When the password was last set (by the user or an administrator); null: never since this was recorded (the creation time counts).</summary>
    public DateTime? PasswordChangedUtc { get; set; }

    /// <summary>The password was set by an administrator (initial password, reset): the user must change it at the next sign-in.</summary>
    public bool MustChangePassword { get; set; }
}

public sealed class NmcRole : IdentityRole
{
    public NmcRole()
    {
    }

    public NmcRole(string name) : base(name)
    {
        Id = name;
    }

    public string DisplayName { get; set; } = "";
}
