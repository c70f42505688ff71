using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Users;
using NewMediaCms.Web.Editorial;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The two questions every admin route asks: may this user read the current department's data, and may they
/// change it? Department users act only inside their own department; matrix roles read everywhere, and only
/// SystemAdmin and MatrixAdmin change across departments.
/// </summary>
public static class TenantPolicies
{
    public const string ReadDepartment = "nmc:read-department";
    public const string ManageDepartment = "nmc:manage-department";
    public const string Matrix = "nmc:matrix";

    /// <summary>Writes an editor makes in their department (the media library): Editor or DepartmentAdmin there, or a matrix admin.</summary>
    public const string EditDepartment = "nmc:edit-department";

    /// <summary>
    /// The users of the current department: its department admin, or the security administrator (三权分立: the system
    /// and matrix administrators do not manage users). The rule itself is <see cref="DepartmentUsers.MayManage"/>.
    /// </summary>
    public const string ManageUsers = "nmc:manage-users";

    /// <summary>
    /// One's own account pages (账号安全): every signed-in user, matrix users under any prefix, department users under
    /// their own department's (there is nothing of another department to see, but a department user stays in theirs).
    /// </summary>
    public const string OwnAccount = "nmc:own-account";

    /// <summary>三权分立: users, roles and security policies (the security administrator).</summary>
    public const string SecurityAdministration = "nmc:security-admin";

    /// <summary>三权分立: reading, verifying and exporting the audit log (the audit administrator).</summary>
    public const string AuditAdministration = "nmc:audit-admin";

    public static void Add(AuthorizationOptions options)
    {
        options.AddPolicy(ReadDepartment, p => p.RequireAuthenticatedUser().AddRequirements(new DepartmentAccess(write: false)));
        options.AddPolicy(ManageDepartment, p => p.RequireAuthenticatedUser().AddRequirements(new DepartmentAccess(write: true)));
        options.AddPolicy(EditDepartment, p => p.RequireAuthenticatedUser().AddRequirements(new DepartmentAccess(write: true, editors: true)));
        options.AddPolicy(OwnAccount, p => p.RequireAuthenticatedUser().AddRequirements(new DepartmentAccess(write: false, own: true)));
        options.AddPolicy(ManageUsers, p => p.RequireAuthenticatedUser().AddRequirements(new DepartmentAccess(write: true, users: true)));
        options.AddPolicy(Matrix, p => p.RequireRole(Roles.SystemAdmin, Roles.MatrixAdmin, Roles.Auditor));
        options.AddPolicy(SecurityAdministration, p => p.RequireRole(Roles.SecurityAdmin));
        options.AddPolicy(AuditAdministration, p => p.RequireRole(Roles.AuditAdmin));
    }

    public static string? TenantOf(ClaimsPrincipal user) => NmcClaims.TenantOf(user);

    public static bool HasMatrixRole(ClaimsPrincipal user) => Roles.Matrix.Any(user.IsInRole);

    public static bool CanRead(ClaimsPrincipal user, TenantInfo? tenant)
        => tenant is not null && (HasMatrixRole(user) || TenantOf(user) == tenant.Id);

    public static bool CanEdit(ClaimsPrincipal user, TenantInfo? tenant)
        => CanManage(user, tenant) || (tenant is not null && TenantOf(user) == tenant.Id && user.IsInRole(Roles.Editor));

    public static bool CanManage(ClaimsPrincipal user, TenantInfo? tenant)
        => tenant is not null
           && (user.IsInRole(Roles.SystemAdmin) || user.IsInRole(Roles.MatrixAdmin)
               || (TenantOf(user) == tenant.Id && user.IsInRole(Roles.DepartmentAdmin)));
}

public sealed class DepartmentAccess(bool write, bool editors = false, bool users = false, bool own = false) : IAuthorizationRequirement
{
    /// <summary>One's own account (<see cref="TenantPolicies.OwnAccount"/>).</summary>
    public bool Own { get; } = own;

    /// <summary>User administration of the department (<see cref="TenantPolicies.ManageUsers"/>).</summary>
    public bool Users { get; } = users;

    public bool Write { get; } = write;

    /// <summary>With <see cref="Write"/>: the department's editors may too (not only its admins).</summary>
    public bool Editors { get; } = editors;
}

public sealed class DepartmentAccessHandler(ITenantContext tenant) : AuthorizationHandler<DepartmentAccess>
{
    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, DepartmentAccess requirement)
    {
        var allowed = requirement.Own ? TenantPolicies.TenantOf(context.User) is not { } own || own == tenant.Current?.Id
            : requirement.Users ? tenant.Current is { } current && DepartmentUsers.MayManage(context.User.ToEditorialActor(), current.Id)
            : requirement.Write && requirement.Editors ? TenantPolicies.CanEdit(context.User, tenant.Current)
            : requirement.Write
            ? TenantPolicies.CanManage(context.User, tenant.Current)
            : TenantPolicies.CanRead(context.User, tenant.Current);
        if (allowed)
        {
            context.Succeed(requirement);
        }
        return Task.CompletedTask;
    }
}
