using NewMediaCms.Core.Identity;

namespace NewMediaCms.Editorial;

/// <summary>The person acting: user name, their department (null for matrix users) and roles. The web host builds it from the sign-in cookie.</summary>
public sealed record EditorialActor(string UserName, string? TenantId, IReadOnlySet<string> Roles)
{
    public bool IsInRole(string role) => Roles.Contains(role);

    public bool IsMatrixAdmin => IsInRole(Core.Identity.Roles.SystemAdmin) || IsInRole(Core.Identity.Roles.MatrixAdmin);

    public static EditorialActor Of(string userName, string? tenantId, params string[] roles) => new(userName, tenantId, roles.ToHashSet());
}
