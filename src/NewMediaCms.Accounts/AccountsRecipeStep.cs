using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Accounts;

/// <summary>
/// "accounts": creates or updates accounts by id.
/// <code>{ "name": "accounts", "accounts": [ { "id": "gaj-wechat", "tenant": "gaj", "platform": "WeChat", "name": "青禾公安" } ] }</code>
/// </summary>
public sealed class AccountsRecipeStep : IRecipeStep
{
    public string Name => "accounts";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var ids = new HashSet<string>();
        foreach (var item in validation.RequireArray(step, "accounts"))
        {
            var id = validation.RequireString(item, "id", null);
            validation.RequireString(item, "tenant", id);
            validation.RequireName(item, "name", id);
            validation.OptionalName(item, "operatingUnit", id);
            validation.OptionalName(item, "supervisingUnit", id);
            validation.OptionalName(item, "responsiblePerson", id, 100);
            validation.OptionalName(item, "filingNumber", id, 100);
            var platform = validation.RequireString(item, "platform", id);
            if (id is not null && !RecipeJson.IsSlug(id))
            {
                validation.Error(id, "账号 id 只能使用小写字母、数字和连字符。");
            }
            if (id is not null && !ids.Add(id))
            {
                validation.Error(id, "账号 id 重复。");
            }
            if (platform is not null && !Enum.TryParse<Platform>(platform, out _))
            {
                validation.Error(id, $"未知平台 “{platform}”，可用 {string.Join("、", Enum.GetNames<Platform>())}。");
            }
            CheckEnum<AccountKind>(item, "kind", id, validation);
            CheckEnum<AccountState>(item, "state", id, validation);
            foreach (var dateField in new[] { "openedOn", "filedOn" })
            {
                if (item.TryGetProperty(dateField, out var d) && d.ValueKind == JsonValueKind.String
                    && !DateOnly.TryParseExact(d.GetString(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)
                    && !RecipeDates.TryParseUtc(d.GetString()!, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc, out _))
                {
                    validation.Error(id, $"{dateField} 日期 “{d.GetString()}” 无法识别。");
                }
            }
        }
    }

    private static void CheckEnum<T>(JsonElement item, string property, string? id, RecipeValidation validation) where T : struct, Enum
    {
        if (item.TryGetProperty(property, out var v) && !Enum.TryParse<T>(v.GetString(), out _))
        {
            validation.Error(id, $"{property} 的值 “{v}” 无效，可用 {string.Join("、", Enum.GetNames<T>())}。");
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        var tenants = await execution.Services.GetRequiredService<NewMediaCms.Tenancy.TenantDirectory>().IdsAsync(cancellationToken);
        var items = step.GetProperty("accounts").EnumerateArray().ToList();
        var known = await db.Set<Account>().AcrossTenants().ToDictionaryAsync(a => a.Id, cancellationToken);
        var now = execution.Now.UtcDateTime;
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString()!;
            var tenantId = item.GetProperty("tenant").GetString()!;
            if (!tenants.Contains(tenantId))
            {
                throw new RecipeException($"账号 “{id}” 所属部门 “{tenantId}” 不存在。");
            }
            if (!known.TryGetValue(id, out var account))
            {
                account = new Account { Id = id, TenantId = tenantId, CreatedUtc = now, UpdatedUtc = now };
                db.Add(account);
                known[id] = account;
                execution.Changed++;
            }
            else if (account.TenantId != tenantId)
            {
                throw new RecipeException($"账号 “{id}” 已属于部门 “{account.TenantId}”，不能改到 “{tenantId}”。");
            }
            account.Name = item.GetProperty("name").GetString()!;
            account.Platform = Enum.Parse<Platform>(item.GetProperty("platform").GetString()!);
            account.Kind = Enum.Parse<AccountKind>(RecipeJson.Optional(item, "kind") ?? nameof(AccountKind.Publishing));
            account.State = Enum.Parse<AccountState>(RecipeJson.Optional(item, "state") ?? nameof(AccountState.Active));
            account.OperatingUnit = RecipeJson.Optional(item, "operatingUnit") ?? "";
            account.SupervisingUnit = RecipeJson.Optional(item, "supervisingUnit") ?? "";
            account.Description = RecipeJson.Optional(item, "description") ?? "";
            account.IsMain = item.TryGetProperty("main", out var main) && main.ValueKind == JsonValueKind.True;
            account.MergedIntoAccountId = RecipeJson.Optional(item, "mergedInto");
            account.FilingNumber = RecipeJson.Optional(item, "filingNumber") ?? "";
            account.ResponsiblePerson = RecipeJson.Optional(item, "responsiblePerson") ?? "";
            account.Contact = RecipeJson.Optional(item, "contact") ?? "";
            account.OpenedOn = ParseDate(RecipeJson.Optional(item, "openedOn"), execution);
            account.FiledOn = ParseDate(RecipeJson.Optional(item, "filedOn"), execution);
            if (account.State == AccountState.MergedInto && account.MergedIntoAccountId is null)
            {
                throw new RecipeException($"账号 “{id}” 状态为已合并，但没有给出 mergedInto。");
            }
            if (db.Entry(account).State == EntityState.Modified)
            {
                account.UpdatedUtc = now;
                execution.Changed++;
            }
        }
        foreach (var account in known.Values.Where(a => a.MergedIntoAccountId is not null))
        {
            if (!known.ContainsKey(account.MergedIntoAccountId!))
            {
                throw new RecipeException($"账号 “{account.Id}” 合并到的账号 “{account.MergedIntoAccountId}” 不存在。");
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }

    private static DateOnly? ParseDate(string? text, RecipeExecution execution)
    {
        if (text is null)
        {
            return null;
        }
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        var utc = execution.ParseDateUtc(text);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(utc, execution.TimeZone));
    }
}
