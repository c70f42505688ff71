using Microsoft.AspNetCore.Mvc;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;
using NewMediaCms.Web.Editorial;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>
/// The editorial transitions as JSON under /api/admin/content. Every route calls the editorial commands (<see cref="DraftService"/>,
/// <see cref="ReviewService"/>, <see cref="PublicationService"/>, <see cref="RecycleBin"/>), the services the admin pages call, so the rules are the same. Every write takes a JSON body: a cross-site
/// form cannot send application/json, which is what protects these cookie-authenticated routes.
/// </summary>
public static class ContentApiEndpoints
{
    public sealed record CreateRequest(string? Type, string? AccountId, string? Title, string? Markdown, Dictionary<string, string>? Fields, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc);

    public sealed record SaveRequest(long VersionId, int Revision, string? AccountId, string? Title, string? Markdown, Dictionary<string, string>? Fields, DateTime? PublishAtUtc, DateTime? UnpublishAtUtc);

    public sealed record ApproveRequest(string? ContentHash, string? Comment);

    public sealed record CommentRequest(string? Comment);

    public sealed record PublishRequest(DateTime? PublishAtUtc);

    public sealed record ReasonRequest(string? Reason);

    public sealed record RestoreRequest(long VersionId);

    public sealed record EmptyRequest;

    public sealed record PreviewRequest(string? Markdown);

    public sealed record ResultDto(string Message, string? ItemId, long? VersionId, int? Revision, IReadOnlyList<string> Warnings, SafetyDto? Safety = null);

    public sealed record SafetyOverrideRequest(string? ContentHash, string? Reason);

    /// <summary>The content-safety verdict as JSON: findings (field, position, tier, suggestion) and the override, if any.</summary>
    public sealed record SafetyDto(bool Blocks, IReadOnlyList<SafetyFindingDto> Findings, string? OverriddenBy, string? OverrideReason);

    public sealed record SafetyFindingDto(string Detector, string Tier, string RuleCode, string Field, int Start, int Length, string Matched, string? Suggestion, string Message);

    public static SafetyDto? ToDto(Core.Safety.ContentSafetyVerdict? v) => v is null ? null
        : new(v.Blocks, v.Report.Findings.Select(f => new SafetyFindingDto(f.Detector, Core.Safety.SafetyTiers.DisplayName(f.Tier), f.RuleCode, f.Field, f.Start, f.Length, f.Matched, f.Suggestion, f.Message)).ToList(),
            v.Override?.UserName, v.Override?.Reason);

    public static IEndpointRouteBuilder MapContentApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/admin").RequireAuthorization(TenantPolicies.ReadDepartment);
        var content = api.MapGroup("/content");

        content.MapPost("/", (CreateRequest r, HttpContext http, DraftService s, CancellationToken ct) =>
            Run(http, s.CreateDraftAsync(http.User.ToEditorialActor(), new DraftInput(r.Type, r.AccountId, r.Title, r.Markdown, r.Fields, Utc(r.PublishAtUtc), Utc(r.UnpublishAtUtc)), ct), created: true));
        content.MapPut("/{id}", (string id, SaveRequest r, HttpContext http, DraftService s, CancellationToken ct) =>
            Run(http, s.SaveDraftAsync(http.User.ToEditorialActor(), id, new DraftInput(null, r.AccountId, r.Title, r.Markdown, r.Fields, Utc(r.PublishAtUtc), Utc(r.UnpublishAtUtc)), r.VersionId, r.Revision, ct)));
        content.MapPost("/{id}/submit", (string id, EmptyRequest _, HttpContext http, ReviewService s, CancellationToken ct) =>
            Run(http, s.SubmitAsync(http.User.ToEditorialActor(), id, ct)));
        content.MapPost("/{id}/approve", (string id, ApproveRequest r, HttpContext http, ReviewService s, CancellationToken ct) =>
            Run(http, s.ApproveAsync(http.User.ToEditorialActor(), id, r.ContentHash, r.Comment, ct)));
        content.MapPost("/{id}/reject", (string id, CommentRequest r, HttpContext http, ReviewService s, CancellationToken ct) =>
            Run(http, s.RejectAsync(http.User.ToEditorialActor(), id, r.Comment, ct)));
        content.MapPost("/{id}/publish", (string id, PublishRequest r, HttpContext http, PublicationService s, CancellationToken ct) =>
            Run(http, s.PublishAsync(http.User.ToEditorialActor(), id, Utc(r.PublishAtUtc), ct)));
        content.MapPost("/{id}/safety-override", (string id, SafetyOverrideRequest r, HttpContext http, ReviewService s, CancellationToken ct) =>
            Run(http, s.OverrideSafetyAsync(http.User.ToEditorialActor(), id, r.ContentHash, r.Reason, ct)));
        content.MapPost("/{id}/unpublish", (string id, EmptyRequest _, HttpContext http, PublicationService s, CancellationToken ct) =>
            Run(http, s.UnpublishAsync(http.User.ToEditorialActor(), id, ct)));
        content.MapPost("/{id}/delete", (string id, EmptyRequest _, HttpContext http, RecycleBin s, CancellationToken ct) =>
            Run(http, s.DeleteAsync(http.User.ToEditorialActor(), id, ct)));
        content.MapPost("/{id}/undelete", (string id, EmptyRequest _, HttpContext http, RecycleBin s, CancellationToken ct) =>
            Run(http, s.UndeleteAsync(http.User.ToEditorialActor(), id, ct)));
        content.MapPost("/{id}/purge", (string id, ReasonRequest r, HttpContext http, RecycleBin s, CancellationToken ct) =>
            Run(http, s.PurgeAsync(http.User.ToEditorialActor(), id, r.Reason, ct)));
        content.MapPost("/{id}/restore", (string id, RestoreRequest r, HttpContext http, DraftService s, CancellationToken ct) =>
            Run(http, s.RestoreAsync(http.User.ToEditorialActor(), id, r.VersionId, ct)));
        content.MapGet("/{id}/history", async (string id, EditorialQueries q, CancellationToken ct) =>
            await q.HistoryAsync(id, ct) is { } h
                ? Results.Ok(new
                {
                    h.Item.Id,
                    h.Item.ContentType,
                    Versions = h.Versions.Select(v => new { v.Id, v.Number, v.Latest, v.Published, v.Title, v.Author, v.CreatedUtc, v.PublishedUtc, v.PublishAtUtc, v.ContentHash, v.Revision, State = v.State.ToString() }),
                    Approvals = h.Approvals.Select(a => new { a.VersionId, a.Level, a.LevelName, a.UserName, a.ApprovedUtc, a.ContentHash, a.Voided }),
                    Comments = h.Comments.Select(c => new { c.VersionId, c.UserName, c.Level, c.Text, c.CreatedUtc }),
                })
                : Problem(404, "内容不存在。"));
        // What the signed-in person may do to the item now, with the reasons (the same answer the pages show).
        content.MapGet("/{id}/actions", async (string id, HttpContext http, EditorialQueries q, ContentActionsService actions, CancellationToken ct) =>
            await q.HistoryAsync(id, ct) is { } h
                ? Results.Ok(actions.For(http.User.ToEditorialActor(), h).All.Where(a => a.Shown)
                    .Select(a => new { Action = a.Action.ToString(), a.Allowed, a.Reason }))
                : Problem(404, "内容不存在。"));
        content.MapPost("/preview", PreviewAsync);

        api.MapGet("/review-chain", async (ReviewChainService chains, CancellationToken ct) => Results.Ok(await chains.LevelsAsync(ct)));
        api.MapPut("/review-chain", async (List<ReviewLevel> levels, HttpContext http, ReviewChainService chains, CancellationToken ct) =>
            ToResult(await chains.SaveAsync(http.User.ToEditorialActor(), levels, ct), false));
        return app;
    }

    /// <summary>
    /// The editor's live preview: the body is read only up to what the length limit can need (JSON may escape a
    /// character as six bytes), the render follows the limits and stops when the editor goes away (the request's
    /// cancellation), and a refused body answers 400 with the sentence that says what to change.
    /// </summary>
    private static async Task<IResult> PreviewAsync(HttpContext http, MarkdownRenderer markdown, CancellationToken ct)
    {
        var maxBytes = (long)markdown.Limits.MaxLength * 6 + 4096;
        var tooLong = $"正文过长，超过上限 {markdown.Limits.MaxLength:N0} 个字符，无法预览，请删减或拆分为多篇。";
        if (http.Request.ContentLength > maxBytes)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, tooLong);
        }
        if (http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = maxBytes;
        }
        PreviewRequest? request;
        try
        {
            request = await http.Request.ReadFromJsonAsync<PreviewRequest>(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Problem(StatusCodes.Status413PayloadTooLarge, tooLong);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException)
        {
            return Problem(StatusCodes.Status400BadRequest, "预览请求应为 JSON：{\"markdown\": \"正文\"}。");
        }
        var rendering = markdown.TryRender(request?.Markdown, ct);
        return rendering.Result is { } result ? Results.Ok(new { html = result.Html }) : Problem(StatusCodes.Status400BadRequest, rendering.Error!);
    }

    private static DateTime? Utc(DateTime? value) => value?.Kind switch
    {
        null => null,
        DateTimeKind.Utc => value,
        DateTimeKind.Local => value.Value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value.Value, DateTimeKind.Utc),
    };

    private static async Task<IResult> Run(HttpContext http, Task<EditorialResult> action, bool created = false) => ToResult(await action, created);

    public static IResult ToResult(EditorialResult result, bool created)
        => result.Outcome switch
        {
            EditorialOutcome.Ok when created => Results.Json(Dto(result), statusCode: StatusCodes.Status201Created),
            EditorialOutcome.Ok => Results.Ok(Dto(result)),
            EditorialOutcome.NotFound => Problem(404, result.Message),
            EditorialOutcome.Forbidden => Problem(403, result.Message),
            EditorialOutcome.ValidationFailed => Results.ValidationProblem(
                (result.Validation?.Errors ?? []).ToDictionary(e => e.Key, e => new[] { e.Value }), detail: result.Message, title: "提交的内容有误"),
            _ when result.Safety is { } safety => Results.Problem(new ProblemDetails
            {
                Status = 409, Title = "操作未执行", Detail = result.Message, Extensions = { ["safety"] = ToDto(safety) },
            }),
            _ => Problem(409, result.Message),
        };

    private static ResultDto Dto(EditorialResult r) => new(r.Message, r.ItemId, r.VersionId, r.Revision, r.Validation?.Warnings ?? [], ToDto(r.Safety));

    private static IResult Problem(int status, string detail)
        => Results.Problem(new ProblemDetails
        {
            Status = status,
            Title = status switch { 400 => "请求有误", 403 => "没有权限", 404 => "未找到", _ => "操作未执行" },
            Detail = detail,
        });
}
