using NewMediaCms.Core.Events;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

/// <summary>A department's review chain: read it (default 三审 when none is configured) and change it (department admins).</summary>
public sealed class ReviewChainService(NmcDbContext db, ITenantContext tenant, TimeProvider clock)
{
    public const int MaxLevels = 4;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>三审: 初审 by the responsible editor, 复审 by the section head, 终审 by the leader in charge; three different people.</summary>
    public static readonly IReadOnlyList<ReviewLevel> Default =
    [
        new(1, "初审（责任编辑）", Roles.Reviewer, []),
        new(2, "复审（科室负责人）", Roles.Reviewer, []),
        new(3, "终审（分管领导）", Roles.Reviewer, []),
    ];

    public async Task<IReadOnlyList<ReviewLevel>> LevelsAsync(CancellationToken ct = default)
    {
        var chain = await db.Set<ReviewChainRecord>().AsNoTracking().FirstOrDefaultAsync(ct);
        return chain is null ? Default : Parse(chain.LevelsJson);
    }

    /// <summary>The chains of several departments at once (any department; the default where one has none): the schedule's batches.</summary>
    public async Task<IReadOnlyDictionary<string, IReadOnlyList<ReviewLevel>>> LevelsOfAsync(IReadOnlyCollection<string> tenantIds, CancellationToken ct = default)
    {
        var stored = await db.Set<ReviewChainRecord>().AcrossTenants().AsNoTracking().Where(c => tenantIds.Contains(c.TenantId)).ToListAsync(ct);
        var levels = tenantIds.ToDictionary(t => t, _ => Default, StringComparer.Ordinal);
        foreach (var chain in stored)
        {
            levels[chain.TenantId] = Parse(chain.LevelsJson);
        }
        return levels;
    }

    public static IReadOnlyList<ReviewLevel> Parse(string json) => JsonSerializer.Deserialize<List<ReviewLevel>>(json, Json) ?? [];

    /// <summary>Checks a chain: 1 to 4 levels, each with a name and a role or at least one user.</summary>
    public static string? Check(IReadOnlyList<ReviewLevel> levels)
    {
        if (levels.Count is < 1 or > MaxLevels)
        {
            return $"审核流程应为 1 至 {MaxLevels} 级。";
        }
        foreach (var level in levels)
        {
            if (string.IsNullOrWhiteSpace(level.Name))
            {
                return $"第 {level.Level} 级需要名称。";
            }
            if (string.IsNullOrWhiteSpace(level.Role) && level.Users.Count == 0)
            {
                return $"第 {level.Level} 级“{level.Name}”需要指定角色或审核人。";
            }
            if (level.Role is { Length: > 0 } role && !Roles.All.Contains(role))
            {
                return $"第 {level.Level} 级的角色“{role}”不存在。";
            }
        }
        return null;
    }

    public async Task<EditorialResult> SaveAsync(EditorialActor actor, IReadOnlyList<ReviewLevel> levels, CancellationToken ct = default)
    {
        var current = tenant.Current;
        if (current is null || !(actor.IsMatrixAdmin || (actor.TenantId == current.Id && actor.IsInRole(Roles.DepartmentAdmin))))
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, "只有本部门管理员可以设置审核流程。");
        }
        var numbered = levels.Select((l, i) => l with { Level = i + 1, Name = l.Name.Trim(), Role = string.IsNullOrWhiteSpace(l.Role) ? null : l.Role.Trim(), Users = [.. l.Users.Select(u => u.Trim()).Where(u => u.Length > 0)] }).ToList();
        if (Check(numbered) is { } error)
        {
            return EditorialResult.Fail(EditorialOutcome.Invalid, error);
        }
        var chain = await db.Set<ReviewChainRecord>().FirstOrDefaultAsync(ct);
        var before = chain?.LevelsJson;
        if (chain is null)
        {
            chain = new ReviewChainRecord { TenantId = current.Id };
            db.Add(chain);
        }
        chain.LevelsJson = JsonSerializer.Serialize(numbered, Json);
        chain.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        chain.UpdatedBy = actor.UserName;
        db.Raise(new Audited(new AuditRecord("review.chain-changed", "ReviewChain", current.Id, before, chain.LevelsJson, $"审核流程改为 {numbered.Count} 级", Actor: actor.UserName)));
        await db.SaveChangesAsync(ct);
        return new EditorialResult(EditorialOutcome.Ok, $"审核流程已保存（{numbered.Count} 级）。");
    }
}
