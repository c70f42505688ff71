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
