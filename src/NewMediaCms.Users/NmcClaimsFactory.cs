using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users;

/// <summary>The claims the sign-in cookie carries besides Identity's own (name, roles, security stamp).</summary>
public static class NmcClaims
{
    /// <summary>The user's department; absent for matrix-level users.</summary>
    public const string Tenant = "nmc:tenant";

    public const string DisplayName = "nmc:display-name";

    public static string? TenantOf(ClaimsPrincipal user) => user.FindFirstValue(Tenant);
}

/// <summary>Adds the user's department and display name to the sign-in cookie.</summary>
internal sealed class NmcClaimsFactory(UserManager<NmcUser> users, RoleManager<NmcRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<NmcUser, NmcRole>(users, roles, options)
{

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NmcUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.TenantId))
        {
            identity.AddClaim(new Claim(NmcClaims.Tenant, user.TenantId));
        }
        identity.AddClaim(new Claim(NmcClaims.DisplayName, string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName));
        return identity;
    }
}
