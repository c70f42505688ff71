using NewMediaCms.Users;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>The security administrator's API (三权分立): users' roles, under the same rule as the pages (<see cref="UserAdministration"/>).</summary>
public static class SecurityApiEndpoints
{
    public sealed record RolesUpdate(List<string>? Roles);

    public static IEndpointRouteBuilder MapSecurityApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/admin/security").RequireAuthorization(TenantPolicies.SecurityAdministration);
        group.MapGet("/users", async (UserAdministration users, CancellationToken ct) => Results.Ok(await users.ListAsync(ct)));
        group.MapPut("/users/{userName}/roles", async (string userName, RolesUpdate update, UserAdministration users, HttpContext http, CancellationToken ct) =>
        {
            var result = await users.SetRolesAsync(http.User.ToEditorialActor(), userName, update.Roles ?? [], ct);
            return result switch
            {
                { NotFound: true } => Results.Problem(title: result.Message, statusCode: StatusCodes.Status404NotFound),
                { Forbidden: true } => Results.Problem(title: result.Message, statusCode: StatusCodes.Status403Forbidden),
                { Ok: false } => Results.ValidationProblem(result.Errors.ToDictionary(e => e.Key.Length == 0 ? "roles" : char.ToLowerInvariant(e.Key[0]) + e.Key[1..], e => new[] { e.Value }),
                    title: "提交的内容有误"),
                _ => Results.Ok(new { message = result.Message }),
            };
        });
        return app;
    }
}
