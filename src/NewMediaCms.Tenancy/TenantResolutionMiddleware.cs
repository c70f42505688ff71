using Microsoft.AspNetCore.Http;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Tenancy;

/// <summary>
/// Resolves the department for a request and stores it in the scoped <see cref="ITenantContext"/>. When the
/// department was chosen by its path prefix, the prefix moves into PathBase so that every route is declared
/// once and serves the portal and every department alike (/gaj/notices/1 is /notices/1 of tenant gaj).
/// </summary>
public sealed class TenantResolutionMiddleware(RequestDelegate next, TenantRegistry registry)
{
    public const string DisabledItemKey = "nmc:tenant-disabled";

    public async Task InvokeAsync(HttpContext context, ITenantContext tenantContext)
    {
        var path = context.Request.Path.Value ?? "/";
        var segment = FirstSegment(path);
        var resolution = registry.Resolve(context.Request.Host.Host, segment);
        tenantContext.Set(resolution.Tenant);

        if (resolution.MatchedPrefix is not null)
        {
            var prefix = "/" + segment;
            context.Request.PathBase = context.Request.PathBase.Add(prefix);
            var rest = path[prefix.Length..];
            if (rest.Length == 0)
            {
                // "/gaj" -> "/gaj/": one canonical address for the department home.
                context.Response.Redirect(context.Request.PathBase + "/" + context.Request.QueryString, permanent: true);
                return;
            }
            context.Request.Path = rest;
        }

        if (resolution.Tenant is { State: TenantState.Disabled } && !IsAdminPath(context.Request.Path))
        {
            // A disabled department is gone for the public; the status-code page renders the theme's 404.
            context.Items[DisabledItemKey] = true;
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        await next(context);
    }

    public static bool IsAdminPath(PathString path)
        => path.StartsWithSegments("/admin") || path.StartsWithSegments("/api/admin");

    private static string? FirstSegment(string path)
    {
        var trimmed = path.TrimStart('/');
        if (trimmed.Length == 0)
        {
            return null;
        }
        var slash = trimmed.IndexOf('/');
        return slash < 0 ? trimmed : trimmed[..slash];
    }
}
