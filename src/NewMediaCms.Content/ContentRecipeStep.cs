using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Content;

/// <summary>
/// "content": creates content items by stable id; a changed item gets a new version, an unchanged one is left alone.
/// <code>{ "name": "content", "items": [ { "id": "gaj-2024-001", "type": "notice", "tenant": "gaj", "account": "gaj-site",
///   "title": "...", "body": "Markdown" or ["line", "line"], "published": "today-3d 09:30" } ] }</code>
/// Without "published" the item is created as a draft.
/// </summary>
public sealed class ContentRecipeStep(MarkdownRenderer markdown) : IRecipeStep
{
    public string Name => "content";

    private static string Source(JsonElement body) => body.ValueKind == JsonValueKind.Array
        ? string.Join('\n', body.EnumerateArray().Select(l => l.GetString()))
        : body.GetString() ?? "";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var ids = new HashSet<string>();
        foreach (var item in validation.RequireArray(step, "items"))
        {
            var id = validation.RequireString(item, "id", null);
            validation.RequireString(item, "type", id);
            validation.RequireString(item, "tenant", id);
            var title = validation.RequireName(item, "title", id, 500);
            if (id is not null && !RecipeJson.IsSlug(id))
            {
                validation.Error(id, "内容 id 只能使用小写字母、数字和连字符。");
            }
            if (id is not null && !ids.Add(id))
            {
                validation.Error(id, "内容 id 重复。");
            }
            if (title is { Length: > 500 })
            {
                validation.Error(id, "标题不能超过 500 个字。");
            }
            if (!item.TryGetProperty("body", out var body) || body.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
            {
                validation.Error(id, "缺少正文 “body”（Markdown 字符串或字符串数组）。");
            }
            else if (body.ValueKind == JsonValueKind.String || body.EnumerateArray().All(l => l.ValueKind == JsonValueKind.String))
            {
                // Length and nesting before anything is applied; the render's time budget is applied with the step.
                if (markdown.CheckSource(Source(body)) is { } bodyError)
                {
                    validation.Error(id, bodyError);
                }
            }
            if (item.TryGetProperty("published", out var published)
                && (published.ValueKind != JsonValueKind.String || !RecipeDates.TryParseUtc(published.GetString()!, DateTimeOffset.UnixEpoch, TimeZoneInfo.Utc, out _)))
            {
                validation.Error(id, $"发布时间 “{published}” 无法识别。");
            }
            if (item.TryGetProperty("fields", out var fields) && fields.ValueKind != JsonValueKind.Object)
            {
                validation.Error(id, "fields 必须是对象。");
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        var tenants = await execution.Services.GetRequiredService<NewMediaCms.Tenancy.TenantDirectory>().IdsAsync(cancellationToken);
        var accounts = await execution.Services.GetRequiredService<AccountDirectory>().DepartmentsByAccountAsync(cancellationToken);
        var siteChannels = await execution.Services.GetRequiredService<AccountDirectory>().SiteChannelsByDepartmentAsync(cancellationToken);
        var items = step.GetProperty("items").EnumerateArray().ToList();
        var ids = items.Select(i => i.GetProperty("id").GetString()!).ToList();
        var existing = await db.Set<ContentItem>().IgnoreQueryFilters().Include(i => i.Versions)
            .Where(i => ids.Contains(i.Id)).ToDictionaryAsync(i => i.Id, cancellationToken);
        var now = execution.Now.UtcDateTime;
        var changed = new List<(ContentItem Item, ContentVersion Version, RenderedMarkdown Rendered, List<ContentVersion> Withdrawn, DateTime? PublishedUtc)>();

        foreach (var element in items)
        {
            var id = element.GetProperty("id").GetString()!;
            var tenantId = element.GetProperty("tenant").GetString()!;
            var accountId = RecipeJson.Optional(element, "account");
            if (!tenants.Contains(tenantId))
            {
                throw new RecipeException($"内容 “{id}” 所属部门 “{tenantId}” 不存在。");
            }
            // Every item belongs to an account: without one, the department's site channel.
            accountId ??= siteChannels.GetValueOrDefault(tenantId)
                ?? throw new RecipeException($"内容 “{id}” 没有指定账号（account），部门 “{tenantId}” 也没有网站栏目账号：请指定账号，或先在 accounts 步骤中开设网站栏目（SiteChannel）。");
            if (accountId is not null && (!accounts.TryGetValue(accountId, out var accountTenant) || accountTenant != tenantId))
            {
                throw new RecipeException($"内容 “{id}” 的账号 “{accountId}” 不存在或不属于部门 “{tenantId}”。");
            }
            var title = element.GetProperty("title").GetString()!.Trim();
            var body = element.GetProperty("body");
            var source = Source(body);
            var fields = element.TryGetProperty("fields", out var f) ? f.GetRawText() : "{}";
            var publishedUtc = RecipeJson.Optional(element, "published") is { } p ? execution.ParseDateUtc(p) : (DateTime?)null;
            var hash = ContentHash.Compute(title, source, fields);

            if (!existing.TryGetValue(id, out var item))
            {
                item = new ContentItem
                {
                    Id = id,
                    TenantId = tenantId,
                    ContentType = element.GetProperty("type").GetString()!,
                    AccountId = accountId,
                    Owner = RecipeJson.Optional(element, "author") ?? "recipe",
                    CreatedUtc = publishedUtc is { } created && created < now ? created : now,
                };
                db.Add(item);
                existing[id] = item;
            }
            else if (item.TenantId != tenantId)
            {
                throw new RecipeException($"内容 “{id}” 已属于部门 “{item.TenantId}”，不能改到 “{tenantId}”。");
            }
            else if (item.Deleted)
            {
                continue; // deleted by a person: a re-run does not bring it back
            }

            var latest = item.Versions.FirstOrDefault(v => v.Latest);
            var published = item.Versions.FirstOrDefault(v => v.Published);
            if (latest is not null && latest.ContentHash == hash && published == latest && latest.PublishedUtc == publishedUtc)
            {
                continue; // unchanged
            }
            if (latest is not null && latest.ContentHash == hash && published is null && publishedUtc is null)
            {
                continue; // unchanged draft
            }

            item.AccountId = accountId;
            var rendering = markdown.TryRenderForPublication(source, cancellationToken);
            var rendered = rendering.Result ?? throw new RecipeException($"内容 “{id}” 的正文无法排版：{rendering.Error}");
            var version = new ContentVersion
            {
                ContentItemId = id,
                TenantId = tenantId,
                Number = item.Versions.Count == 0 ? 1 : item.Versions.Max(v => v.Number) + 1,
                Title = title,
                Markdown = source,
                FieldsJson = fields,
                RenderedHtml = rendered.Html,
                Summary = MarkdownRenderer.Excerpt(rendered.PlainText, 200),
                ContentHash = hash,
                CreatedUtc = now,
                Author = item.Owner,
                Latest = true,
            };
            var withdrawn = publishedUtc is null ? [] : item.Versions.Where(v => v.Published).ToList();
            foreach (var v in item.Versions)
            {
                v.Latest = false;
            }
            item.Versions.Add(version);
            execution.Changed++;
            changed.Add((item, version, rendered, withdrawn, publishedUtc));
        }
        // Ids are generated at save; save once, then publish through the one publication step (the same as the editor's
        // and the schedule's: flags, time, HTML, ContentPublished) what the recipe says is public.
        await db.SaveChangesAsync(cancellationToken);
        var store = execution.Services.GetRequiredService<ContentStore>();
        foreach (var (item, version, rendered, withdrawn, publishedAt) in changed)
        {
            if (publishedAt is { } at)
            {
                store.Publish(item.TenantId, item.Id, item.ContentType, version, withdrawn, at, rendered);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
