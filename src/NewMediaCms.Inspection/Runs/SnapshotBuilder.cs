using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Accounts;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Inspection.Runs;

/// <summary>
/// Builds the snapshot the rules read with set-based SQL: one grouped scan of published versions gives every
/// account's last post and window counts and every site section's freshness; posts themselves are never loaded
/// (only the few items whose fields a rule reads: guides, policies, interpretations, future-dated posts).
/// </summary>
public sealed class SnapshotBuilder(NmcDbContext db, IPostingFacts postings, AccountDirectory accountDirectory, TenantRegistry departmentRegistry,
    IServiceProvider services, ILogger<SnapshotBuilder> logger)
{
    public async Task<InspectionSnapshot> BuildAsync(DateTime nowUtc, InspectionSettings settings, WorkingCalendar calendar, CancellationToken ct)
    {
        var zone = TenantClock.FindZone(settings.TimeZoneId);
        var catalog = services.GetRequiredService<RuleCatalog>();
        var d12 = settings.For(catalog.Find("NM-D12")!);
        var originalStart = nowUtc.AddDays(-OriginalContentRule.WindowDays(d12));
        var repostMarker = "\"" + d12.Option("repostField", "repostOf") + "\"";
        var tolerance = settings.For(catalog.Find("WEB-V05")!).Threshold;
        var futureLimit = nowUtc.AddMinutes(tolerance);
        var c14 = nowUtc.AddDays(-14);
        var c30 = nowUtc.AddDays(-30);
        var c90 = nowUtc.AddDays(-90);

        // The review-chain evidence (NM-D13) and the citizen messages (NM-D10, WEB-V04, NM-V07) are independent of the
        // rest: each is read on a scope of its own (its own context and connection) while this context reads the posts.
        var d13 = settings.For(catalog.Find("NM-D13")!);
        var d13Window = int.TryParse(d13.Option("windowDays", "90"), out var w) ? w : 90;
        // Where the time goes, logged at the end (the parts read at once overlap).
        var clock = Stopwatch.StartNew();
        var parts = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Done(string part, Stopwatch sw) => parts.Enqueue($"{part} {sw.Elapsed.TotalSeconds:0.00} s");
        var unreviewedTask = services.GetService<IReviewChainEvidence>() is null ? Task.FromResult<IReadOnlyList<UnreviewedPost>?>(null)
            // Switched off: no query, and no findings (the engine skips disabled rules); an empty list is not "waiting for data".
            : !d13.Enabled ? Task.FromResult<IReadOnlyList<UnreviewedPost>?>([])
            : Timed("NM-D13 review-chain evidence", () => UnreviewedAsync(nowUtc.AddDays(-d13Window), nowUtc, ct));
        var interactionQuery = services.GetService<IInteractionEvidence>() is null ? null : MessageDeadlines.Query(nowUtc, settings, catalog, calendar, zone);
        var interactionTask = interactionQuery is null ? Task.FromResult<InteractionFacts?>(null)
            : Timed("message aggregates", () => OnOwnScopeAsync<InteractionFacts?>(async sp => await sp.GetRequiredService<IInteractionEvidence>().CollectAsync(interactionQuery, ct)));

        // Content-safety findings (NM-V01 ...), the page monitor's facts (WEB-V01 ...) and what the home pages show (WEB-V02):
        // each from its capability's port, on a scope of its own; null (the rules wait) while no capability provides it.
        var safetyTask = services.GetService<ISafetyEvidence>() is null ? Task.FromResult<IReadOnlyList<PublishedSafetyFinding>?>(null)
            : !AnyEnabled(settings, catalog, SafetyRuleIds) ? Task.FromResult<IReadOnlyList<PublishedSafetyFinding>?>([])
            : Timed("safety findings", () => OnOwnScopeAsync<IReadOnlyList<PublishedSafetyFinding>?>(async sp =>
                await sp.GetRequiredService<ISafetyEvidence>().CollectAsync(new SafetyQuery(nowUtc, DateTime.UnixEpoch), ct), bulk: false));
        var integrityQuery = new SiteIntegrityQuery(nowUtc, nowUtc.AddDays(-SiteUnreachableRule.WindowDays(settings.For(catalog.Find(SiteUnreachableRule.RuleId)!))));
        var integrityTask = services.GetService<ISiteIntegrityEvidence>() is null ? Task.FromResult<SiteIntegrityFacts?>(null)
            : !AnyEnabled(settings, catalog, IntegrityRuleIds) ? Task.FromResult<SiteIntegrityFacts?>(new SiteIntegrityFacts([], [], []))
            : Timed("page monitor facts", () => OnOwnScopeAsync<SiteIntegrityFacts?>(async sp =>
                await sp.GetRequiredService<ISiteIntegrityEvidence>().CollectAsync(integrityQuery, ct), bulk: false));
        var homeTask = services.GetService<IHomePageEvidence>() is null || !settings.For(catalog.Find("WEB-V02")!).Enabled
            ? Task.FromResult<IReadOnlyList<HomePageFacts>?>(null)
            : Timed("home pages", () => OnOwnScopeAsync<IReadOnlyList<HomePageFacts>?>(async sp =>
                await sp.GetRequiredService<IHomePageEvidence>().HomePagesAsync(departmentRegistry.All.Select(t => t.Id).ToList(), ct), bulk: false));
        var guideType = settings.For(catalog.Find("WEB-D01")!).Option("contentType", "guide");
        var guideTask = OnOwnScopeAsync(sp => ServiceGuideElementsRule.ElementsAsync(sp.GetRequiredService<NewMediaCms.Content.Types.ContentTypeRegistry>(), guideType, ct), bulk: false);

        // The records some rules read field by field, and the small tables: on a scope of their own too.
        var fieldTypes = new[]
        {
            settings.For(catalog.Find("WEB-D01")!).Option("contentType", "guide"),
            settings.For(catalog.Find("WEB-D02")!).Option("policyType", "policy"),
            settings.For(catalog.Find("WEB-D02")!).Option("interpretationType", "interpretation"),
        };
        var recordsTask = Timed("field items, future posts, flags, filings",
            () => OnOwnScopeAsync(sp => RecordsAsync(sp, fieldTypes, futureLimit, ct), bulk: false));

        async Task<T> Timed<T>(string part, Func<Task<T>> read)
        {
            var sw = Stopwatch.StartNew();
            var result = await read();
            Done(part, sw);
            return result;
        }
        try
        {
            var sw = Stopwatch.StartNew();
            await using var bulk = await BulkReadAsync(db, ct);
            // The registry holds the departments in their display order (sort order, then id).
            var departments = departmentRegistry.All
                .Select(t => new DepartmentFacts(t.Id, t.DisplayName, t.ParentId, t.State == TenantState.Running)).ToList();
            var accounts = (await accountDirectory.AllAcrossDepartmentsAsync(ct))
                .Select(a => new AccountFacts
                {
                    Id = a.Id, TenantId = a.TenantId, Name = a.Name, Platform = a.Platform, Kind = a.Kind, State = a.State,
                    OperatingUnit = a.OperatingUnit, FilingNumber = a.FilingNumber, OpenedOn = a.OpenedOn, FiledOn = a.FiledOn,
                    CreatedUtc = a.CreatedUtc, IsMain = a.IsMain, MergedIntoAccountId = a.MergedIntoAccountId,
                })
                .OrderBy(a => a.TenantId, StringComparer.Ordinal).ThenBy(a => a.Platform).ThenBy(a => a.Id, StringComparer.Ordinal).ToList();
            var byId = accounts.ToDictionary(a => a.Id);

            Done("departments and accounts", sw);
            sw.Restart();
            var groups = await postings.PostingAggregatesAsync(new PostingWindows(futureLimit, c14, c30, c90, originalStart), repostMarker, ct);

            var sections = new Dictionary<(string, string), (DateTime? Last, int Count)>();
            foreach (var g in groups)
            {
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

            Done("posting aggregates", sw);
            sw.Restart();
            // Sorted by last post so that each chunk spans a short time range and fetches few rows.
            await FillLastPostTitlesAsync(accounts.Where(a => a.LastPostUtc is not null && a.Inspected).OrderBy(a => a.LastPostUtc).ToList(), ct);

            Done("last-post titles", sw);
            var (items, future, flags, filings) = await recordsTask;
            var unreviewed = await unreviewedTask;
            var interaction = await interactionTask;
            var safety = await safetyTask;
            var integrity = await integrityTask;
            var homePages = await homeTask;
            var guideElements = await guideTask;
            logger.LogInformation("Inspection snapshot read in {Seconds:0.00} s: {Parts}", clock.Elapsed.TotalSeconds, string.Join(", ", parts));

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
                Safety = safety,
                Integrity = integrity,
                IntegrityQuery = integrity is null ? null : integrityQuery,
                HomePages = homePages,
                GuideElements = guideElements,
            };
        }
        catch
        {
            // Not left running against a store the caller may be about to close.
            await Task.WhenAll(unreviewedTask, interactionTask, recordsTask, safetyTask, integrityTask, homeTask, guideTask).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
    }

    private static readonly string[] SafetyRuleIds = ["NM-V01", "NM-V02", "NM-V03", "NM-D05", "NM-D07"];
    private static readonly string[] IntegrityRuleIds = ["WEB-V01", "WEB-W01", "WEB-V05", "SEC-V01", "NM-D11"];

    /// <summary>Switched off: no query, and no findings; an empty answer is not "waiting for data".</summary>
    private static bool AnyEnabled(InspectionSettings settings, RuleCatalog catalog, string[] ids) => ids.Any(id => settings.For(catalog.Find(id)!).Enabled);

    /// <summary>
    /// The NM-D13 evidence of a window. On SQLite it is read as two halves of equal post count at once, each on a scope of
    /// its own: there the check costs an index seek per published post (the largest part of a run), and two connections
    /// use two cores. The halves partition the window exactly, and the earlier half's posts come first, as in one call.
    /// PostgreSQL reads it in one hash join with parallel workers of its own (halves would each hash every approval).
    /// </summary>
    private async Task<IReadOnlyList<UnreviewedPost>?> UnreviewedAsync(DateTime fromUtc, DateTime toUtc, CancellationToken ct)
    {
        if (!db.Database.IsSqlite())
        {
            return await OnOwnScopeAsync(sp => sp.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(fromUtc, toUtc, ct));
        }
        var middle = await OnOwnScopeAsync(async sp =>
        {
            return await sp.GetRequiredService<IPostingFacts>().MiddlePublicationAsync(fromUtc, toUtc, ct);
        });
        if (middle is not { } m || m <= fromUtc || m >= toUtc)
        {
            return await OnOwnScopeAsync(sp => sp.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(fromUtc, toUtc, ct));
        }
        var halves = await Task.WhenAll(
            OnOwnScopeAsync(sp => sp.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(fromUtc, m, ct)),
            OnOwnScopeAsync(sp => sp.GetRequiredService<IReviewChainEvidence>().PublishedWithoutFullReviewAsync(m, toUtc, ct)));
        return [.. halves[0], .. halves[1]];
    }

    /// <summary>A part of the snapshot read on a scope of its own: its own context and connection, so that the store works
    /// on it while this builder's context reads another part.</summary>
    /// <remarks>On the thread pool: SQLite's "async" calls complete synchronously, so the caller would otherwise wait.</remarks>
    private Task<T> OnOwnScopeAsync<T>(Func<IServiceProvider, Task<T>> read, bool bulk = true) => Task.Run(async () =>
    {
        await using var scope = services.CreateAsyncScope();
        await using var settings = bulk ? await BulkReadAsync(scope.ServiceProvider.GetRequiredService<NmcDbContext>(), CancellationToken.None) : null;
        return await read(scope.ServiceProvider);
    });

    /// <summary>The connection settings of a context reading a large part of the snapshot (at most four at once): a
    /// 16 MiB SQLite page cache, 64 MB of PostgreSQL work_mem.</summary>
    private static Task<IAsyncDisposable> BulkReadAsync(NmcDbContext context, CancellationToken ct) => BulkRead.BeginAsync(context.Database, 16, 64, ct);

    private sealed record Records(List<ContentFacts> Items, List<ContentFacts> Future, List<ManualFlagFacts> Flags, List<FilingFacts> Filings);

    /// <summary>The published items some rules read field by field, posts dated beyond the tolerance (WEB-V05), manual
    /// flags and filing events.</summary>
    private static async Task<Records> RecordsAsync(IServiceProvider sp, string[] fieldTypes, DateTime futureLimit, CancellationToken ct)
    {
        var facts = sp.GetRequiredService<IPostingFacts>();
        var items = (await facts.FieldItemsAsync(fieldTypes, futureLimit, ct)).Select(Facts).ToList();
        var future = (await facts.FutureDatedAsync(futureLimit, 5000, ct)).Select(Facts).ToList();

        var flags = await sp.GetRequiredService<NmcDbContext>().Set<ManualFlag>().AcrossTenants().AsNoTracking().Where(f => f.WithdrawnUtc == null)
            .Select(f => new ManualFlagFacts(f.Id, f.RuleId, f.TenantId, f.AccountId, f.Note, f.ContentItemId, f.RecordedBy, f.RecordedUtc))
            .ToListAsync(ct);

        var filings = (await sp.GetRequiredService<AccountDirectory>().FilingObligationsAsync(ct))
            .Select(e => new FilingFacts(e.AccountId, e.TenantId, e.KindName, e.OccurredOn, e.FiledOn, e.FilingNumber)).ToList();
        return new Records(items, future, flags, filings);
    }

    private static ContentFacts Facts(PublishedItemFacts i) => new(i.Id, i.TenantId, i.AccountId, i.ContentType, i.Title, i.FieldsJson, i.PublishedUtc);

    /// <summary>The posting concern of the snapshot (<see cref="IPostingFacts.PostingAggregatesAsync"/>), on this builder's context.</summary>
    /// <remarks>Other data sources (messages per account, ...) add their own aggregate query of this shape, keyed by account,
    /// and merge its rows into <see cref="AccountFacts"/> by id in <see cref="BuildAsync"/>.</remarks>
    public Task<List<PostingAggregate>> PostingAggregatesAsync(PostingWindows w, string repostMarker, CancellationToken ct)
        => postings.PostingAggregatesAsync(w, repostMarker, ct);

    /// <summary>The title of each account's last post, for evidence: the versions published at exactly those times,
    /// matched to their account by the account they carry.</summary>
    private async Task FillLastPostTitlesAsync(List<AccountFacts> accounts, CancellationToken ct)
    {
        var byAccount = accounts.ToDictionary(a => a.Id);
        var rows = await postings.PublishedAtAsync(accounts.Select(a => a.LastPostUtc!.Value).Distinct().ToList(), ct);
        // Two posts of one account at the same instant: the smallest item id, so that reruns give the same evidence.
        foreach (var r in rows.OrderBy(r => r.ContentItemId, StringComparer.Ordinal))
        {
            if (!r.ItemDeleted && r.AccountId is not null && byAccount.TryGetValue(r.AccountId, out var a) && r.PublishedUtc == a.LastPostUtc && a.LastPostId is null)
            {
                a.LastPostId = r.ContentItemId;
                a.LastPostTitle = r.Title;
            }
        }
    }
}
