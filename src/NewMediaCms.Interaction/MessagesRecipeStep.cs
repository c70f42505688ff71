using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Interaction;

/// <summary>
/// "messages": citizen messages for demos and tests, created or updated by id (unique per department).
/// <code>{ "name": "messages", "messages": [ { "id": "m1", "tenant": "gaj", "account": "gaj-wechat", "subject": "…", "body": "…",
///   "received": "today-3d 09:00", "reply": "…", "replied": "today-1d 10:00", "status": "NotPublic", "reason": "…", "queryCode": "ABCD…" } ] }</code>
/// Without "reply" and "status" a message is open (待答复). "queryCode" (12 characters) lets a demo visitor look the message up.
/// </summary>
public sealed class MessagesRecipeStep : IRecipeStep
{
    public string Name => "messages";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var ids = new HashSet<string>();
        foreach (var item in validation.RequireArray(step, "messages"))
        {
            var id = validation.RequireString(item, "id", null);
            var tenant = validation.RequireString(item, "tenant", id);
            validation.RequireName(item, "subject", id, MessageLimits.Subject);
            validation.RequireString(item, "body", id);
            var received = validation.RequireString(item, "received", id);
            if (id is not null && tenant is not null && !ids.Add(tenant + "/" + id))
            {
                validation.Error(id, "留言 id 在同一部门内重复。");
            }
            foreach (var (field, text) in new[] { ("received", received), ("replied", RecipeJson.Optional(item, "replied")) })
            {
                if (text is not null && !RecipeDates.TryParseUtc(text, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc, out _))
                {
                    validation.Error(id, $"{field} 日期 “{text}” 无法识别。");
                }
            }
            if (RecipeJson.Optional(item, "status") is { } status && !Enum.TryParse<MessageStatus>(status, out _))
            {
                validation.Error(id, $"status 的值 “{status}” 无效，可用 {string.Join("、", Enum.GetNames<MessageStatus>())}。");
            }
            if (RecipeJson.Optional(item, "queryCode") is { } code && MessageService.NormalizeCode(code) is null)
            {
                validation.Error(id, $"queryCode “{code}” 须为 {MessageService.CodeLength} 位字母数字（不含 I、L、O、0、1）。");
            }
            if (RecipeJson.Optional(item, "reply") is not null && RecipeJson.Optional(item, "replied") is null)
            {
                validation.Error(id, "有 reply 时须给出答复时间 replied。");
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        var deadlines = execution.Services.GetRequiredService<ReplyDeadlines>();
        var clock = await deadlines.AtAsync(execution.Now.UtcDateTime, cancellationToken);
        var tenants = await execution.Services.GetRequiredService<NewMediaCms.Tenancy.TenantDirectory>().IdsAsync(cancellationToken);
        var accounts = await execution.Services.GetRequiredService<AccountDirectory>().DepartmentsByAccountAsync(cancellationToken);
        var known = await db.Set<CitizenMessage>().AcrossTenants().Where(m => m.Key != null).ToDictionaryAsync(m => (m.TenantId, m.Key!), cancellationToken);
        foreach (var item in step.GetProperty("messages").EnumerateArray())
        {
            var id = item.GetProperty("id").GetString()!;
            var tenantId = item.GetProperty("tenant").GetString()!;
            if (!tenants.Contains(tenantId))
            {
                throw new RecipeException($"留言 “{id}” 所属部门 “{tenantId}” 不存在。");
            }
            var accountId = RecipeJson.Optional(item, "account");
            if (accountId is not null && accounts.GetValueOrDefault(accountId) != tenantId)
            {
                throw new RecipeException($"留言 “{id}” 的账号 “{accountId}” 不是部门 “{tenantId}” 的账号。");
            }
            var code = MessageService.NormalizeCode(RecipeJson.Optional(item, "queryCode")) ?? MessageService.NewCode();
            if (!known.TryGetValue((tenantId, id), out var m))
            {
                m = new CitizenMessage { TenantId = tenantId, Key = id, QueryCodeHash = MessageService.Hash(code) };
                db.Add(m);
                known[(tenantId, id)] = m;
            }
            else if (RecipeJson.Optional(item, "queryCode") is not null)
            {
                m.QueryCodeHash = MessageService.Hash(code);
            }
            m.AccountId = accountId;
            m.Name = RecipeJson.Optional(item, "writer");
            m.Contact = RecipeJson.Optional(item, "contact");
            m.Subject = item.GetProperty("subject").GetString()!;
            m.Body = item.GetProperty("body").GetString()!;
            m.ReceivedUtc = execution.ParseDateUtc(item.GetProperty("received").GetString()!);
            m.Reply = RecipeJson.Optional(item, "reply");
            m.RepliedUtc = RecipeJson.Optional(item, "replied") is { } replied ? execution.ParseDateUtc(replied) : null;
            m.RepliedBy = m.Reply is null ? null : RecipeJson.Optional(item, "repliedBy") ?? "recipe";
            m.ReplyWorkingDays = m.RepliedUtc is { } r ? clock.WorkingDaysTaken(m.ReceivedUtc, r) : null;
            m.Status = RecipeJson.Optional(item, "status") is { } s ? Enum.Parse<MessageStatus>(s) : m.Reply is null ? MessageStatus.Open : MessageStatus.Answered;
            m.NotPublicReason = m.Status == MessageStatus.NotPublic ? RecipeJson.Optional(item, "reason") ?? "不予公开" : null;
            m.ClosedUtc = m.Status == MessageStatus.Open ? null : m.RepliedUtc ?? m.ReceivedUtc;
            m.ClosedBy = m.Status == MessageStatus.Open ? null : m.RepliedBy ?? "recipe";
            if (db.Entry(m).State is EntityState.Added or EntityState.Modified)
            {
                execution.Changed++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
