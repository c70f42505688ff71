using NewMediaCms.Content;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Safety;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>
/// The content-safety gate for the editor and the item/review pages: a live check of what is being typed (nothing is
/// saved) and the verdict on an item's latest version. The override itself is /api/admin/content/{id}/safety-override
/// (ReviewService, the editorial path).
/// </summary>
public static class SafetyApiEndpoints
{
    public sealed record CheckRequest(string? Title, string? Markdown, Dictionary<string, string>? Fields);

    public static IEndpointRouteBuilder MapSafetyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").RequireAuthorization(TenantPolicies.ReadDepartment);
        api.MapPost("/safety/check", async (CheckRequest r, ITenantContext tenant, IContentSafetyGate gate, CancellationToken ct) =>
        {
            if (tenant.TenantId is not { } tenantId)
            {
                return Results.Problem(statusCode: 400, detail: "请在部门后台中检查内容。");
            }
            if ((r.Markdown?.Length ?? 0) > 5_000_000)
            {
                return Results.Problem(statusCode: 413, detail: "正文超过 500 万字，无法检查。");
            }
            var verdict = await gate.CheckAsync(new ContentSafetyInput(tenantId, "", 0, "", r.Title ?? "", r.Markdown ?? "", r.Fields ?? new()), ct);
            return Results.Ok(ContentApiEndpoints.ToDto(verdict));
        });
        api.MapGet("/content/{id}/safety", async (string id, ContentStore content, IContentSafetyGate gate, CancellationToken ct) =>
        {
            var latest = await content.ReadLatestAsync(id, ct);
            if (latest is null)
            {
                return Results.Problem(statusCode: 404, detail: "内容不存在。");
            }
            var verdict = await gate.CheckAsync(new ContentSafetyInput(latest.TenantId, latest.ContentItemId, latest.Id, latest.ContentHash, latest.Title, latest.Markdown, ContentFields.Parse(latest.FieldsJson)), ct);
            return Results.Ok(new { latest.ContentHash, latest.Published, Safety = ContentApiEndpoints.ToDto(verdict) });
        });
        return app;
    }
}
