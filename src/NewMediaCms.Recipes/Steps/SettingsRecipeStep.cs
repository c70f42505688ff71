using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Core.Settings;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Recipes.Steps;

/// <summary>
/// "settings": sets named values for the matrix (no tenant) or for one department.
/// <code>{ "name": "settings", "tenant": "gaj", "values": { "site.footer": "..." } }</code>
/// </summary>
public sealed class SettingsRecipeStep : IRecipeStep
{
    public string Name => "settings";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        if (!step.TryGetProperty("values", out var values) || values.ValueKind != JsonValueKind.Object)
        {
            validation.Error(null, "缺少对象 “values”。");
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        var scope = step.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : SettingsStore.MatrixScope;
        if (scope != SettingsStore.MatrixScope && !(await execution.Services.GetRequiredService<TenantDirectory>().IdsAsync(cancellationToken)).Contains(scope))
        {
            throw new RecipeException($"设置所属部门 “{scope}” 不存在。");
        }
        var existing = await execution.Services.GetRequiredService<SettingsStore>().TrackedOfScopeAsync(scope, cancellationToken);
        foreach (var property in step.GetProperty("values").EnumerateObject())
        {
            var json = property.Value.GetRawText();
            if (!existing.TryGetValue(property.Name, out var setting))
            {
                db.Add(new Setting { Scope = scope, Key = property.Name, ValueJson = json, UpdatedUtc = execution.Now.UtcDateTime });
                execution.Changed++;
            }
            else if (setting.ValueJson != json)
            {
                setting.ValueJson = json;
                setting.UpdatedUtc = execution.Now.UtcDateTime;
                execution.Changed++;
            }
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
