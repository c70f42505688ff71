using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Core.Security;

namespace NewMediaCms.Web.Security;

public static class AdminSecurityServiceCollectionExtensions
{
    /// <summary>
    /// The host's side of sign-in: the department policies every admin page and endpoint authorises with, the
    /// antiforgery cookie, the data-protection keys (cookies and tokens survive a restart; encrypted at rest, see
    /// <see cref="DataProtectionKeys"/>) and the security administrator's self-assessment.
    /// </summary>
    public static IServiceCollection AddAdminSecurity(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddAntiforgery(o => o.Cookie.Name = "nmc.af");
        services.AddAuthorization(TenantPolicies.Add);
        services.AddScoped<IAuthorizationHandler, DepartmentAccessHandler>();

        var appData = configuration["Store:AppDataPath"] ?? "App_Data";
        var keys = Path.IsPathRooted(appData) ? Path.Combine(appData, "keys") : Path.Combine(contentRoot, appData, "keys");
        services.TryAddSingleton<SecretKeys>();
        DataProtectionKeys.Add(services, configuration, keys);
        services.AddScoped<SecurityAssessment>();
        return services;
    }
}
