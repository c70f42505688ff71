using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Content.Types;

/// <summary>
/// "contentTypes": declares content types with typed fields (upsert by name; a built-in name redeclares that type).
/// <code>{ "name": "contentTypes", "types": [ { "name": "meeting", "displayName": "会议纪要", "fields": [
///   { "name": "heldOn", "displayName": "会议日期", "type": "date", "required": true },
///   { "name": "policy", "displayName": "政策文件", "type": "reference", "referenceType": "policy" },
///   { "name": "level", "displayName": "级别", "type": "taxonomy", "terms": ["县级", "乡镇"] } ] } ] }</code>
/// </summary>
public sealed partial class ContentTypesRecipeStep : IRecipeStep
{
    [GeneratedRegex("^[a-z][a-zA-Z0-9]{0,49}$")]
    private static partial Regex Identifier();

    public string Name => "contentTypes";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var names = new HashSet<string>();
        foreach (var type in validation.RequireArray(step, "types"))
        {
            var name = validation.RequireName(type, "name", null, 50);
            validation.RequireName(type, "displayName", name, 100);
            if (name is not null && !Identifier().IsMatch(name))
            {
                validation.Error(name, "类型名只能以小写字母开头，使用字母和数字。");
            }
            if (name is not null && !names.Add(name))
            {
                validation.Error(name, "类型名重复。");
            }
            if (!type.TryGetProperty("fields", out var fields) || fields.ValueKind != JsonValueKind.Array)
            {
                validation.Error(name, "缺少数组 “fields”（可以为空数组）。");
                continue;
            }
            var fieldNames = new HashSet<string>();
            foreach (var field in fields.EnumerateArray())
            {
                var fieldName = validation.RequireString(field, "name", name);
                validation.RequireName(field, "displayName", name, 100);
                var kind = validation.RequireString(field, "type", name);
                if (fieldName is not null && (!Identifier().IsMatch(fieldName) || fieldName is "title" or "markdown"))
                {
                    validation.Error(name, $"字段名 “{fieldName}” 无效（以小写字母开头，不能用 title、markdown）。");
                }
                if (fieldName is not null && !fieldNames.Add(fieldName))
                {
                    validation.Error(name, $"字段名 “{fieldName}” 重复。");
                }
                if (kind is not null && !Enum.TryParse<FieldKind>(kind, ignoreCase: true, out _))
                {
                    validation.Error(name, $"字段 “{fieldName}” 的类型 “{kind}” 无效，可用：text、markdown、date、number、link、attachment、taxonomy、reference。");
                }
                if (string.Equals(kind, "reference", StringComparison.OrdinalIgnoreCase) && !field.TryGetProperty("referenceType", out _))
                {
                    validation.Error(name, $"引用字段 “{fieldName}” 需要 referenceType。");
                }
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        foreach (var type in step.GetProperty("types").EnumerateArray())
        {
            var name = type.GetProperty("name").GetString()!;
            var fields = type.GetProperty("fields").EnumerateArray().Select(f => new FieldDefinition(
                f.GetProperty("name").GetString()!,
                f.GetProperty("displayName").GetString()!,
                Enum.Parse<FieldKind>(f.GetProperty("type").GetString()!, ignoreCase: true),
                Required: f.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.True,
                Recommended: f.TryGetProperty("recommended", out var rec) && rec.ValueKind == JsonValueKind.True,
                ReferenceType: f.TryGetProperty("referenceType", out var rt) ? rt.GetString() : null,
                Terms: f.TryGetProperty("terms", out var terms) && terms.ValueKind == JsonValueKind.Array ? terms.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : null,
                Hint: f.TryGetProperty("hint", out var h) ? h.GetString() : null)).ToList();
            var json = ContentTypeRegistry.Serialize(fields);
            var displayName = type.GetProperty("displayName").GetString()!;
            var record = await db.Set<ContentTypeRecord>().FirstOrDefaultAsync(t => t.Name == name, cancellationToken);
            if (record is null)
            {
                db.Add(new ContentTypeRecord { Name = name, DisplayName = displayName, FieldsJson = json, UpdatedUtc = execution.Now.UtcDateTime });
                execution.Changed++;
            }
            else if (record.DisplayName != displayName || record.FieldsJson != json)
            {
                record.DisplayName = displayName;
                record.FieldsJson = json;
                record.UpdatedUtc = execution.Now.UtcDateTime;
                execution.Changed++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
