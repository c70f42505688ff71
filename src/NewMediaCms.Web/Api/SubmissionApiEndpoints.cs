using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using NewMediaCms.Distribution.Submissions;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>
/// 信息报送 as JSON under /api/admin/submissions, beside /api/admin/content: the same commands and queries the admin
/// pages call (<see cref="SubmissionService"/>, <see cref="SubmissionQueries"/>). Writes take a JSON body (a cross-site
/// form cannot send application/json). The adoption figures are for the matrix roles.
/// </summary>
public static class SubmissionApiEndpoints
{
    public sealed record SubmitRequest(string? ItemId, string? To, string? ContentHash, string? Note);

    public sealed record AdoptRequest(string? AccountId);

    public sealed record ReturnRequest(string? Reason);

    public sealed record SubmissionResultDto(string Message, long? SubmissionId, string? ItemId);

    public sealed record SubmissionDto(long Id, string From, string FromName, string To, string ToName, string ItemId, int Version, string Type, string Title, string? Note,
        string SubmittedBy, DateTime SubmittedUtc, string State, string StateName, string? DecidedBy, DateTime? DecidedUtc, string? ReturnReason,
        string? AdoptedItemId, string? AdoptedAccountId, DateTime? AdoptedUtc, string? Markdown);

    public static IEndpointRouteBuilder MapSubmissionApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin/submissions").RequireAuthorization(TenantPolicies.ReadDepartment);
        api.MapGet("/", async (SubmissionQueries q, CancellationToken ct) => Results.Ok((await q.SentAsync(ct)).Select(ToDto)));
        api.MapGet("/inbox", async (SubmissionQueries q, CancellationToken ct) => Results.Ok((await q.InboxAsync(ct)).Select(ToDto)));
        api.MapGet("/targets", (SubmissionService s) => Results.Ok(s.Targets()));
        api.MapGet("/{id:long}", async (long id, SubmissionQueries q, CancellationToken ct) =>
            await q.FindAsync(id, ct) is { } view ? Results.Ok(ToDto(view)) : Problem(404, "报送不存在，或与本部门无关。"));
        api.MapPost("/", async (SubmitRequest r, HttpContext http, SubmissionService s, CancellationToken ct) =>
            ToResult(await s.SubmitAsync(http.User.ToEditorialActor(), r.ItemId ?? "", r.To, r.ContentHash, r.Note, ct), created: true));
        api.MapPost("/{id:long}/adopt", async (long id, AdoptRequest r, HttpContext http, SubmissionService s, CancellationToken ct) =>
            ToResult(await s.AdoptAsync(http.User.ToEditorialActor(), id, r.AccountId, ct)));
        api.MapPost("/{id:long}/return", async (long id, ReturnRequest r, HttpContext http, SubmissionService s, CancellationToken ct) =>
            ToResult(await s.ReturnAsync(http.User.ToEditorialActor(), id, r.Reason, ct)));

        var figures = app.MapGroup("/api/admin/submissions/figures").RequireAuthorization(TenantPolicies.Matrix);
        figures.MapGet("/", FiguresAsync);
        figures.MapGet("/csv", async (string? from, string? to, SubmissionQueries q, CancellationToken ct) =>
            q.Period(from, to) is var p && p.Error is not null
                ? Problem(400, p.Error)
                : Results.File(SubmissionQueries.Csv(await q.AdoptionAsync(p.From, p.To, ct)), "text/csv; charset=utf-8", $"adoption-{p.From:yyyyMMdd}-{p.To:yyyyMMdd}.csv"));
        return app;
    }

    private static async Task<IResult> FiguresAsync(string? from, string? to, SubmissionQueries q, CancellationToken ct)
    {
        var (start, end, error) = q.Period(from, to);
        if (error is not null)
        {
            return Problem(400, error);
        }
        var report = await q.AdoptionAsync(start, end, ct);
        return Results.Ok(new
        {
            From = report.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            To = report.To.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            Rows = report.Rows.Append(report.Total).Select(r => new { r.TenantId, r.Name, r.Submitted, r.Adopted, r.Returned, r.Pending, r.Rate }),
        });
    }

    private static SubmissionDto ToDto(SubmissionView v) => new(v.Id, v.SourceTenantId, v.SourceName, v.DeskTenantId, v.DeskName, v.SourceItemId, v.SourceVersionNumber,
        v.ContentType, v.Title, v.Note, v.SubmittedBy, v.SubmittedUtc, v.State.ToString(), v.StateName, v.DecidedBy, v.DecidedUtc, v.ReturnReason, v.AdoptedItemId,
        v.AdoptedAccountId, v.AdoptedUtc, v.Markdown);

    private static IResult ToResult(SubmissionResult result, bool created = false) => result.Outcome switch
    {
        EditorialOutcome.Ok => Results.Json(new SubmissionResultDto(result.Message, result.SubmissionId, result.ItemId), statusCode: created ? 201 : 200),
        EditorialOutcome.NotFound => Problem(404, result.Message),
        EditorialOutcome.Forbidden => Problem(403, result.Message),
        _ => Problem(409, result.Message),
    };

    private static IResult Problem(int status, string detail) => Results.Problem(new ProblemDetails
    {
        Status = status,
        Title = status switch { 400 => "请求有误", 403 => "没有权限", 404 => "未找到", _ => "操作未执行" },
        Detail = detail,
    });
}
