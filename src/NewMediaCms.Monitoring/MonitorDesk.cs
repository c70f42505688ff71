using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Monitoring;

public sealed record IncidentRow(string Id, string TenantId, string TenantName, string Kind, string KindName, string RuleCode, string Url, string Summary,
    DateTime OpenedUtc, DateTime LastSeenUtc, DateTime? HandledUtc, string? HandledBy, string? RestoreState);

public sealed record IncidentDetail(IncidentRow Row, string Findings, string UserAgent, string FetchedHtml, string Diff, string? Screenshot, string? HandledNote, DateTime? RestoredUtc);

public sealed record ProbeRow(string TenantId, string TenantName, int Probes, int Failed, int Last24h, DateTime? LastUtc, bool? LastOk, string? LastError, int? LastMs);

public sealed record PageStatusRow(string TenantName, string Path, string Title, string Result, string? Detail, DateTime? CheckedUtc);

public sealed record BrokenLinkRow(string TenantName, string PageUrl, string LinkUrl, int? Status, string Error, DateTime CheckedUtc);

public sealed record MonitorOverview(int Pages, int Clean, int Incident, int CouldNotCheck, int Pending, int OpenIncidents);

/// <summary>
/// Reads and actions behind the admin pages of the page monitor. <paramref name="tenantId"/> null: the whole matrix (matrix
/// roles); otherwise one department.
/// </summary>
public sealed class MonitorDesk(NmcDbContext db, ITenantContext tenantContext, TenantRegistry registry, TimeProvider clock, Screenshots screenshots)
{
    private string Name(string id) => registry.Find(id)?.DisplayName ?? id;

    private IQueryable<T> Scope<T>(string? tenantId) where T : class, ITenantOwned
        => tenantId is null ? db.Set<T>().AcrossTenants() : db.Set<T>().AcrossTenants().Where(x => x.TenantId == tenantId);

    public async Task<MonitorOverview> OverviewAsync(string? tenantId, CancellationToken ct)
    {
        var counts = await Scope<MonitoredPage>(tenantId).Where(p => !p.Removed).GroupBy(p => p.LastResult).Select(g => new { g.Key, Count = g.Count() }).ToListAsync(ct);
        int C(string k) => counts.FirstOrDefault(c => c.Key == k)?.Count ?? 0;
        var open = await Scope<PageIncident>(tenantId).CountAsync(i => i.HandledUtc == null, ct);
        return new MonitorOverview(counts.Sum(c => c.Count), C(CheckResults.Clean), C(CheckResults.Incident), C(CheckResults.CouldNotCheck), C(CheckResults.Pending), open);
    }

    public async Task<List<IncidentRow>> IncidentsAsync(string? tenantId, bool openOnly, CancellationToken ct)
    {
        var q = Scope<PageIncident>(tenantId);
        if (openOnly)
        {
            q = q.Where(i => i.HandledUtc == null);
        }
        var rows = await q.OrderByDescending(i => i.OpenedUtc).Take(500).AsNoTracking().ToListAsync(ct);
        return rows.Select(Row).ToList();
    }

    private IncidentRow Row(PageIncident i) => new(i.Id, i.TenantId, Name(i.TenantId), i.Kind, IncidentKinds.DisplayName(i.Kind), i.RuleCode, i.Url, i.Summary,
        i.OpenedUtc, i.LastSeenUtc, i.HandledUtc, i.HandledBy, i.RestoreState);

    public async Task<IncidentDetail?> IncidentAsync(string? tenantId, string id, CancellationToken ct)
    {
        var i = await Scope<PageIncident>(tenantId).AsNoTracking().FirstOrDefaultAsync(x => x.Id == id, ct);
        return i is null ? null : new IncidentDetail(Row(i), i.Findings, i.UserAgent, i.FetchedHtml, i.Diff, i.Screenshot, i.HandledNote, i.RestoredUtc);
    }

    /// <summary>The screenshot file of an incident the caller may see, or null.</summary>
    public async Task<string?> ScreenshotFileAsync(string? tenantId, string id, CancellationToken ct)
    {
        var name = await Scope<PageIncident>(tenantId).Where(x => x.Id == id).Select(x => x.Screenshot).FirstOrDefaultAsync(ct);
        if (name is null)
        {
            return null;
        }
        var path = Path.Combine(screenshots.Folder, Path.GetFileName(name));
        return File.Exists(path) ? path : null;
    }

    /// <summary>Marks an open incident handled (a note is required). Returns a Chinese problem, or null.</summary>
    public async Task<string?> MarkHandledAsync(string? tenantId, string id, string actor, string? note, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return "请填写处理说明（如何处置、是否已恢复）。";
        }
        using var matrix = tenantContext.BeginMatrixScope();
        var incident = await Scope<PageIncident>(tenantId).FirstOrDefaultAsync(x => x.Id == id, ct);
        if (incident is null)
        {
            return "找不到该事件。";
        }
        if (incident.HandledUtc is not null)
        {
            return "该事件已处理。";
        }
        incident.HandledUtc = clock.GetUtcNow().UtcDateTime;
        incident.HandledBy = actor;
        incident.HandledNote = note.Trim().Length > 2000 ? note.Trim()[..2000] : note.Trim();
        db.Raise(new PageIncidentHandled(incident.TenantId, incident.Id, actor, incident.HandledNote));
        await db.SaveChangesAsync(ct);
        return null;
    }

    /// <summary>The page of an incident, for a check with restore now.</summary>
    public Task<long?> PageOfAsync(string? tenantId, string id, CancellationToken ct)
        => Scope<PageIncident>(tenantId).Where(x => x.Id == id).Select(x => (long?)x.PageId).FirstOrDefaultAsync(ct);

    public async Task<List<ProbeRow>> ProbesAsync(string? tenantId, CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var from = now.AddDays(-7);
        var day = now.AddDays(-1);
        var rows = await Scope<SiteProbe>(tenantId).AsNoTracking().Where(p => p.AtUtc >= from).ToListAsync(ct);
        return rows.GroupBy(p => p.TenantId).Select(g =>
        {
            var last = g.MaxBy(p => p.AtUtc)!;
            return new ProbeRow(g.Key, Name(g.Key), g.Count(), g.Count(p => !p.Ok), g.Count(p => p.AtUtc >= day), last.AtUtc, last.Ok, last.Error, last.ElapsedMs);
        }).OrderBy(r => r.TenantName).ToList();
    }

    public async Task<List<PageStatusRow>> ProblemPagesAsync(string? tenantId, CancellationToken ct)
    {
        var rows = await Scope<MonitoredPage>(tenantId).AsNoTracking()
            .Where(p => !p.Removed && (p.LastResult == CheckResults.CouldNotCheck || p.LastResult == CheckResults.Incident))
            .OrderBy(p => p.TenantId).ThenBy(p => p.Path).Take(500).ToListAsync(ct);
        return rows.Select(p => new PageStatusRow(Name(p.TenantId), registry.Find(p.TenantId)?.PathBase + p.Path, p.Title, p.LastResult, p.LastDetail, p.LastCheckedUtc)).ToList();
    }

    public async Task<List<BrokenLinkRow>> BrokenLinksAsync(string? tenantId, CancellationToken ct)
    {
        var rows = await Scope<BrokenLink>(tenantId).AsNoTracking().OrderBy(l => l.TenantId).ThenBy(l => l.LinkUrl).Take(500).ToListAsync(ct);
        return rows.Select(l => new BrokenLinkRow(Name(l.TenantId), l.PageUrl, l.LinkUrl, l.Status, l.Error, l.CheckedUtc)).ToList();
    }
}
