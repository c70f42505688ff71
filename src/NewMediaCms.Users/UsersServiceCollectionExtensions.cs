using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Users;

public static class UsersServiceCollectionExtensions
{
    /// <summary>
    /// Users: ASP.NET Core Identity over the store (lock-out, password rules, Chinese messages, the department claim),
    /// cookie sign-in (<see cref="UserSessions"/>), department user administration (<see cref="DepartmentUsers"/>), the
    /// operator's password reset, the built-in roles, and the <c>roles</c> and <c>users</c> recipe steps.
    /// </summary>
    public static IServiceCollection AddUsers(this IServiceCollection services)
    {
        services.AddIdentity<NmcUser, NmcRole>(o =>
            {
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 10;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<NmcDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<NmcClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "nmc.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            // APIs answer with status codes, pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
        });
        // A disabled user or changed roles renew the security stamp; open sessions notice within a minute (default 30).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));

        services.AddScoped<UserSessions>();
        services.AddScoped<DepartmentUsers>();
        services.AddScoped<OperatorPasswordReset>();
        services.AddScoped<BuiltInRoles>();
        services.AddScoped<IRecipeStep, RolesRecipeStep>();
        services.AddScoped<IRecipeStep, UsersRecipeStep>();
        return services;
    }

    private static Task ApiOr(RedirectContext<CookieAuthenticationOptions> ctx, int status)
    {
        if (ctx.Request.Path.StartsWithSegments("/api"))
        {
            ctx.Response.StatusCode = status;
            return Task.CompletedTask;
        }
        ctx.Response.Redirect(ctx.RedirectUri);
        return Task.CompletedTask;
    }
}
