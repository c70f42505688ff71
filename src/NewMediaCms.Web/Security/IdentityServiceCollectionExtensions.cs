using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;

namespace NewMediaCms.Web.Security;

public static class IdentityServiceCollectionExtensions
{
    /// <summary>ASP.NET Core Identity over the store, with lock-out, cookie sign-in and the department policies.</summary>
    public static IServiceCollection AddNmcIdentity(this IServiceCollection services, IConfiguration configuration, string contentRoot)
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
        services.AddAntiforgery(o => o.Cookie.Name = "nmc.af");
        services.AddAuthorization(TenantPolicies.Add);
        services.AddScoped<IAuthorizationHandler, DepartmentAccessHandler>();

        var appData = configuration["Store:AppDataPath"] ?? "App_Data";
        var keys = Path.IsPathRooted(appData) ? Path.Combine(appData, "keys") : Path.Combine(contentRoot, appData, "keys");
        services.AddDataProtection().SetApplicationName("NewMediaCms").PersistKeysToFileSystem(new DirectoryInfo(keys));
        return services;
    }

    private static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> ctx, int status)
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

/// <summary>Identity's validation messages in Chinese.</summary>
public sealed class ChineseIdentityErrorDescriber : IdentityErrorDescriber
{
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = $"密码至少需要 {length} 个字符。" };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = "密码必须包含数字。" };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = "密码必须包含小写字母。" };
    public override IdentityError PasswordRequiresUpper() => new() { Code = nameof(PasswordRequiresUpper), Description = "密码必须包含大写字母。" };
    public override IdentityError PasswordRequiresNonAlphanumeric() => new() { Code = nameof(PasswordRequiresNonAlphanumeric), Description = "密码必须包含符号。" };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = $"用户名 “{userName}” 已被使用。" };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = $"用户名 “{userName}” 无效，只能使用字母、数字和 -._@+。" };
    public override IdentityError UserLockoutNotEnabled() => new() { Code = nameof(UserLockoutNotEnabled), Description = "该用户未启用锁定。" };
}
