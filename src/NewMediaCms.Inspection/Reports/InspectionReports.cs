using Microsoft.EntityFrameworkCore;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Rectifications;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;

namespace NewMediaCms.Inspection.Reports;

/// <summary>The account results of a run, filtered as on the dashboard (null or empty: no filter). The dashboard and the
/// exports parse the same query string (department, platform, status, rule) with <see cref="Parse"/>.</summary>
public sealed record ResultFilter(string? Department, Platform? Platform, AccountStatus? Status, string? Rule)
{
    public static readonly ResultFilter None = new(null, null, null, null);

    public static ResultFilter Parse(string? department, string? platform, string? status, string? rule) => new(
        string.IsNullOrWhiteSpace(department) ? null : department,
        Enum.TryParse<Platform>(platform, out var p) ? p : null,
        Enum.TryParse<AccountStatus>(status, out var s) ? s : null,
        string.IsNullOrWhiteSpace(rule) ? null : rule);

    public bool IsEmpty => this == None;

    /// <summary>The query string that reproduces this filter ("" when there is none), for links that follow the screen.</summary>
    public string Query()
    {
        var parts = new List<string>();
        if (Department is { } d) parts.Add("department=" + Uri.EscapeDataString(d));
        if (Platform is { } p) parts.Add("platform=" + p);
        if (Status is { } s) parts.Add("status=" + s);
        if (Rule is { } r) parts.Add("rule=" + Uri.EscapeDataString(r));
        return parts.Count == 0 ? "" : "?" + string.Join("&", parts);
    }
}

/// <summary>A department's results in one run (for the trend of one department).</summary>
public sealed record RunStatusRow(long RunId, AccountStatus Status, string RulesBroken);

/// <summary>
/// The reads of the inspection's admin pages (dashboard, account, compare, trend, report, rectifications) over the
/// inspection's own tables. The rows are read without tracking: they are for showing, changes go through the services.
/// </summary>
public sealed class InspectionReports(NmcDbContext db, ITenantContext tenant)
{
    public async Task<List<InspectionRun>> RecentRunsAsync(int take, CancellationToken ct)
        => await db.Set<InspectionRun>().AsNoTracking().OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);

    /// <summary>The last succeeded runs, newest first.</summary>
    public async Task<List<InspectionRun>> SucceededRunsAsync(int take, CancellationToken ct)
        => await db.Set<InspectionRun>().AsNoTracking().Where(r => r.State == RunState.Succeeded).OrderByDescending(r => r.Id).Take(take).ToListAsync(ct);

    public Task<InspectionRun?> RunAsync(long id, CancellationToken ct)
        => db.Set<InspectionRun>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);

    /// <summary>The run asked for, or else the latest that succeeded.</summary>
    public async Task<InspectionRun?> RunOrLatestAsync(long? id, CancellationToken ct)
        => id is { } runId
            ? await RunAsync(runId, ct)
            : await db.Set<InspectionRun>().AsNoTracking().Where(r => r.State == RunState.Succeeded).OrderByDescending(r => r.Id).FirstOrDefaultAsync(ct);

    public Task<int> SucceededRunsBetweenAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
        => db.Set<InspectionRun>().CountAsync(r => r.State == RunState.Succeeded && r.AsOfUtc >= fromUtc && r.AsOfUtc <= toUtc, ct);

    /// <summary>The account results of a run, by department, platform and account.</summary>
    public async Task<List<InspectionAccountResult>> ResultsAsync(long runId, ResultFilter filter, CancellationToken ct)
    {
        var q = db.Set<InspectionAccountResult>().AsNoTracking().Where(r => r.RunId == runId);
        if (!string.IsNullOrEmpty(filter.Department))
        {
            q = q.Where(r => r.TenantId == filter.Department);
        }
        if (filter.Platform is { } platform)
        {
            q = q.Where(r => r.Platform == platform);
        }
        if (filter.Status is { } status)
        {
            q = q.Where(r => r.Status == status);
        }
        var rows = await q.OrderBy(r => r.TenantId).ThenBy(r => r.Platform).ThenBy(r => r.AccountId).ToListAsync(ct);
        return string.IsNullOrEmpty(filter.Rule) ? rows : rows.Where(r => r.RulesBroken.Split(',').Contains(filter.Rule)).ToList();
    }

    /// <summary>Every account result of a run, by account id.</summary>
    public async Task<Dictionary<string, InspectionAccountResult>> ResultsByAccountAsync(long runId, CancellationToken ct)
        => await db.Set<InspectionAccountResult>().AsNoTracking().Where(r => r.RunId == runId).ToDictionaryAsync(r => r.AccountId, ct);

    public Task<InspectionAccountResult?> ResultAsync(long runId, string accountId, CancellationToken ct)
        => db.Set<InspectionAccountResult>().AsNoTracking().FirstOrDefaultAsync(r => r.RunId == runId && r.AccountId == accountId, ct);

    /// <summary>One department's inspected results in these runs.</summary>
    public async Task<List<RunStatusRow>> DepartmentStatusesAsync(IReadOnlyCollection<long> runIds, string tenantId, CancellationToken ct)
        => await db.Set<InspectionAccountResult>().AsNoTracking()
            .Where(r => runIds.Contains(r.RunId) && r.TenantId == tenantId && r.Status != AccountStatus.NotInspected)
            .Select(r => new RunStatusRow(r.RunId, r.Status, r.RulesBroken)).ToListAsync(ct);

    public async Task<List<InspectionFinding>> FindingsAsync(long runId, string accountId, CancellationToken ct)
        => await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == runId && f.AccountId == accountId).OrderBy(f => f.RuleId).ToListAsync(ct);

    /// <summary>The findings of a run on the accounts a filter keeps (only the filter's rule when it names one), in export order.</summary>
    public async Task<List<InspectionFinding>> FindingsAsync(long runId, ResultFilter filter, IReadOnlyCollection<string> accountIds, CancellationToken ct)
    {
        var q = db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == runId);
        if (filter.Rule is { } rule)
        {
            q = q.Where(f => f.RuleId == rule);
        }
        var rows = await q.OrderBy(f => f.TenantId).ThenBy(f => f.AccountId).ThenBy(f => f.RuleId).ThenBy(f => f.Id).ToListAsync(ct);
        if (filter.IsEmpty)
        {
            return rows;
        }
        var keep = accountIds.ToHashSet();
        // A department-level finding without account follows the department filter.
        return rows.Where(f => f.AccountId is { } a ? keep.Contains(a) : filter.Department is null || f.TenantId == filter.Department).ToList();
    }

    public async Task<List<InspectionFinding>> FindingsAsync(long runId, Severity severity, CancellationToken ct)
        => await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == runId && f.Severity == severity).ToListAsync(ct);

    /// <summary>The (account, rule) pairs a run found (department-level findings without account: "").</summary>
    public async Task<HashSet<(string AccountId, string RuleId)>> FindingKeysAsync(long runId, CancellationToken ct)
        => (await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == runId).Select(f => new { f.AccountId, f.RuleId }).ToListAsync(ct))
            .Select(f => (f.AccountId ?? "", f.RuleId)).ToHashSet();

    /// <summary>The rectification notices of an account, newest first (every department).</summary>
    public async Task<List<RectificationNotice>> NoticesOfAccountAsync(string accountId, CancellationToken ct)
        => await db.Set<RectificationNotice>().AcrossTenants().AsNoTracking().Include(n => n.Items).Where(n => n.AccountId == accountId).OrderByDescending(n => n.Id).ToListAsync(ct);

    /// <summary>The notices a page shows, newest first: every department's for a matrix role on the portal, else the current department's.</summary>
    public async Task<List<RectificationNotice>> NoticesAsync(bool acrossDepartments, CancellationToken ct)
    {
        var q = acrossDepartments && tenant.Current?.IsPortal == true ? db.Set<RectificationNotice>().AcrossTenants() : db.Set<RectificationNotice>();
        return await q.AsNoTracking().Include(n => n.Items).OrderByDescending(n => n.Id).ToListAsync(ct);
    }

    /// <summary>The notices of every department issued since an instant.</summary>
    public async Task<List<RectificationNotice>> NoticesIssuedSinceAsync(DateTime fromUtc, CancellationToken ct)
        => await db.Set<RectificationNotice>().AcrossTenants().AsNoTracking().Where(n => n.IssuedUtc >= fromUtc).ToListAsync(ct);

    /// <summary>The manual indicators in force on an account.</summary>
    public async Task<List<ManualFlag>> FlagsAsync(string accountId, CancellationToken ct)
        => await db.Set<ManualFlag>().AcrossTenants().AsNoTracking().Where(f => f.AccountId == accountId && f.WithdrawnUtc == null).ToListAsync(ct);
}

/// <summary>Manual indicators (人工认定: NM-V04, NM-V05, NM-D06) recorded and withdrawn by auditors; each audited through its event.</summary>
public sealed class ManualFlags(NmcDbContext db, ITenantContext tenant, AccountDirectory accounts, TimeProvider clock)
{
    public async Task<ManualFlag> RecordAsync(string accountId, string ruleId, string note, string actor, CancellationToken ct)
    {
        if (!RuleCatalog.ManualRuleIds.Contains(ruleId) || string.IsNullOrWhiteSpace(note))
        {
            throw new RectificationException("请选择人工认定的规则并填写认定情况。");
        }
        var account = await accounts.FindAcrossDepartmentsAsync(accountId, ct) ?? throw new RectificationException($"账号 “{accountId}” 不存在。");
        using var _ = tenant.BeginMatrixScope();
        var flag = new ManualFlag { TenantId = account.TenantId, AccountId = account.Id, RuleId = ruleId, Note = note.Trim(), RecordedBy = actor, RecordedUtc = clock.GetUtcNow().UtcDateTime };
        // Saved first for its id; audited in the same transaction.
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        db.Add(flag);
        await db.SaveChangesAsync(ct);
        db.Raise(new ManualFlagSet(flag.Id, flag.RuleId, flag.TenantId, flag.AccountId, flag.Note, actor));
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return flag;
    }

    public async Task WithdrawAsync(long flagId, string actor, CancellationToken ct)
    {
        using var _ = tenant.BeginMatrixScope();
        var flag = await db.Set<ManualFlag>().AcrossTenants().FirstOrDefaultAsync(f => f.Id == flagId, ct) ?? throw new RectificationException("人工认定不存在。");
        flag.WithdrawnUtc = clock.GetUtcNow().UtcDateTime;
        db.Raise(new ManualFlagWithdrawn(flag.Id, flag.RuleId, flag.TenantId, flag.AccountId, actor));
        await db.SaveChangesAsync(ct);
    }
}
