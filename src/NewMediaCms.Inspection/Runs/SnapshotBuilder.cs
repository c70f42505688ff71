using Microsoft.EntityFrameworkCore;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
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
public sealed class SnapshotBuilder(NmcDbContext db, IServiceProvider services, ILogger<SnapshotBuilder> logger)
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

        // The records some rules read field by field, and the small tables: on a scope of their own too.
        var fieldTypes = new[]
        {
            settings.For(catalog.Find("WEB-D01")!).Option("contentType", "guide"),
            settings.For(catalog.Find("WEB-D02")!).Option("policyType", "policy"),
            settings.For(catalog.Find("WEB-D02")!).Option("interpretationType", "interpretation"),
        };
        var recordsTask = Timed("field items, future posts, flags, filings",
            () => OnOwnScopeAsync(sp => RecordsAsync(sp.GetRequiredService<NmcDbContext>(), fieldTypes, futureLimit, ct), bulk: false));

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

            Done("departments and accounts", sw);
            sw.Restart();
            var groups = await PostingAggregatesAsync(new PostingWindows(futureLimit, c14, c30, c90, originalStart), repostMarker, ct);

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
            };
        }
        catch
        {
            // Not left running against a store the caller may be about to close.
            await Task.WhenAll(unreviewedTask, interactionTask, recordsTask).ContinueWith(_ => { }, TaskScheduler.Default);
            throw;
        }
    }

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
            var published = sp.GetRequiredService<NmcDbContext>().Set<ContentVersion>().AcrossTenants()
                .Where(v => v.Published && v.PublishedUtc > fromUtc && v.PublishedUtc <= toUtc);
            var count = await published.CountAsync(ct);
            return count < 2 ? null : await published.OrderBy(v => v.PublishedUtc).Select(v => v.PublishedUtc).Skip(count / 2).FirstOrDefaultAsync(ct);
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
    private static async Task<Records> RecordsAsync(NmcDbContext db, string[] fieldTypes, DateTime futureLimit, CancellationToken ct)
    {
        var items = await FieldItemsAsync(db, fieldTypes, futureLimit, ct);

        var future = await (from v in db.Set<ContentVersion>().AcrossTenants()
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
        return new Records(items, future, flags, filings);
    }

    /// <summary>The cut-off times of the posting aggregates (all UTC; a post exactly at a cut-off is outside its window).</summary>
    public sealed record PostingWindows(DateTime FutureLimit, DateTime Since14, DateTime Since30, DateTime Since90, DateTime OriginalsSince);

    /// <summary>One row of the posting aggregate: the published posts of one account (or of a department site without
    /// account) and one content type.</summary>
    public sealed class PostingAggregate
    {
        public string TenantId { get; set; } = "";
        public string? AccountId { get; set; }
        public string ContentType { get; set; } = "";
        /// <summary>The latest publication time not beyond the future tolerance.</summary>
        public DateTime? Last { get; set; }
        public int Total { get; set; }
        public int P14 { get; set; }
        public int P30 { get; set; }
        public int P90 { get; set; }
        /// <summary>Posts in the NM-D12 window whose fields do not carry the repost marker.</summary>
        public int Originals { get; set; }
        /// <summary>Posts dated beyond the future tolerance (WEB-V05).</summary>
        public int Future { get; set; }
    }

    /// <summary>
    /// The posting concern of the snapshot in one set-based query over the published versions of items not deleted,
    /// grouped by (account, content type, department), with conditional counts per window. Nothing is materialised per post.
    /// </summary>
    /// <remarks>
    /// <para>A version carries its item's account, type and deletion (copied on save), so this reads one table: on SQLite
    /// the covering index IX_ContentVersions_Posting (published, deleted, account, type, department, time) in order, the
    /// GROUP BY streaming without a sort; only versions inside the NM-D12 window read their fields for the repost marker
    /// (the CASE is evaluated left to right). PostgreSQL scans the versions and hashes the groups. Joining the items here
    /// instead (one index seek per post) took 9 s of the 32 s inspection of 1,000,000 posts on SQLite.</para>
    /// <para>Other data sources (messages per account, ...) add their own aggregate query of this shape, keyed by account,
    /// and merge its rows into <see cref="AccountFacts"/> by id in <see cref="BuildAsync"/>.</para>
    /// </remarks>
    public async Task<List<PostingAggregate>> PostingAggregatesAsync(PostingWindows w, string repostMarker, CancellationToken ct)
    {
        // The repost marker test as EF Core translates string.Contains on each provider.
        var containsMarker = db.Database.IsNpgsql() ? "strpos(v.\"FieldsJson\", {6}) > 0" : "instr(v.\"FieldsJson\", {6}) > 0";
        var sql = $$"""
            SELECT v."TenantId" AS "TenantId", v."AccountId" AS "AccountId", v."ContentType" AS "ContentType",
                MAX(CASE WHEN v."PublishedUtc" <= {1} THEN v."PublishedUtc" END) AS "Last",
                COUNT(CASE WHEN v."PublishedUtc" <= {1} THEN 1 END) AS "Total",
                COUNT(CASE WHEN v."PublishedUtc" > {2} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P14",
                COUNT(CASE WHEN v."PublishedUtc" > {3} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P30",
                COUNT(CASE WHEN v."PublishedUtc" > {4} AND v."PublishedUtc" <= {1} THEN 1 END) AS "P90",
                COUNT(CASE WHEN v."PublishedUtc" > {5} AND v."PublishedUtc" <= {1} AND NOT ({{containsMarker}}) THEN 1 END) AS "Originals",
                COUNT(CASE WHEN v."PublishedUtc" > {1} THEN 1 END) AS "Future"
            FROM "ContentVersions" AS v
            WHERE v."Published" = {0} AND v."ItemDeleted" = {7} AND v."PublishedUtc" IS NOT NULL
            GROUP BY v."AccountId", v."ContentType", v."TenantId"
            """;
        var rows = await db.Database.SqlQueryRaw<PostingAggregate>(sql, true, w.FutureLimit, w.Since14, w.Since30, w.Since90, w.OriginalsSince, repostMarker, false)
            .ToListAsync(ct);
        foreach (var row in rows)
        {
            row.Last = Utc(row.Last);
        }
        return rows;
    }

    /// <summary>The title of each account's last post, for evidence: the versions published at exactly those times,
    /// found by time in IX_ContentVersions_ReviewEvidence (a seek per distinct time, in chunks), matched to their account
    /// by the account they carry.</summary>
    private async Task FillLastPostTitlesAsync(List<AccountFacts> accounts, CancellationToken ct)
    {
        var byAccount = accounts.ToDictionary(a => a.Id);
        foreach (var chunk in accounts.Select(a => a.LastPostUtc!.Value).Distinct().Chunk(500))
        {
            var parameters = new List<object> { true };
            var times = string.Join(", ", chunk.Select(t =>
            {
                parameters.Add(t);
                return "{" + (parameters.Count - 1) + "}";
            }));
            var sql = $"""
                SELECT v."AccountId" AS "AccountId", v."ContentItemId" AS "Id", v."Title" AS "Title", v."PublishedUtc" AS "PublishedUtc", v."ItemDeleted" AS "ItemDeleted"
                FROM "ContentVersions" AS v
                WHERE v."Published" = {"{0}"} AND v."PublishedUtc" IN ({times})
                """;
            var rows = await db.Database.SqlQueryRaw<LastPostRow>(sql, parameters.ToArray()).ToListAsync(ct);
            // Two posts of one account at the same instant: the smallest item id, so that reruns give the same evidence.
            foreach (var r in rows.OrderBy(r => r.Id, StringComparer.Ordinal))
            {
                // Deleted items are skipped here, not in the query, so that SQLite seeks by time (not by the deletion flag).
                if (!r.ItemDeleted && r.AccountId is not null && byAccount.TryGetValue(r.AccountId, out var a) && r.PublishedUtc == a.LastPostUtc && a.LastPostId is null)
                {
                    a.LastPostId = r.Id;
                    a.LastPostTitle = r.Title;
                }
            }
        }
    }

    /// <summary>Raw SQL rows do not pass the model's UTC converter (SQLite gives unspecified kinds): stated here, as the model would.</summary>
    private static DateTime? Utc(DateTime? value) => value is { } v ? DateTime.SpecifyKind(v, DateTimeKind.Utc) : null;

    private sealed class LastPostRow
    {
        public string? AccountId { get; set; }
        public string Id { get; set; } = "";
        public string Title { get; set; } = "";
        public DateTime? PublishedUtc { get; set; }
        public bool ItemDeleted { get; set; }
    }

    /// <summary>The published items whose fields a rule reads (guides, policies, interpretations), with their fields: items
    /// of those types found in IX_ContentItems_Inspection, each one's published version by IX_ContentVersions_Inspection.</summary>
    private static async Task<List<ContentFacts>> FieldItemsAsync(NmcDbContext db, string[] types, DateTime futureLimit, CancellationToken ct)
    {
        var parameters = new List<object> { true, futureLimit };
        var list = string.Join(", ", types.Select(t =>
        {
            parameters.Add(t);
            return "{" + (parameters.Count - 1) + "}";
        }));
        var sql = $"""
            SELECT i."Id" AS "Id", i."TenantId" AS "TenantId", i."AccountId" AS "AccountId", i."ContentType" AS "ContentType",
                v."Title" AS "Title", v."FieldsJson" AS "FieldsJson", v."PublishedUtc" AS "PublishedUtc"
            FROM "ContentItems" AS i CROSS JOIN "ContentVersions" AS v
            WHERE i."ContentType" IN ({list}) AND NOT i."Deleted" AND v."ContentItemId" = i."Id"
                AND v."Published" = {"{0}"} AND v."PublishedUtc" IS NOT NULL AND v."PublishedUtc" <= {"{1}"}
            """;
        return (await db.Database.SqlQueryRaw<FieldItemRow>(sql, parameters.ToArray()).ToListAsync(ct))
            .Select(r => new ContentFacts(r.Id, r.TenantId, r.AccountId, r.ContentType, r.Title, r.FieldsJson, Utc(r.PublishedUtc)))
            .ToList();
    }

    private sealed class FieldItemRow
    {
        public string Id { get; set; } = "";
        public string TenantId { get; set; } = "";
        public string? AccountId { get; set; }
        public string ContentType { get; set; } = "";
        public string Title { get; set; } = "";
        public string FieldsJson { get; set; } = "{}";
        public DateTime? PublishedUtc { get; set; }
    }
}
