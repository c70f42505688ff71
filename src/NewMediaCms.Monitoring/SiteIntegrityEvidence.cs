using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Monitoring;

/// <summary>
/// The page monitor's facts for the inspection (WEB-V01, WEB-W01, WEB-V05, SEC-V01, NM-D11): probes per site in the window
/// (days counted in the department's time zone), incidents opened before the check time that were still open at the start
/// of the window or later, and the links that failed at each department's last link check.
/// </summary>
internal sealed class SiteIntegrityEvidence(NmcDbContext db, TenantRegistry registry) : ISiteIntegrityEvidence
{
    public const int ProbesPerDay = 20;

    public async Task<SiteIntegrityFacts> CollectAsync(SiteIntegrityQuery query, CancellationToken cancellationToken)
    {
        var probes = await db.Set<SiteProbe>().AcrossTenants().AsNoTracking()
            .Where(p => p.AtUtc >= query.ProbeFromUtc && p.AtUtc < query.NowUtc)
            .Select(p => new { p.TenantId, p.AtUtc, p.Ok }).ToListAsync(cancellationToken);
        var probeFacts = new List<ProbeFacts>();
        foreach (var group in probes.GroupBy(p => p.TenantId))
        {
            var zone = TenantClock.FindZone(registry.Find(group.Key)?.TimeZoneId);
            var days = (int)Math.Ceiling((query.NowUtc - query.ProbeFromUtc).TotalDays);
            var perDay = group.GroupBy(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(p.AtUtc, zone))).Count(d => d.Count() >= ProbesPerDay);
            probeFacts.Add(new ProbeFacts(group.Key, group.Count(), group.Count(p => !p.Ok), days, perDay));
        }
        var incidents = await db.Set<PageIncident>().AcrossTenants().AsNoTracking()
            .Where(i => i.OpenedUtc < query.NowUtc && (i.HandledUtc == null || i.HandledUtc >= query.ProbeFromUtc))
            .OrderBy(i => i.OpenedUtc)
            .Select(i => new IncidentFacts(i.TenantId, i.AccountId, i.Id, i.RuleCode, i.Kind, i.Url,
                i.Summary + (i.RestoreState == "restored" ? "（已自动恢复）" : i.RestoreState == "still-different" ? "（恢复后仍不一致）" : ""),
                i.OpenedUtc, i.HandledUtc))
            .ToListAsync(cancellationToken);
        var broken = await db.Set<BrokenLink>().AcrossTenants().AsNoTracking()
            .Where(l => l.CheckedUtc < query.NowUtc)
            .Select(l => new BrokenLinkFacts(l.TenantId, l.AccountId, l.PageUrl, l.LinkUrl, l.Status, l.Error, l.CheckedUtc))
            .ToListAsync(cancellationToken);
        return new SiteIntegrityFacts(probeFacts, incidents, broken);
    }
}
