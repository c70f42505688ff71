using NewMediaCms.Core.Events;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Editorial;

/// <summary>A department's review chain: read it (default 三审 when none is configured) and change it (department admins).</summary>
public sealed class ReviewChainService(NmcDbContext db, ITenantContext tenant, TimeProvider clock, IPeopleDirectory? people = null)
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
            if (level.Name.Length > MaxNameLength || level.Name.Any(char.IsControl))
            {
                return $"第 {level.Level} 级的名称不能超过 {MaxNameLength} 字，也不能含控制字符（现有 {level.Name.Length} 字）。";
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

    /// <summary>
    /// Every named reviewer is a user of this department (not disabled) holding the reviewer role: a chain naming someone
    /// else could never be completed, and the department could publish nothing, without anyone being told.
    /// </summary>
    private async Task<string?> CheckReviewersAsync(IReadOnlyList<ReviewLevel> levels, string tenantId, CancellationToken ct)
    {
        if (people is null)
        {
            return null;
        }
        foreach (var level in levels)
        {
            foreach (var userName in level.Users)
            {
                var person = await people.FindAsync(userName, ct);
                if (person is null)
                {
                    return $"第 {level.Level} 级“{level.Name}”的审核人“{userName}”不存在或已停用，请填写本部门审核人的用户名。";
                }
                if (person.TenantId != tenantId)
                {
                    return $"第 {level.Level} 级“{level.Name}”的审核人“{userName}”不是本部门的用户，只能指定本部门的审核人。";
                }
                if (!person.Roles.Contains(Roles.Reviewer))
                {
                    return $"第 {level.Level} 级“{level.Name}”的审核人“{userName}”没有“审核人”角色，请先在用户管理中授予“审核人”角色。";
                }
            }
        }
        return null;
    }

    public const int MaxNameLength = 50;

    public async Task<EditorialResult> SaveAsync(EditorialActor actor, IReadOnlyList<ReviewLevel> levels, CancellationToken ct = default)
    {
        var current = tenant.Current;
        if (current is null || !(actor.IsMatrixAdmin || (actor.TenantId == current.Id && actor.IsInRole(Roles.DepartmentAdmin))))
        {
            return EditorialResult.Fail(EditorialOutcome.Forbidden, "只有本部门管理员可以设置审核流程。");
        }
        // JSON may leave any part out or null (the API): a missing name or user list is an empty one, said as such below.
        var numbered = levels.Where(l => l is not null).Select((l, i) => l with
        {
            Level = i + 1,
            Name = (l.Name ?? "").Trim(),
            Role = string.IsNullOrWhiteSpace(l.Role) ? null : l.Role.Trim(),
            Users = [.. (l.Users ?? []).Where(u => u is not null).Select(u => u.Trim()).Where(u => u.Length > 0)],
        }).ToList();
        if ((Check(numbered) ?? await CheckReviewersAsync(numbered, current.Id, ct)) is { } error)
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
