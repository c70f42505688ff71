using System.Security.Claims;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Pages.Admin.Messages;

/// <summary>
/// Who may answer citizen messages: the department's admins and editors (the people who already speak for the department),
/// and SystemAdmin / MatrixAdmin. Auditors and reviewers read the inbox but do not answer and do not see contacts.
/// </summary>
public static class MessagePermissions
{
    public static bool CanAnswer(ClaimsPrincipal user, TenantInfo? tenant)
        => tenant is not null
           && (user.IsInRole(Roles.SystemAdmin) || user.IsInRole(Roles.MatrixAdmin)
               || (TenantPolicies.TenantOf(user) == tenant.Id && (user.IsInRole(Roles.DepartmentAdmin) || user.IsInRole(Roles.Editor))));
}
