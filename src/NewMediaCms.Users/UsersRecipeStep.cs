using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Users;

/// <summary>
/// "users": creates users or updates their name, department and roles. A password is set only when the user is
/// created (a re-run never resets a password somebody has changed).
/// <code>{ "name": "users", "users": [ { "userName": "gaj.editor", "displayName": "张编辑", "tenant": "gaj",
///   "roles": ["Editor"], "password": "{{demoPassword}}" } ] }</code>
/// </summary>
internal sealed class UsersRecipeStep : IRecipeStep
{
    public string Name => "users";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var item in validation.RequireArray(step, "users"))
        {
            var userName = validation.RequireName(item, "userName", null, 256);
            validation.OptionalName(item, "displayName", userName, 100);
            if (userName is not null && !names.Add(userName))
            {
                validation.Error(userName, "用户名重复。");
            }
            var tenant = item.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (!item.TryGetProperty("roles", out var roles) || roles.ValueKind != JsonValueKind.Array || roles.GetArrayLength() == 0)
            {
                validation.Error(userName, "至少需要一个角色（roles）。");
                continue;
            }
            var duties = roles.EnumerateArray().Select(r => r.GetString() ?? "").Where(Roles.SeparatedDuties.Contains).Distinct().ToList();
            if (duties.Count > 1)
            {
                validation.Error(userName, SeparationOfDuties.Message(duties));
            }
            foreach (var role in roles.EnumerateArray().Select(r => r.GetString() ?? ""))
            {
                if (Roles.Department.Contains(role) && string.IsNullOrEmpty(tenant))
                {
                    validation.Error(userName, $"部门角色 “{role}” 需要指定所属部门（tenant）。");
                }
            }
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var users = execution.Services.GetRequiredService<UserManager<NmcUser>>();
        var roleManager = execution.Services.GetRequiredService<RoleManager<NmcRole>>();
        var tenants = await execution.Services.GetRequiredService<TenantDirectory>().IdsAsync(cancellationToken);
        foreach (var item in step.GetProperty("users").EnumerateArray())
        {
            var userName = item.GetProperty("userName").GetString()!;
            var tenantId = item.TryGetProperty("tenant", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            if (tenantId is not null && !tenants.Contains(tenantId))
            {
                throw new RecipeException($"用户 “{userName}” 所属部门 “{tenantId}” 不存在。");
            }
            var roles = item.GetProperty("roles").EnumerateArray().Select(r => r.GetString()!).ToList();
            foreach (var role in roles)
            {
                if (!await roleManager.RoleExistsAsync(role))
                {
                    throw new RecipeException($"用户 “{userName}” 的角色 “{role}” 不存在。");
                }
            }
            var user = await users.FindByNameAsync(userName);
            var created = user is null;
            if (user is null)
            {
                var password = item.TryGetProperty("password", out var p) ? p.GetString() : null;
                if (string.IsNullOrEmpty(password))
                {
                    throw new RecipeException($"新用户 “{userName}” 需要初始密码（password）。");
                }
                user = new NmcUser { UserName = userName, CreatedUtc = execution.Now.UtcDateTime, PasswordChangedUtc = execution.Now.UtcDateTime, EmailConfirmed = true };
                Apply(user, item, tenantId);
                Check(await users.CreateAsync(user, password), userName);
                execution.Changed++;
            }
            else
            {
                var before = (user.DisplayName, user.Email, user.TenantId);
                Apply(user, item, tenantId);
                if (before != (user.DisplayName, user.Email, user.TenantId))
                {
                    Check(await users.UpdateAsync(user), userName);
                    execution.Changed++;
                }
            }
            var current = await users.GetRolesAsync(user);
            var add = roles.Except(current).ToList();
            var remove = current.Except(roles).ToList();
            if (add.Count > 0)
            {
                Check(await users.AddToRolesAsync(user, add), userName);
            }
            if (remove.Count > 0)
            {
                Check(await users.RemoveFromRolesAsync(user, remove), userName);
            }
            if (!created && add.Count + remove.Count > 0)
            {
                execution.Changed++;
            }
        }
    }

    private static void Apply(NmcUser user, JsonElement item, string? tenantId)
    {
        user.DisplayName = item.TryGetProperty("displayName", out var d) ? d.GetString() ?? user.UserName! : user.UserName!;
        user.Email = item.TryGetProperty("email", out var e) ? e.GetString() : user.Email;
        user.TenantId = tenantId;
    }

    private static void Check(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new RecipeException($"用户 “{userName}”：" + string.Join("；", result.Errors.Select(e => e.Description)));
        }
    }
}
