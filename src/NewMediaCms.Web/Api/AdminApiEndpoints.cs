using NewMediaCms.Core.Events;
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
        read.MapGet("/accounts", async (NmcDbContext db, CancellationToken ct) =>
            Results.Ok(await db.Set<Account>().AsNoTracking().OrderBy(a => a.Id).Select(a => ToDto(a)).ToListAsync(ct)));
        read.MapGet("/accounts/{id}", async (string id, NmcDbContext db, CancellationToken ct) =>
            await db.Set<Account>().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct) is { } a
                ? Results.Ok(ToDto(a))
                : NotFound("账号不存在。"));
        read.MapGet("/content", async (NmcDbContext db, CancellationToken ct) =>
            Results.Ok(await db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest)
                .OrderByDescending(v => v.CreatedUtc).Take(200)
                .Select(v => new ContentDto(v.ContentItemId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Number, v.Published, v.PublishedUtc, null))
                .ToListAsync(ct)));
        read.MapGet("/content/{id}", async (string id, NmcDbContext db, CancellationToken ct) =>
            await db.Set<ContentVersion>().AsNoTracking().Where(v => v.Latest && v.ContentItemId == id)
                .Select(v => new ContentDto(v.ContentItemId, v.Item!.ContentType, v.Item.AccountId, v.Title, v.Number, v.Published, v.PublishedUtc, v.Markdown))
                .FirstOrDefaultAsync(ct) is { } dto
                ? Results.Ok(dto)
                : NotFound("内容不存在。"));

        var manage = app.MapGroup("/api/admin").RequireAuthorization(TenantPolicies.ManageDepartment);
        manage.MapPut("/accounts/{id}", UpdateAccountAsync);
        return app;
    }

    public sealed record AccountDto(string Id, string TenantId, string Platform, string Kind, string Name, string OperatingUnit,
        string State, string FilingNumber, string ResponsiblePerson, string Contact, string Description);

    public sealed record AccountUpdate(string? Name, string? Description, string? Contact, string? ResponsiblePerson);

    public sealed record ContentDto(string Id, string Type, string? AccountId, string Title, int Version, bool Published, DateTime? PublishedUtc, string? Markdown);

    private static AccountDto ToDto(Account a) => new(a.Id, a.TenantId, a.Platform.ToString(), a.Kind.ToString(), a.Name,
        a.OperatingUnit, a.State.ToString(), a.FilingNumber, a.ResponsiblePerson, a.Contact, a.Description);

    private static async Task<IResult> UpdateAccountAsync(string id, AccountUpdate update, NmcDbContext db, TimeProvider clock, NewMediaCms.Audit.IAuditTrail audit, CancellationToken ct)
    {
        var account = await db.Set<Account>().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (account is null)
        {
            return NotFound("账号不存在。");
        }
        var errors = new Dictionary<string, string[]>();
        if (update.Name is not null && (update.Name.Trim().Length is 0 or > 200))
        {
            errors["name"] = ["账号名称不能为空，且不超过 200 个字。"];
        }
        if (update.Description is { Length: > 2000 })
        {
            errors["description"] = ["简介不超过 2000 个字。"];
        }
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "提交的内容有误");
        }
        var before = System.Text.Json.JsonSerializer.Serialize(ToDto(account));
        account.Name = update.Name?.Trim() ?? account.Name;
        account.Description = update.Description ?? account.Description;
        account.Contact = update.Contact ?? account.Contact;
        account.ResponsiblePerson = update.ResponsiblePerson ?? account.ResponsiblePerson;
        account.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        await audit.AppendAsync(new NewMediaCms.Core.Events.AuditRecord("account.updated", "Account", account.Id, before, System.Text.Json.JsonSerializer.Serialize(ToDto(account)), "修改账号信息"), ct);
        await db.SaveChangesAsync(ct);
        return Results.Ok(ToDto(account));
    }

    private static IResult NotFound(string detail)
        => Results.Problem(new ProblemDetails { Status = 404, Title = "未找到", Detail = detail });
}
