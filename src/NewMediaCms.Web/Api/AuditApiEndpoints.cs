using NewMediaCms.Audit;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>
/// The audit administrator's API (三权分立: nobody else, the system administrator included, gets past the policy).
/// A JSON body is required, as on every state-changing admin API call (a cross-site form cannot send one); both calls are audited.
/// </summary>
public static class AuditApiEndpoints
{
    public sealed record ExportRequest(DateOnly? From, DateOnly? To);

    public static IEndpointRouteBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/api/admin/audit").RequireAuthorization(TenantPolicies.AuditAdministration);
        audit.MapPost("/verify", async (ContentApiEndpoints.EmptyRequest _, AuditVerifier verifier, CancellationToken ct) =>
            Results.Ok(await verifier.VerifyAndRecordAsync(ct)));
        audit.MapPost("/export", async (ExportRequest request, AuditArchive archive, ITenantContext tenant, TimeProvider time, CancellationToken ct) =>
        {
            if (request.From is { } f && request.To is { } t && t < f)
            {
                return Results.Problem(statusCode: 400, title: "导出时间段有误", detail: "截止日期早于起始日期，请重新选择导出的时间段。");
            }
            var clock = tenant.Clock(time);
            var (content, header) = await archive.ExportAsync(request.From is { } from ? clock.StartOfDayUtc(from) : null,
                request.To is { } to ? clock.StartOfDayUtc(to.AddDays(1)) : null, ct);
            return Results.File(content, "application/x-ndjson", $"audit-{header.FromSequence}-{header.ToSequence}.jsonl");
        });
        return app;
    }
}
