using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Tenancy;

/// <summary>
/// "tenants": creates or updates departments by id.
/// <code>{ "name": "tenants", "tenants": [ { "id": "gaj", "displayName": "青禾县公安局", "prefix": "gaj", "parent": "xzf" } ] }</code>
/// </summary>
public sealed class TenantsRecipeStep(TenantRegistry registry) : IRecipeStep
{
    public string Name => "tenants";

    public void Validate(JsonElement step, RecipeValidation validation)
    {
        var ids = new HashSet<string>();
        var prefixes = new HashSet<string>();
        var portals = 0;
        foreach (var item in validation.RequireArray(step, "tenants"))
        {
            var id = validation.RequireString(item, "id", null);
            validation.RequireName(item, "displayName", id);
            validation.OptionalName(item, "description", id, 2000);
            if (id is null)
            {
                continue;
            }
            if (!RecipeJson.IsSlug(id))
            {
                validation.Error(id, "部门 id 只能使用小写字母、数字和连字符。");
            }
            if (!ids.Add(id))
            {
                validation.Error(id, "部门 id 重复。");
            }
            var prefix = item.TryGetProperty("prefix", out var p) && p.ValueKind == JsonValueKind.String ? p.GetString() : null;
            if (!string.IsNullOrEmpty(prefix))
            {
                if (!RecipeJson.IsSlug(prefix))
                {
                    validation.Error(id, $"路径前缀 “{prefix}” 只能使用小写字母、数字和连字符。");
                }
                if (TenantRegistry.ReservedPrefixes.Contains(prefix))
                {
                    validation.Error(id, $"路径前缀 “{prefix}” 是系统保留字。");
                }
                if (!prefixes.Add(prefix))
                {
                    validation.Error(id, $"路径前缀 “{prefix}” 重复。");
                }
            }
            if (item.TryGetProperty("portal", out var portal) && portal.ValueKind == JsonValueKind.True)
            {
                portals++;
            }
            if (item.TryGetProperty("state", out var state) && !Enum.TryParse<TenantState>(state.GetString(), out _))
            {
                validation.Error(id, $"未知状态 “{state}”，可用 Running、Disabled。");
            }
            if (item.TryGetProperty("timeZone", out var tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz.GetString() ?? "", out _))
            {
                validation.Error(id, $"未知时区 “{tz}”。");
            }
        }
        if (portals > 1)
        {
            validation.Error(null, "只能有一个门户（portal）部门。");
        }
    }

    public async Task ApplyAsync(JsonElement step, RecipeExecution execution, CancellationToken cancellationToken)
    {
        var db = execution.Services.GetRequiredService<NmcDbContext>();
        var items = step.GetProperty("tenants").EnumerateArray().ToList();
        var known = await db.Set<Tenant>().ToDictionaryAsync(t => t.Id, cancellationToken);
        var now = execution.Now.UtcDateTime;
        // Parents first: create every tenant, then set parents, so order inside the step does not matter.
        foreach (var item in items)
        {
            var id = item.GetProperty("id").GetString()!;
            if (!known.TryGetValue(id, out var tenant))
            {
                tenant = new Tenant { Id = id, CreatedUtc = now };
                db.Add(tenant);
                known[id] = tenant;
            }
            var before = (tenant.DisplayName, tenant.Prefix, tenant.Hosts, tenant.State, tenant.Theme, tenant.IsPortal, tenant.TimeZoneId, tenant.SortOrder, tenant.Description);
            tenant.DisplayName = item.GetProperty("displayName").GetString()!;
            tenant.Prefix = RecipeJson.Optional(item, "prefix");
            tenant.Hosts = item.TryGetProperty("hosts", out var hosts) && hosts.ValueKind == JsonValueKind.Array
                ? string.Join(';', hosts.EnumerateArray().Select(h => h.GetString()!.Trim().ToLowerInvariant()))
                : "";
            tenant.State = Enum.Parse<TenantState>(RecipeJson.Optional(item, "state") ?? nameof(TenantState.Running));
            tenant.IsPortal = item.TryGetProperty("portal", out var portal) && portal.ValueKind == JsonValueKind.True;
            tenant.Theme = RecipeJson.Optional(item, "theme") ?? (tenant.IsPortal ? "matrix" : "department");
            tenant.TimeZoneId = RecipeJson.Optional(item, "timeZone") ?? NewMediaCms.Core.Tenancy.TenantClock.DefaultZoneId;
            tenant.SortOrder = item.TryGetProperty("sortOrder", out var so) && so.ValueKind == JsonValueKind.Number ? so.GetInt32() : 0;
            tenant.Description = RecipeJson.Optional(item, "description") ?? "";
            if (before != (tenant.DisplayName, tenant.Prefix, tenant.Hosts, tenant.State, tenant.Theme, tenant.IsPortal, tenant.TimeZoneId, tenant.SortOrder, tenant.Description))
            {
                tenant.UpdatedUtc = now;
                execution.Changed++;
            }
        }
        foreach (var item in items)
        {
            var tenant = known[item.GetProperty("id").GetString()!];
            var parent = RecipeJson.Optional(item, "parent");
            if (parent is not null && !known.ContainsKey(parent))
            {
                throw new RecipeException($"部门 “{tenant.Id}” 的上级部门 “{parent}” 不存在。");
            }
            if (parent == tenant.Id)
            {
                throw new RecipeException($"部门 “{tenant.Id}” 不能是自己的上级部门。");
            }
            tenant.ParentId = parent;
        }
        if (known.Values.Count(t => t.IsPortal) > 1)
        {
            throw new RecipeException("只能有一个门户（portal）部门：" + string.Join("、", known.Values.Where(t => t.IsPortal).Select(t => t.Id)));
        }
        await db.SaveChangesAsync(cancellationToken);
        registry.Invalidate();
    }
}
