using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Users;

/// <summary>The roles the application's rules name (<see cref="Roles"/>) exist in every store, with their Chinese names.</summary>
public sealed class BuiltInRoles(RoleManager<NmcRole> roles)
{
    public async Task EnsureAsync()
    {
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new NmcRole(role) { DisplayName = Roles.DisplayNames[role] });
            }
        }
    }
}
