using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Content.Types;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Distribution.Submissions;

/// <summary>
/// "submissions": 信息报送 records for demos, by stable id (unique per desk). The submitted content is the source item's
/// published version. An adopted one gets the desk's published copy (id <c>{id}-adopted</c>, attributed to the source).
/// <code>{ "name": "submissions", "submissions": [ { "id": "bs-qhz-01", "from": "qhz", "item": "qhz-n-0003", "to": "xzf", "by": "qhz.editor",
///   "submitted": "today-20d 09:10", "note": "…", "adopted": "today-19d 15:00", "adoptedBy": "xzf.editor", "account": "xzf-site" },
///   { …, "returned": "today-10d 11:00", "returnedBy": "xzf.editor", "reason": "…" } ] }</code>
/// Without "adopted" or "returned" a submission is open (待处理). "to" must be the department's parent or the main account's department.
/// </summary>
public sealed class SubmissionsRecipeStep(MarkdownRenderer markdown) : IRecipeStep
{
    public string Name => "submissions";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var ids = new HashSet<string>();
        foreach (var item in validation.RequireArray(step, "submissions"))
        {
            var id = validation.RequireString(item, "id", null);
            validation.RequireString(item, "from", id);
            validation.RequireString(item, "item", id);
            var to = validation.RequireString(item, "to", id);
            validation.RequireString(item, "by", id);
            validation.RequireString(item, "submitted", id);
            if (id is not null && !RecipeJson.IsSlug(id))
            {
                validation.Error(id, "报送 id 只能使用小写字母、数字和连字符。");
            }
            if (id is not null && to is not null && !ids.Add(to + "/" + id))
            {
                validation.Error(id, "报送 id 在同一接收部门内重复。");
            }
            foreach (var field in new[] { "submitted", "adopted", "returned" })
            {
                if (RecipeJson.Optional(item, field) is { } text && !RecipeDates.TryParseUtc(text, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc, out _))
                {
                    validation.Error(id, $"{field} 日期 “{text}” 无法识别。");
                }
            }
            var adopted = RecipeJson.Optional(item, "adopted") is not null;
            var returned = RecipeJson.Optional(item, "returned") is not null;
            if (adopted && returned)
            {
                validation.Error(id, "同一条报送不能既采用（adopted）又退回（returned）。");
            }
            if (returned && RecipeJson.Optional(item, "reason") is null)
            {
                validation.Error(id, "退回（returned）须写明退回理由 reason。");
            }
            if (RecipeJson.Optional(item, "note") is { Length: > SubmissionService.NoteMaxLength })
            {
                validation.Error(id, $"报送说明 note 不能超过 {SubmissionService.NoteMaxLength} 个字。");
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var services = execution.Services;
        var db = services.GetRequiredService<NmcDbContext>();
        var content = services.GetRequiredService<ContentStore>();
        var departments = await services.GetRequiredService<TenantDirectory>().AllAsync(cancellationToken);
        var portal = departments.Values.FirstOrDefault(t => t.IsPortal);
        var accounts = await services.GetRequiredService<AccountDirectory>().DepartmentsByAccountAsync(cancellationToken);
        var siteChannels = await services.GetRequiredService<AccountDirectory>().SiteChannelsByDepartmentAsync(cancellationToken);
        var known = await db.Set<Submission>().AcrossTenants().Where(s => s.Key != null).ToDictionaryAsync(s => (s.TenantId, s.Key!), cancellationToken);
        var types = (await services.GetRequiredService<ContentTypeRegistry>().AllAsync(cancellationToken)).ToDictionary(t => t.Name);
        var copies = new List<(Submission Submission, ContentItem Item, ContentVersion Version, DateTime At)>();
        foreach (var element in step.GetProperty("submissions").EnumerateArray())
        {
            var id = element.GetProperty("id").GetString()!;
            var from = element.GetProperty("from").GetString()!;
            var to = element.GetProperty("to").GetString()!;
            if (!departments.TryGetValue(from, out var source))
            {
                throw new RecipeException($"报送 “{id}” 的报送部门 “{from}” 不存在。");
            }
            if (SubmissionService.TargetsOf(source, departments.GetValueOrDefault, portal).All(t => t.TenantId != to))
            {
                throw new RecipeException($"报送 “{id}”：“{to}” 不是部门 “{from}” 的上级部门或主账号部门。");
            }
            var itemId = element.GetProperty("item").GetString()!;
            var item = await content.ReadItemAsEvidenceAsync(itemId, cancellationToken);
            if (item is null || item.TenantId != from || item.Deleted)
            {
                throw new RecipeException($"报送 “{id}” 的内容 “{itemId}” 不存在或不属于部门 “{from}”。");
            }
            var version = item.Versions.FirstOrDefault(v => v.Published)
                ?? throw new RecipeException($"报送 “{id}” 的内容 “{itemId}” 没有已发布的版本，不能报送。");
            if (!known.TryGetValue((to, id), out var submission))
            {
                submission = new Submission { TenantId = to, Key = id };
                db.Add(submission);
                known[(to, id)] = submission;
            }
            submission.SourceTenantId = from;
            submission.SourceItemId = item.Id;
            submission.SourceVersionId = version.Id;
            submission.SourceVersionNumber = version.Number;
            submission.ContentType = item.ContentType;
            submission.Title = version.Title;
            submission.Markdown = version.Markdown;
            submission.FieldsJson = version.FieldsJson;
            submission.ContentHash = version.ContentHash;
            submission.Note = RecipeJson.Optional(element, "note");
            submission.SubmittedBy = element.GetProperty("by").GetString()!;
            submission.SubmittedUtc = execution.ParseDateUtc(element.GetProperty("submitted").GetString()!);
            submission.ReturnReason = null;
            submission.AdoptedUtc = null;
            if (RecipeJson.Optional(element, "returned") is { } returned)
            {
                submission.State = SubmissionState.Returned;
                submission.DecidedUtc = execution.ParseDateUtc(returned);
                submission.DecidedBy = RecipeJson.Optional(element, "returnedBy") ?? "recipe";
                submission.ReturnReason = RecipeJson.Optional(element, "reason");
            }
            else if (RecipeJson.Optional(element, "adopted") is { } adopted)
            {
                var at = execution.ParseDateUtc(adopted);
                var accountId = RecipeJson.Optional(element, "account") ?? siteChannels.GetValueOrDefault(to)
                    ?? throw new RecipeException($"报送 “{id}” 没有指定采用账号（account），部门 “{to}” 也没有网站栏目账号。");
                if (accounts.GetValueOrDefault(accountId) != to)
                {
                    throw new RecipeException($"报送 “{id}” 的采用账号 “{accountId}” 不存在或不属于部门 “{to}”。");
                }
                submission.State = SubmissionState.Adopted;
                submission.DecidedUtc = at;
                submission.DecidedBy = RecipeJson.Optional(element, "adoptedBy") ?? "recipe";
                submission.AdoptedUtc = at;
                submission.AdoptedAccountId = accountId;
                submission.AdoptedItemId = id + "-adopted";
                if (await content.ReadItemAsEvidenceAsync(submission.AdoptedItemId, cancellationToken) is null)
                {
                    copies.Add(NewCopy(submission, source.DisplayName, at));
                }
            }
            else
            {
                submission.State = SubmissionState.Open;
                submission.DecidedUtc = null;
                submission.DecidedBy = null;
            }
            if (db.Entry(submission).State is EntityState.Added or EntityState.Modified)
            {
                execution.Changed++;
            }
        }
        // The copies' versions get their ids at save; then they go public through the one publication step.
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (submission, item, version, at) in copies)
        {
            content.Publish(item.TenantId, item.Id, item.ContentType, version, [], at, markdown.Render(version.Markdown));
        }
        await db.SaveChangesAsync(cancellationToken);

        (Submission, ContentItem, ContentVersion, DateTime) NewCopy(Submission submission, string sourceName, DateTime at)
        {
            var fields = ContentFields.Serialize(SubmissionAttribution.FieldsOfCopy(submission.FieldsJson, sourceName, types.GetValueOrDefault(submission.ContentType)));
            var copy = new ContentItem
            {
                Id = submission.AdoptedItemId!,
                TenantId = submission.TenantId,
                ContentType = submission.ContentType,
                AccountId = submission.AdoptedAccountId,
                Owner = submission.DecidedBy ?? "recipe",
                CreatedUtc = at,
            };
            var version = new ContentVersion
            {
                ContentItemId = copy.Id,
                TenantId = copy.TenantId,
                Number = 1,
                Title = submission.Title,
                Markdown = submission.Markdown,
                FieldsJson = fields,
                ContentHash = ContentHash.Compute(submission.Title, submission.Markdown, fields),
                CreatedUtc = at,
                Author = copy.Owner,
                Latest = true,
            };
            copy.Versions.Add(version);
            content.Add(copy);
            return (submission, copy, version, at);
        }
    }
}
