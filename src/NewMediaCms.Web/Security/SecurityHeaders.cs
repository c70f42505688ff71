using Microsoft.AspNetCore.CookiePolicy;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The one place response security headers are written, for every response (pages, static files, API, errors):
/// a Content-Security-Policy without inline script or inline style (no page has any; behaviour lives in static .js
/// files), nosniff, Referrer-Policy and Permissions-Policy; admin and API responses may not be framed at all. With
/// HTTPS configured (<see cref="HttpsOptions"/>) plain HTTP is redirected, HTTPS responses carry HSTS, and the
/// cookie policy makes every cookie Secure. Violations are reported to <see cref="CspReports.Path"/>.
/// </summary>
public static class SecurityHeaders
{
    private const string Common =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; font-src 'self'; "
        + "connect-src 'self'; media-src 'self' https:; object-src 'none'; base-uri 'self'; form-action 'self'; ";

    private const string Report = "report-uri " + CspReports.Path + "; report-to csp";

    /// <summary>Public pages: may be framed by the site itself only.</summary>
    public const string PublicPolicy = Common + "frame-ancestors 'self'; " + Report;

    /// <summary>Admin pages: never framed (clickjacking of admin actions).</summary>
    public const string AdminPolicy = Common + "frame-ancestors 'none'; " + Report;

    /// <summary>API answers are data, never a document that runs anything.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; " + Report;

    public const string PermissionsPolicy = "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    /// <summary>Health probes of a load balancer often speak plain HTTP: they are answered, not redirected.</summary>
    private static readonly PathString Health = "/health";

    public static IServiceCollection AddSecurityHeaders(this IServiceCollection services, IConfiguration configuration)
    {
        var https = HttpsOptions.From(configuration);
        services.AddSingleton(Options.Create(https));
        services.Configure<CookiePolicyOptions>(o =>
        {
            // Every cookie — sign-in, antiforgery, elder mode, message receipt — goes through the cookie policy.
            o.Secure = https.Enabled ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        });
        if (https.TrustForwardedProto)
        {
            services.Configure<ForwardedHeadersOptions>(o => o.ForwardedHeaders = ForwardedHeaders.XForwardedProto);
        }
        services.AddSingleton<CspReports>();
        return services;
    }

    /// <summary>First in the pipeline, so that every response (static files and error pages too) gets the headers.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app)
    {
        var https = app.ApplicationServices.GetRequiredService<IOptions<HttpsOptions>>().Value;
        if (https.TrustForwardedProto)
        {
            app.UseForwardedHeaders();
        }
        var hsts = $"max-age={(long)TimeSpan.FromDays(https.HstsMaxAgeDays).TotalSeconds}" + (https.HstsIncludeSubDomains ? "; includeSubDomains" : "");
        app.Use((context, next) =>
        {
            var request = context.Request;
            if (https.Enabled && !request.IsHttps && !request.Path.StartsWithSegments(Health))
            {
                var host = https.Port is null or 443 ? new HostString(request.Host.Host) : new HostString(request.Host.Host, https.Port.Value);
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = Microsoft.AspNetCore.Http.Extensions.UriHelper.BuildAbsolute("https", host, request.PathBase, request.Path, request.QueryString);
                return Task.CompletedTask;
            }
            // Decided on the path as the client sent it (before the department prefix moves into PathBase).
            var area = AreaOf(request.Path);
            var isHttps = request.IsHttps;
            context.Response.OnStarting(() =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = area == Area.Public ? "strict-origin-when-cross-origin" : "same-origin";
                headers["Permissions-Policy"] = PermissionsPolicy;
                headers["Reporting-Endpoints"] = $"csp=\"{CspReports.Path}\"";
                headers.ContentSecurityPolicy = area switch
                {
                    Area.Admin => AdminPolicy,
                    Area.Api => ApiPolicy,
                    _ => PublicPolicy,
                } + (https.Enabled ? "; upgrade-insecure-requests" : "");
                if (area != Area.Public)
                {
                    headers.XFrameOptions = "DENY";
                }
                if (https.Enabled && isHttps)
                {
                    headers.StrictTransportSecurity = hsts;
                }
                return Task.CompletedTask;
            });
            return next(context);
        });
        app.UseCookiePolicy();
        return app;
    }

    private enum Area { Public, Admin, Api }

    /// <summary>/admin/..., /{department}/admin/... are admin; /api/..., /{department}/api/... are API.</summary>
    private static Area AreaOf(PathString path)
    {
        var segments = (path.Value ?? "").Split('/', 4, StringSplitOptions.RemoveEmptyEntries);
        foreach (var segment in segments.Take(2))
        {
            if (segment.Equals("admin", StringComparison.OrdinalIgnoreCase))
            {
                return Area.Admin;
            }
            if (segment.Equals("api", StringComparison.OrdinalIgnoreCase))
            {
                return Area.Api;
            }
        }
        return Area.Public;
    }
}
