using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Inspection.Runs;

/// <summary>
/// Builds the snapshot the rules read with set-based SQL: one grouped scan of published versions gives every
/// account's last post and window counts and every site section's freshness; posts themselves are never loaded
/// (only the few items whose fields a rule reads: guides, policies, interpretations, future-dated posts).
/// </summary>
public sealed class SnapshotBuilder(NmcDbContext db, IServiceProvider services)
{
    public async Task<InspectionSnapshot> BuildAsync(DateTime nowUtc, InspectionSettings settings, WorkingCalendar calendar, CancellationToken ct)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(settings.TimeZoneId);
        var catalog = services.GetRequiredService<RuleCatalog>();
        var d12 = settings.For(catalog.Find("NM-D12")!);
        var originalStart = nowUtc.AddDays(-OriginalContentRule.WindowDays(d12));
        var repostMarker = "\"" + d12.Option("repostField", "repostOf") + "\"";
        var tolerance = settings.For(catalog.Find("WEB-V05")!).Threshold;
        var futureLimit = nowUtc.AddMinutes(tolerance);
        var c14 = nowUtc.AddDays(-14);
        var c30 = nowUtc.AddDays(-30);
        var c90 = nowUtc.AddDays(-90);

        var departments = (await db.Set<Tenant>().AsNoTracking().OrderBy(t => t.SortOrder).ThenBy(t => t.Id).ToListAsync(ct))
            .Select(t => new DepartmentFacts(t.Id, t.DisplayName, t.ParentId, t.State == NewMediaCms.Core.Tenancy.TenantState.Running)).ToList();
        var accounts = (await db.Set<Account>().AcrossTenants().AsNoTracking().ToListAsync(ct))
            .Select(a => new AccountFacts
            {
                Id = a.Id, TenantId = a.TenantId, Name = a.Name, Platform = a.Platform, Kind = a.Kind, State = a.State,
                OperatingUnit = a.OperatingUnit, FilingNumber = a.FilingNumber, OpenedOn = a.OpenedOn, FiledOn = a.FiledOn,
                CreatedUtc = a.CreatedUtc, IsMain = a.IsMain, MergedIntoAccountId = a.MergedIntoAccountId,
            })
            .OrderBy(a => a.TenantId, StringComparer.Ordinal).ThenBy(a => a.Platform).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
        var byId = accounts.ToDictionary(a => a.Id);

        var posts = from v in db.Set<ContentVersion>().AcrossTenants()
                    join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                    where v.Published && v.PublishedUtc != null
                    select new { i.TenantId, i.AccountId, i.ContentType, v.PublishedUtc, v.FieldsJson };
        var groups = await posts
            .GroupBy(p => new { p.TenantId, p.AccountId, p.ContentType })
            .Select(g => new
            {
                g.Key.TenantId,
                g.Key.AccountId,
                g.Key.ContentType,
                Last = g.Max(p => p.PublishedUtc <= futureLimit ? p.PublishedUtc : null),
                Total = g.Count(p => p.PublishedUtc <= futureLimit),
                P14 = g.Count(p => p.PublishedUtc > c14 && p.PublishedUtc <= futureLimit),
                P30 = g.Count(p => p.PublishedUtc > c30 && p.PublishedUtc <= futureLimit),
                P90 = g.Count(p => p.PublishedUtc > c90 && p.PublishedUtc <= futureLimit),
                Originals = g.Count(p => p.PublishedUtc > originalStart && p.PublishedUtc <= futureLimit && !p.FieldsJson.Contains(repostMarker)),
                Future = g.Count(p => p.PublishedUtc > futureLimit),
            })
            .ToListAsync(ct);

        var sections = new Dictionary<(string, string), (DateTime? Last, int Count)>();
        var anyFuture = false;
        foreach (var g in groups)
        {
            anyFuture |= g.Future > 0;
            if (g.AccountId is not null && byId.TryGetValue(g.AccountId, out var a))
            {
                if (g.Last is { } last && (a.LastPostUtc is null || last > a.LastPostUtc))
                {
                    a.LastPostUtc = last;
                }
                a.TotalPosts += g.Total;
                a.Posts14 += g.P14;
                a.Posts30 += g.P30;
                a.Posts90 += g.P90;
                a.OriginalPostsInWindow += g.Originals;
            }
            // A department site's sections: content without an account or on a site-channel account.
            if (g.AccountId is null || (byId.TryGetValue(g.AccountId, out var s) && s.Platform == Platform.SiteChannel))
            {
                var key = (g.TenantId, g.ContentType);
                var cur = sections.GetValueOrDefault(key);
                sections[key] = (cur.Last is null || (g.Last is not null && g.Last > cur.Last) ? g.Last : cur.Last, cur.Count + g.Total);
            }
        }

        // Sorted by last post so that each chunk spans a short time range and fetches few rows.
        await FillLastPostTitlesAsync(accounts.Where(a => a.LastPostUtc is not null && a.Inspected).OrderBy(a => a.LastPostUtc).ToList(), ct);

        var fieldTypes = new[]
        {
            settings.For(catalog.Find("WEB-D01")!).Option("contentType", "guide"),
            settings.For(catalog.Find("WEB-D02")!).Option("policyType", "policy"),
            settings.For(catalog.Find("WEB-D02")!).Option("interpretationType", "interpretation"),
        };
        var items = await (from v in db.Set<ContentVersion>().AcrossTenants()
                           join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                           where v.Published && v.PublishedUtc != null && v.PublishedUtc <= futureLimit && fieldTypes.Contains(i.ContentType)
                           select new ContentFacts(i.Id, i.TenantId, i.AccountId, i.ContentType, v.Title, v.FieldsJson, v.PublishedUtc))
            .AsNoTracking().ToListAsync(ct);

        var future = !anyFuture ? [] : await (from v in db.Set<ContentVersion>().AcrossTenants()
                                               join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                                               where v.Published && v.PublishedUtc > futureLimit
                                               orderby v.PublishedUtc
                                               select new ContentFacts(i.Id, i.TenantId, i.AccountId, i.ContentType, v.Title, "{}", v.PublishedUtc))
            .Take(5000).AsNoTracking().ToListAsync(ct);

        var flags = await db.Set<ManualFlag>().AcrossTenants().AsNoTracking().Where(f => f.WithdrawnUtc == null)
            .Select(f => new ManualFlagFacts(f.Id, f.RuleId, f.TenantId, f.AccountId, f.Note, f.ContentItemId, f.RecordedBy, f.RecordedUtc))
            .ToListAsync(ct);

        var filings = (await db.Set<AccountFilingEvent>().AcrossTenants().AsNoTracking().Where(e => e.Kind != FilingEventKind.Suspended).ToListAsync(ct))
            .Select(e => new FilingFacts(e.AccountId, e.TenantId, AccountFilingEvent.Chinese(e.Kind), e.OccurredOn, e.FiledOn, e.FilingNumber)).ToList();

        IReadOnlyList<UnreviewedPost>? unreviewed = null;
        var d13 = settings.For(catalog.Find("NM-D13")!);
        if (services.GetService<IReviewChainEvidence>() is { } review)
        {
            // Switched off: no query, and no findings (the engine skips disabled rules); an empty list is not "waiting for data".
            var window = int.TryParse(d13.Option("windowDays", "90"), out var w) ? w : 90;
            unreviewed = d13.Enabled ? await review.PublishedWithoutFullReviewAsync(nowUtc.AddDays(-window), nowUtc, ct) : [];
        }

        // Citizen messages (NM-D10, WEB-V04, NM-V07): one aggregate call, if the interaction capability is there.
        InteractionQuery? interactionQuery = null;
        InteractionFacts? interaction = null;
        if (services.GetService<IInteractionEvidence>() is { } messages)
        {
            interactionQuery = MessageDeadlines.Query(nowUtc, settings, catalog, calendar, zone);
            interaction = await messages.CollectAsync(interactionQuery, ct);
        }

        return new InspectionSnapshot
        {
            NowUtc = nowUtc,
            TimeZone = zone,
            Calendar = calendar,
            Departments = departments,
            Accounts = accounts,
            Sections = sections.Select(kv => new SectionFacts(kv.Key.Item1, kv.Key.Item2, kv.Value.Last, kv.Value.Count)).ToList(),
            Items = items,
            FutureDated = future,
            Flags = flags,
            Filings = filings,
            Unreviewed = unreviewed,
            Interaction = interaction,
            InteractionQuery = interactionQuery,
        };
    }

    /// <summary>The title of each account's last post, for evidence: fetched by (account, time) in chunks, still no full scan of posts.</summary>
    private async Task FillLastPostTitlesAsync(List<AccountFacts> accounts, CancellationToken ct)
    {
        foreach (var chunk in accounts.Chunk(400))
        {
            var ids = chunk.Select(a => a.Id).ToList();
            var earliest = chunk.Min(a => a.LastPostUtc!.Value);
            var latest = chunk.Max(a => a.LastPostUtc!.Value);
            var rows = await (from v in db.Set<ContentVersion>().AcrossTenants()
                              join i in db.Set<ContentItem>().AcrossTenants() on v.ContentItemId equals i.Id
                              where v.Published && v.PublishedUtc >= earliest && v.PublishedUtc <= latest && ids.Contains(i.AccountId!)
                              select new { i.AccountId, i.Id, v.Title, v.PublishedUtc })
                .ToListAsync(ct);
            var byAccount = chunk.ToDictionary(a => a.Id);
            foreach (var r in rows)
            {
                if (byAccount.TryGetValue(r.AccountId!, out var a) && r.PublishedUtc == a.LastPostUtc && a.LastPostId is null)
                {
                    a.LastPostId = r.Id;
                    a.LastPostTitle = r.Title;
                }
            }
        }
    }
}
