using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Users.Policy;
using NewMediaCms.Users.Sessions;
using NewMediaCms.Users.SignIn;

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
                // Failed sign-ins are counted by SignInThrottle (per account and client); Identity's lock-out only
                // carries "disabled" (an indefinite lock-out end). The password rule is PasswordPolicyValidator alone.
                o.Lockout.AllowedForNewUsers = true;
                o.Password.RequiredLength = 1;
                o.Password.RequiredUniqueChars = 1;
                o.Password.RequireDigit = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireNonAlphanumeric = false;
                o.User.RequireUniqueEmail = false;
            })
            .AddEntityFrameworkStores<NmcDbContext>()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<NmcClaimsFactory>()
            .AddErrorDescriber<ChineseIdentityErrorDescriber>()
            .AddPasswordValidator<PasswordPolicyValidator>();

        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "nmc.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.LoginPath = "/admin/login";
            o.LogoutPath = "/admin/logout";
            o.AccessDeniedPath = "/admin/denied";
            // The session row decides (idle timeout, absolute lifetime, revocation); the ticket's own end is set at
            // sign-in to the session's end, this is only the upper bound of the policy.
            o.ExpireTimeSpan = TimeSpan.FromHours(24);
            o.SlidingExpiration = false;
            o.Events.OnValidatePrincipal = SessionValidation.ValidatePrincipalAsync;
            // APIs answer with status codes, pages redirect to the sign-in page.
            o.Events.OnRedirectToLogin = ctx => ApiOr(ctx, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = ctx => ApiOr(ctx, StatusCodes.Status403Forbidden);
        });
        // Revocation is the session row's (checked on every request). The security stamp still refreshes changed roles
        // within a minute; the refreshed cookie keeps its session id.
        services.Configure<SecurityStampValidatorOptions>(o =>
        {
            o.ValidationInterval = TimeSpan.FromMinutes(1);
            o.OnRefreshingPrincipal = ctx =>
            {
                var keep = ctx.CurrentPrincipal?.Claims.Where(c => c.Type is SessionClaims.SessionId or "amr").ToList() ?? [];
                if (ctx.NewPrincipal?.Identity is System.Security.Claims.ClaimsIdentity identity)
                {
                    identity.AddClaims(keep);
                }
                return Task.CompletedTask;
            };
        });
        services.AddHttpContextAccessor();
        services.AddSingleton<IModelContributor, UsersModel>();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration("SignIn")
            .Validate(o => o.LockoutFailures > 0 && o.LockoutMinutes > 0 && o.WindowMinutes > 0 && o.ChallengeAfterNameFailures > 0
                           && o.ChallengeAfterClientFailures > 0 && o.ClientBlockFailures > 0, "SignIn 的各项次数和分钟数必须大于 0。")
            .ValidateOnStart();
        services.AddSingleton<CommonPasswords>();
        services.AddScoped<SecurityPolicyStore>();
        services.AddScoped<SessionStore>();
        services.AddScoped<SignInThrottle>();
        services.AddScoped<SignInChallenges>();
        services.AddScoped<AccountSecurity>();
        services.AddScoped<UserAdministration>();

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
