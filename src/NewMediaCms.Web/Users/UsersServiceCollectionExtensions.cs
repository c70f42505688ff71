using Microsoft.AspNetCore.Identity;

namespace NewMediaCms.Web.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>Department user administration (admin pages under /admin/users).</summary>
    public static IServiceCollection AddDepartmentUsers(this IServiceCollection services)
    {
        services.AddScoped<DepartmentUsers>();
        // A disabled user or changed roles renew the security stamp; open sessions notice within a minute (default 30).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        return services;
    }
}
