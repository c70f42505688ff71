using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;

namespace NewMediaCms.Users;

/// <summary>
/// "roles": makes sure roles exist and sets their Chinese display names.
/// <code>{ "name": "roles", "roles": [ { "name": "Reviewer", "displayName": "审核人" } ] }</code>
/// </summary>
internal sealed class RolesRecipeStep : IRecipeStep
{
    public string Name => "roles";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        foreach (var item in validation.RequireArray(step, "roles"))
        {
            var roleName = validation.RequireName(item, "name", null, 256);
            validation.OptionalName(item, "displayName", roleName, 100);
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var roles = execution.Services.GetRequiredService<RoleManager<NmcRole>>();
        foreach (var item in step.GetProperty("roles").EnumerateArray())
        {
            var name = item.GetProperty("name").GetString()!;
            var displayName = item.TryGetProperty("displayName", out var d) ? d.GetString() ?? name : name;
            var role = await roles.FindByNameAsync(name);
            if (role is null)
            {
                role = new NmcRole(name) { DisplayName = displayName };
                var created = await roles.CreateAsync(role);
                if (!created.Succeeded)
                {
                    throw new RecipeException($"角色 “{name}”：" + string.Join("；", created.Errors.Select(e => e.Description)));
                }
                execution.Changed++;
            }
            else if (role.DisplayName != displayName)
            {
                role.DisplayName = displayName;
                await roles.UpdateAsync(role);
                execution.Changed++;
            }
        }
    }
}
