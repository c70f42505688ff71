using System.Security.Claims;
using Microsoft.Extensions.DependencyInjection.Extensions;
using NewMediaCms.Audit;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Editorial;

public static class EditorialDeskServiceCollectionExtensions
{
    /// <summary>The web side of the editorial desk: audit entries name the signed-in user and the client address.</summary>
    public static IServiceCollection AddEditorialDesk(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.Replace(ServiceDescriptor.Scoped<IAuditActorAccessor, HttpAuditActor>());
        return services;
    }

    /// <summary>The actor of a request, from the sign-in cookie (department claim and roles).</summary>
    public static EditorialActor ToEditorialActor(this ClaimsPrincipal user)
        => new(user.Identity?.Name ?? "", TenantPolicies.TenantOf(user), Roles.All.Where(user.IsInRole).ToHashSet());
}

/// <summary>Who acts in a request and from which address (the connection's remote address; put a trusted proxy's ForwardedHeaders in front if any).</summary>
public sealed class HttpAuditActor(IHttpContextAccessor http) : IAuditActorAccessor
{
    public string Actor => http.HttpContext?.User.Identity is { IsAuthenticated: true, Name: { } name } ? name : http.HttpContext is null ? "system" : "anonymous";

    public string? IpAddress => http.HttpContext?.Connection.RemoteIpAddress?.ToString();
}
