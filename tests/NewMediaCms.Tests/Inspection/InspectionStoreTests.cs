using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Inspection.Calendars;
using NewMediaCms.Inspection.Rules;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Inspection;

/// <summary>
/// The store side of a run on both stores: the set-based aggregate queries at their window edges, the bulk write of a
/// run's rows (SQLite multi-row INSERT, PostgreSQL binary COPY) read back through the model, and its atomicity.
/// </summary>
public sealed class InspectionStoreTests
{
    private static NmcAppFactory NewApp(StoreKind store, string recipe = "inspection-county")
    {
        var app = NmcAppFactory.Create(store, TestPaths.Recipe(recipe));
        app.Clock = new FakeTimeProvider(new DateTimeOffset(Matrix.Now));
        return app;
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task A_run_stored_in_bulk_reads_back_equal_to_what_the_engine_found(StoreKind store)
    {
        await using var app = NewApp(store);
        await using var scope = app.TenantScope(null);
        var sp = scope.ServiceProvider;
        var run = await sp.GetRequiredService<InspectionRunner>().RunAsync("测试", CancellationToken.None);
        Assert.Equal(RunState.Succeeded, run.State);

        // The same snapshot and evaluation, in memory, at the same check time.
        var settings = await sp.GetRequiredService<InspectionSettingsStore>().GetAsync(CancellationToken.None);
        var calendar = sp.GetRequiredService<CalendarProvider>().Get(settings);
        var snapshot = await sp.GetRequiredService<SnapshotBuilder>().BuildAsync(Matrix.Now, settings, calendar, CancellationToken.None);
        var expected = sp.GetRequiredService<InspectionEngine>().Evaluate(snapshot, settings);

        // Times from the raw aggregate queries are UTC as the model's own reads are (evidence serialises them with "Z").
        Assert.All(snapshot.Accounts.Where(a => a.LastPostUtc is not null), a => Assert.Equal(DateTimeKind.Utc, a.LastPostUtc!.Value.Kind));
        Assert.All(snapshot.Items, i => Assert.Equal(DateTimeKind.Utc, i.PublishedUtc!.Value.Kind));
        Assert.NotEmpty(snapshot.Items);

        var db = app.Db(scope);
        var stored = await db.Set<InspectionFinding>().AsNoTracking().Where(f => f.RunId == run.Id).ToListAsync();
        static string Key(string? account, string rule, string message) => $"{account}|{rule}|{message}";
        Assert.Equal(
            expected.Findings.Select(f => (Key(f.AccountId, f.RuleId, f.Message), f.Severity, f.TenantId, f.Points, f.Threshold, f.Task,
                JsonSerializer.Serialize(f.Evidence, InspectionSettings.EvidenceJson))).OrderBy(x => x.Item1, StringComparer.Ordinal).ToList(),
            stored.Select(f => (Key(f.AccountId, f.RuleId, f.Message), f.Severity, f.TenantId, f.Points, f.Threshold, f.Task, f.EvidenceJson))
                .OrderBy(x => x.Item1, StringComparer.Ordinal).ToList());
        Assert.Equal(InspectionRunTests.ExpectedFindings.Order().ToList(), stored.Select(f => (f.AccountId ?? "", f.RuleId)).Order().ToList());
        // Evidence as written: Chinese as UTF-8 (not \u escapes), empty fields left out, and it reads back to the same items.
        Assert.All(stored, f => Assert.DoesNotContain("\\u", f.EvidenceJson));
        Assert.All(stored, f => Assert.DoesNotContain(":null", f.EvidenceJson));
        Assert.Equal(
            expected.Findings.SelectMany(f => f.Evidence).Select(e => (e.Label, e.Value, e.ContentItemId, e.AtUtc)).Order().ToList(),
            stored.SelectMany(f => JsonSerializer.Deserialize<List<Evidence>>(f.EvidenceJson, InspectionSettings.Json)!).Select(e => (e.Label, e.Value, e.ContentItemId, e.AtUtc)).Order().ToList());
        Assert.Contains(stored, f => f.Task is null);
        Assert.Contains(stored, f => f.Task is not null);

        var results = await db.Set<InspectionAccountResult>().AsNoTracking().Where(r => r.RunId == run.Id).ToDictionaryAsync(r => r.AccountId);
        Assert.Equal(snapshot.Accounts.Count, results.Count);
        Assert.Equal(run.Accounts, results.Count);
        foreach (var a in snapshot.Accounts)
        {
            var r = results[a.Id];
            var verdict = InspectionScoring.Score(expected.Findings.Where(f => f.AccountId == a.Id).ToList(), settings, a.Inspected);
            Assert.Equal((a.TenantId, a.Name, a.Platform, a.Kind, a.State, a.Posts14, a.Posts30, a.Posts90),
                (r.TenantId, r.AccountName, r.Platform, r.Kind, r.State, r.Posts14, r.Posts30, r.Posts90));
            Assert.Equal((verdict.Status, verdict.Score, string.Join(",", verdict.RulesBroken)), (r.Status, r.Score, r.RulesBroken));
            Assert.Equal(a.LastPostUtc is null, r.LastPostUtc is null);
            if (a.LastPostUtc is { } last)
            {
                // Microsecond precision on PostgreSQL.
                Assert.True(Math.Abs((r.LastPostUtc!.Value - last).TotalMilliseconds) < 1, $"{a.Id}: {r.LastPostUtc:O} vs {last:O}");
                Assert.Equal((int)Math.Floor((Matrix.Now - last).TotalDays), r.DaysSinceLastPost);
            }
            else
            {
                Assert.Null(r.DaysSinceLastPost);
            }
        }
        Assert.Contains(results.Values, r => r.LastPostUtc is null);
        Assert.All(results.Values, r => Assert.Equal(snapshot.Departments.Single(d => d.Id == r.TenantId).Name, r.DepartmentName));
        Assert.Equal(stored.Count, run.FindingCount);
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task A_bulk_write_that_fails_half_way_leaves_no_rows_of_the_run(StoreKind store)
    {
        await using var app = NewApp(store, "inspection-empty");
        await using var scope = app.TenantScope(null);
        var db = app.Db(scope);
        var run = new InspectionRun { StartedUtc = Matrix.Now, AsOfUtc = Matrix.Now, TriggeredBy = "测试" };
        db.Add(run);
        await db.SaveChangesAsync();

        var results = Enumerable.Range(0, 40).Select(i => new InspectionAccountResult
        {
            RunId = run.Id, AccountId = $"a{i}", TenantId = "empty", DepartmentName = "空县", AccountName = $"账号{i}", Status = AccountStatus.Pass, Score = 100,
        }).ToList();
        // The first finding is fine, the second points at a run that does not exist (a foreign-key violation).
        var findings = new[]
        {
            new InspectionFinding { RunId = run.Id, RuleId = "NM-V06", TenantId = "empty", AccountId = "a1", Message = "甲" },
            new InspectionFinding { RunId = run.Id + 1000, RuleId = "NM-V06", TenantId = "empty", AccountId = "a2", Message = "乙" },
        };
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await Assert.ThrowsAnyAsync<Exception>(() => RunRowWriter.WriteAsync(db, results, findings, CancellationToken.None));
        }
        db.ChangeTracker.Clear();
        Assert.Equal(0, await db.Set<InspectionAccountResult>().CountAsync(r => r.RunId == run.Id));
        Assert.Equal(0, await db.Set<InspectionFinding>().CountAsync(f => f.RunId == run.Id));

        // The same rows without the bad one are written, all of them (more than one INSERT statement on SQLite).
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            await RunRowWriter.WriteAsync(db, results, findings.Take(1), CancellationToken.None);
            await transaction.CommitAsync();
        }
        Assert.Equal(40, await db.Set<InspectionAccountResult>().CountAsync(r => r.RunId == run.Id));
        Assert.Equal(["a1"], await db.Set<InspectionFinding>().Where(f => f.RunId == run.Id).Select(f => f.AccountId).ToListAsync());
    }

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task Posting_aggregates_count_a_post_exactly_at_a_window_edge_outside_and_one_second_later_inside(StoreKind store)
    {
        await using var app = NewApp(store, "inspection-empty");
        var now = Matrix.Now;
        var w = new PostingWindows(now.AddMinutes(5), now.AddDays(-14), now.AddDays(-30), now.AddDays(-90), now.AddDays(-30));
        var posts = new (string Id, DateTime At, string Fields, bool Deleted)[]
        {
            ("edge-14", w.Since14, "{}", false),                       // counted in 30 and 90, not in 14
            ("in-14", w.Since14.AddSeconds(1), "{}", false),          // counted in 14, 30, 90
            ("edge-30", w.Since30, "{}", false),                      // 90 only; not an original (outside the window)
            ("in-30-repost", w.Since30.AddSeconds(1), """{"repostOf":"上级"}""", false),   // 30 and 90; a repost
            ("edge-90", w.Since90, "{}", false),                      // total only
            ("old", now.AddDays(-400), "{}", false),                  // total only
            ("at-limit", w.FutureLimit, "{}", false),                 // the last post: at the tolerance, not future
            ("future", w.FutureLimit.AddSeconds(1), "{}", false),     // future-dated, not counted anywhere else
            ("deleted", now.AddDays(-1), "{}", true),                 // a deleted item counts nowhere
        };
        await using (var scope = app.TenantScope("empty"))
        {
            var db = app.Db(scope);
            db.Add(new Account
            {
                Id = "edge-wechat", TenantId = "empty", Platform = Platform.WeChat, Name = "边界", OperatingUnit = "边界", FilingNumber = "E-1",
                OpenedOn = new DateOnly(2024, 1, 1), CreatedUtc = now.AddDays(-500), UpdatedUtc = now.AddDays(-500),
            });
            foreach (var p in posts)
            {
                db.Add(new ContentItem
                {
                    Id = p.Id, TenantId = "empty", ContentType = "news", AccountId = "edge-wechat", Owner = "test", CreatedUtc = p.At, Deleted = p.Deleted,
                    Versions = [new() { TenantId = "empty", Number = 1, Latest = true, Published = true, Title = p.Id, Markdown = "正文", FieldsJson = p.Fields, PublishedUtc = p.At, CreatedUtc = p.At, Author = "test" }],
                });
            }
            await db.SaveChangesAsync();
        }

        await using var read = app.TenantScope(null);
        var rows = await read.ServiceProvider.GetRequiredService<SnapshotBuilder>().PostingAggregatesAsync(w, "\"repostOf\"", CancellationToken.None);
        var row = Assert.Single(rows, r => r.AccountId == "edge-wechat");
        Assert.Equal(("empty", "news"), (row.TenantId, row.ContentType));
        Assert.Equal(w.FutureLimit, row.Last!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(7, row.Total);
        Assert.Equal(2, row.P14);       // in-14, at-limit
        Assert.Equal(4, row.P30);       // edge-14, in-14, in-30-repost, at-limit
        Assert.Equal(5, row.P90);       // + edge-30
        Assert.Equal(3, row.Originals); // edge-14, in-14, at-limit
        Assert.Equal(1, row.Future);
    }
}
