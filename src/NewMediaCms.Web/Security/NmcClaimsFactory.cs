using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Web.Security;

/// <summary>Adds the user's department and display name to the sign-in cookie.</summary>
public sealed class NmcClaimsFactory(UserManager<NmcUser> users, RoleManager<NmcRole> roles, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<NmcUser, NmcRole>(users, roles, options)
{
    public const string TenantClaim = "nmc:tenant";
    public const string DisplayNameClaim = "nmc:display-name";

    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(NmcUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        if (!string.IsNullOrEmpty(user.TenantId))
        {
            identity.AddClaim(new Claim(TenantClaim, user.TenantId));
        }
        identity.AddClaim(new Claim(DisplayNameClaim, string.IsNullOrEmpty(user.DisplayName) ? user.UserName! : user.DisplayName));
        return identity;
    }
}
