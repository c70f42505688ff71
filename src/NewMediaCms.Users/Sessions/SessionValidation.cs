using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace NewMediaCms.Users.Sessions;

/// <summary>
/// The sign-in cookie's check on every request: its server-side session must be live (<see cref="SessionStore"/>),
/// then Identity's security-stamp check runs as before (it refreshes changed roles). A restricted session (password to
/// change, second factor to enrol) reaches only the account pages.
/// </summary>
public static class SessionValidation
{
    internal const string CurrentSessionItem = "nmc:session";

    public static async Task ValidatePrincipalAsync(CookieValidatePrincipalContext context)
    {
        var sessionId = context.Principal?.FindFirst(SessionClaims.SessionId)?.Value;
        var store = context.HttpContext.RequestServices.GetRequiredService<SessionStore>();
        var session = sessionId is null ? null : await store.ValidateAsync(sessionId, context.HttpContext.RequestAborted);
        if (session is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }
        context.HttpContext.Items[CurrentSessionItem] = session;
        await SecurityStampValidator.ValidatePrincipalAsync(context);
    }

    /// <summary>The current request's session id (null when not signed in).</summary>
    public static string? CurrentSessionId(HttpContext http) => (http.Items[CurrentSessionItem] as UserSession)?.Id;

    public static SessionRestriction CurrentRestriction(HttpContext http) => (http.Items[CurrentSessionItem] as UserSession)?.Restriction ?? SessionRestriction.None;

    /// <summary>Paths a restricted session may reach: its account pages, sign-in and sign-out; the public site needs no sign-in.</summary>
    private static bool Allowed(PathString path)
        => path.StartsWithSegments("/admin/account") || path.StartsWithSegments("/admin/login") || path.StartsWithSegments("/admin/logout")
           || !(path.StartsWithSegments("/admin") || path.StartsWithSegments("/api") || path.StartsWithSegments("/jobs"));

    /// <summary>After authentication: a restricted session is sent to the page that lifts its restriction.</summary>
    public static IApplicationBuilder UseSessionRestrictions(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var restriction = CurrentRestriction(http);
        if (restriction == SessionRestriction.None || Allowed(http.Request.Path))
        {
            await next(http);
            return;
        }
        var message = restriction == SessionRestriction.MustChangePassword ? "请先修改密码后再继续。" : "请先设置双因素认证（动态口令）后再继续。";
        if (http.Request.Path.StartsWithSegments("/api"))
        {
            http.Response.StatusCode = StatusCodes.Status403Forbidden;
            http.Response.ContentType = "text/plain; charset=utf-8";
            await http.Response.WriteAsync(message);
            return;
        }
        http.Response.Redirect(http.Request.PathBase + (restriction == SessionRestriction.MustChangePassword ? "/admin/account/password" : "/admin/account/two-factor"));
    });
}
