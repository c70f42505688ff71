using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;

namespace NewMediaCms.Web.Security;

public static class AdminSecurityServiceCollectionExtensions
{
    /// <summary>
    /// The host's side of sign-in: the department policies every admin page and endpoint authorises with, the
    /// antiforgery cookie, and the data-protection keys (cookies and tokens survive a restart).
    /// </summary>
    public static IServiceCollection AddAdminSecurity(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddAntiforgery(o => o.Cookie.Name = "nmc.af");
        services.AddAuthorization(TenantPolicies.Add);
        services.AddScoped<IAuthorizationHandler, DepartmentAccessHandler>();

        var appData = configuration["Store:AppDataPath"] ?? "App_Data";
        var keys = Path.IsPathRooted(appData) ? Path.Combine(appData, "keys") : Path.Combine(contentRoot, appData, "keys");
        services.AddDataProtection().SetApplicationName("NewMediaCms").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return services;
    }
}
