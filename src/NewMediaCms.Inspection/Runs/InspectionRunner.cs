using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Settings;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;

namespace NewMediaCms.Inspection.Runs;

/// <summary>The jurisdiction's settings as stored (matrix scope, key "inspection"), resolved over the rules' defaults.</summary>
public sealed class InspectionSettingsStore(NmcDbContext db, SettingsStore settingsStore, RuleCatalog catalog, TimeProvider clock)
{
    public async Task<InspectionSettings> GetAsync(CancellationToken ct)
    {
        return InspectionSettings.Resolve(catalog.All, await settingsStore.GetJsonAsync(SettingsStore.MatrixScope, InspectionSettings.SettingKey, ct));
    }

    public async Task SaveAsync(InspectionSettings settings, CancellationToken ct)
    {
        Validate(settings);
        var json = InspectionSettings.Resolve(catalog.All, settings.ToJson()).ToJson();
        await settingsStore.SetJsonAsync(SettingsStore.MatrixScope, InspectionSettings.SettingKey, json, clock.GetUtcNow().UtcDateTime, ct);
        db.Raise(new InspectionSettingsSaved(json));
        await db.SaveChangesAsync(ct);
    }

    public static void Validate(InspectionSettings s)
    {
        if (s.BaseScore <= 0 || s.PassMark < 0 || s.PassMark > s.BaseScore)
        {
            throw new InspectionSettingsException("基础分须大于 0，合格线须在 0 与基础分之间。");
        }
        // Checked here, not resolved: TenantClock.FindZone falls back to the default zone for a name it does not know.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(s.TimeZoneId, out _))
        {
            throw new InspectionSettingsException($"时区 “{s.TimeZoneId}” 无效。");
        }
        foreach (var (id, r) in s.Rules)
        {
            if (r.Threshold < 0 || r.Points < 0 || r.Cap < 0)
            {
                throw new InspectionSettingsException($"规则 {id} 的阈值、分值和上限不能为负数。");
            }
        }
    }
}

public sealed class InspectionSettingsException(string message) : Exception(message);

/// <summary>Loads the jurisdiction's calendar (its own folder, or the files shipped in Calendars/), cached per folder and region.</summary>
public sealed class CalendarProvider
{
    private readonly Dictionary<(string, string), WorkingCalendar> _cache = new();
    private readonly Lock _lock = new();

    public WorkingCalendar Get(InspectionSettings settings)
    {
        var folder = string.IsNullOrWhiteSpace(settings.CalendarFolder) ? WorkingCalendarLoader.DefaultFolder : settings.CalendarFolder;
        lock (_lock)
        {
            if (!_cache.TryGetValue((folder, settings.CalendarRegion), out var calendar))
            {
                calendar = WorkingCalendarLoader.Load(folder, settings.CalendarRegion);
                _cache[(folder, settings.CalendarRegion)] = calendar;
            }
            return calendar;
        }
    }
}

/// <summary>Runs an inspection of the whole matrix and stores it: settings snapshot, findings, per-account status.</summary>
public sealed class InspectionRunner(
    NmcDbContext db,
    InspectionSettingsStore settingsStore,
    CalendarProvider calendars,
    SnapshotBuilder snapshots,
    InspectionEngine engine,
    TimeProvider clock,
    ILogger<InspectionRunner> logger)
{
    public async Task<InspectionRun> RunAsync(string triggeredBy, CancellationToken ct)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var now = clock.GetUtcNow().UtcDateTime;
        var settings = await settingsStore.GetAsync(ct);
        var run = new InspectionRun { StartedUtc = now, AsOfUtc = now, State = RunState.Running, TriggeredBy = triggeredBy, SettingsJson = settings.ToJson() };
        db.Add(run);
        await db.SaveChangesAsync(ct);
        try
        {
            var calendar = calendars.Get(settings);
            var prepared = sw.Elapsed;
            var snapshot = await snapshots.BuildAsync(now, settings, calendar, ct);
            var read = sw.Elapsed;
            var result = engine.Evaluate(snapshot, settings);
            var evaluated = sw.Elapsed;
            await StoreAsync(run, snapshot, settings, result, ct);
            logger.LogInformation("Inspection run {RunId}: settings, calendar and run row {Prepared:0.00} s, snapshot {Snapshot:0.00} s, rules and scoring {Rules:0.00} s, storing {Store:0.00} s ({Findings} findings)",
                run.Id, prepared.TotalSeconds, (read - prepared).TotalSeconds, (evaluated - read).TotalSeconds, (sw.Elapsed - evaluated).TotalSeconds, result.Findings.Count);
            run.Notes = string.Join("\n", new[] { calendar.CoverageNote(snapshot.Today.Year) }.Where(n => n is not null));
            run.State = RunState.Succeeded;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            db.ChangeTracker.Clear();
            db.Attach(run);
            run.State = RunState.Failed;
            run.Error = ex is CalendarFileException or InspectionSettingsException ? ex.Message : $"{ex.GetType().Name}: {ex.Message}";
        }
        run.FinishedUtc = clock.GetUtcNow().UtcDateTime;
        db.Raise(new InspectionRunCompleted(run.Id, run.State, triggeredBy, run.Inspected, run.FindingCount, run.Error));
        await db.SaveChangesAsync(ct);
        return run;
    }

    private async Task StoreAsync(InspectionRun run, InspectionSnapshot snapshot, InspectionSettings settings, EngineResult result, CancellationToken ct)
    {
        var names = snapshot.Departments.ToDictionary(d => d.Id, d => d.Name);
        var byAccount = result.Findings.Where(f => f.AccountId is not null).ToLookup(f => f.AccountId!);
        var results = new List<InspectionAccountResult>(snapshot.Accounts.Count);
        foreach (var a in snapshot.Accounts)
        {
            var findings = byAccount[a.Id];
            var verdict = InspectionScoring.Score(findings.ToList(), settings, a.Inspected);
            results.Add(new InspectionAccountResult
            {
                RunId = run.Id,
                AccountId = a.Id,
                TenantId = a.TenantId,
                DepartmentName = names.GetValueOrDefault(a.TenantId, a.TenantId),
                AccountName = a.Name,
                Platform = a.Platform,
                Kind = a.Kind,
                State = a.State,
                LastPostUtc = a.LastPostUtc,
                DaysSinceLastPost = a.LastPostUtc is { } l ? (int)Math.Floor((snapshot.NowUtc - l).TotalDays) : null,
                Posts14 = a.Posts14,
                Posts30 = a.Posts30,
                Posts90 = a.Posts90,
                Status = verdict.Status,
                Score = verdict.Score,
                RulesBroken = string.Join(",", verdict.RulesBroken),
            });
            run.Accounts++;
            if (a.Inspected)
            {
                run.Inspected++;
            }
            switch (verdict.Status)
            {
                case AccountStatus.Pass: run.Passed++; break;
                case AccountStatus.Warning: run.Warned++; break;
                case AccountStatus.Veto: run.Vetoed++; break;
                case AccountStatus.Fail: run.Failed++; break;
            }
            if (a.Inspected && findings.Any(f => Reports.InspectionCounting.DormantRules.Contains(f.RuleId)))
            {
                run.Dormant++;
            }
            if (a.Inspected && findings.Any(f => f.RuleId == "NM-D01"))
            {
                run.Zombie++;
            }
        }
        // Findings are made into rows as they are written, their evidence serialised on the other cores a little ahead of
        // the writer (in order; not all held at once).
        var findingRows = result.Findings.AsParallel().AsOrdered().Select(f => new InspectionFinding
        {
            RunId = run.Id,
            RuleId = f.RuleId,
            Severity = f.Severity,
            TenantId = f.TenantId,
            AccountId = f.AccountId,
            Points = f.Points,
            Message = f.Message,
            Threshold = f.Threshold,
            EvidenceJson = JsonSerializer.Serialize(f.Evidence, InspectionSettings.EvidenceJson),
            Task = f.Task,
        });

        // One transaction over the bulk writes and the run's totals: a run that fails half way leaves no partial results
        // (its row stays, marked failed, with no results or findings).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        await RunRowWriter.WriteAsync(db, results, findingRows, ct);
        run.FindingCount = result.Findings.Count;
        run.RulesJson = JsonSerializer.Serialize(result.Rules, InspectionSettings.Json);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
    }
}

/// <summary>The daily inspection (the recurring registration is wired by the host). Runs outside any department.</summary>
public sealed class InspectionJob(InspectionRunner runner, ITenantContext tenant)
{
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        tenant.Set(null);
        await runner.RunAsync("定时检查", cancellationToken);
    }
}
