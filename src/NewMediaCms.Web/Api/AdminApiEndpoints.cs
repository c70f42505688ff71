using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Web.Api;

/// <summary>
/// The department's admin API, under the department's path (/gaj/api/admin/...). Every query goes through the
/// tenant filter, so another department's rows are simply not there (404); a user of another department is
/// refused before that (403).
/// </summary>
public static class AdminApiEndpoints
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app)
    {
        var read = app.MapGroup("/api/admin").RequireAuthorization(TenantPolicies.ReadDepartment);
        read.MapGet("/accounts", async (AccountDirectory accounts, CancellationToken ct) =>
            Results.Ok((await accounts.InDepartmentAsync(ct)).Select(ToDto).ToList()));
        read.MapGet("/accounts/{id}", async (string id, AccountDirectory accounts, CancellationToken ct) =>
            await accounts.FindAsync(id, ct) is { } a
                ? Results.Ok(ToDto(a))
                : NotFound("账号不存在。"));
        read.MapGet("/content", async (ContentStore content, CancellationToken ct) =>
            Results.Ok((await content.LatestVersionsAsync(200, ct))
                .Select(v => new ContentDto(v.ContentItemId, v.ContentType, v.AccountId, v.Title, v.Number, v.Published, v.PublishedUtc, null))));
        read.MapGet("/content/{id}", async (string id, ContentStore content, CancellationToken ct) =>
            await content.ReadLatestAsync(id, ct) is { } v
                ? Results.Ok(new ContentDto(v.ContentItemId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Number, v.Published, v.PublishedUtc, v.Markdown))
                : NotFound("内容不存在。"));

        var manage = app.MapGroup("/api/admin").RequireAuthorization(TenantPolicies.ManageDepartment);
        manage.MapPut("/accounts/{id}", UpdateAccountAsync);
        return app;
    }

    public sealed record AccountDto(string Id, string TenantId, string Platform, string Kind, string Name, string OperatingUnit,
        string State, string FilingNumber, string ResponsiblePerson, string Contact, string Description);

    public sealed record AccountUpdate(string? Name, string? Description, string? Contact, string? ResponsiblePerson);

    public sealed record ContentDto(string Id, string Type, string? AccountId, string Title, int Version, bool Published, DateTime? PublishedUtc, string? Markdown);

    private static AccountDto ToDto(AccountRecord a) => new(a.Id, a.TenantId, a.Platform.ToString(), a.Kind.ToString(), a.Name,
        a.OperatingUnit, a.State.ToString(), a.FilingNumber, a.ResponsiblePerson, a.Contact, a.Description);

    /// <summary>A change of the account's details: Accounts records it as a 变更 filing and audits it.</summary>
    private static async Task<IResult> UpdateAccountAsync(string id, AccountUpdate update, AccountLifecycleService lifecycle, HttpContext http, CancellationToken ct)
    {
        var result = await lifecycle.ChangeDetailsAsync(id, new AccountChange(update.Name, update.Description, update.Contact, update.ResponsiblePerson),
            http.User.Identity?.Name ?? "", ct);
        if (result.NotFound)
        {
            return NotFound("账号不存在。");
        }
        if (result.Errors.Count > 0)
        {
            return Results.ValidationProblem(result.Errors, title: "提交的内容有误");
        }
        return Results.Ok(ToDto(result.Account!));
    }

    private static IResult NotFound(string detail)
        => Results.Problem(new ProblemDetails { Status = 404, Title = "未找到", Detail = detail });
}
