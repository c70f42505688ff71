using Microsoft.Extensions.Logging;
// Inspection benchmark (not a test). Two steps, each its own process so that the inspection's memory is measured alone:
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Inspection -- generate /tmp/nmc-bench [accounts] [posts] [messages]
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Inspection -- inspect /tmp/nmc-bench
// PostgreSQL: the same with Store__Provider=PostgreSql Store__ConnectionString="Host=...;Database=nmc_bench;..." in the
// environment (generate drops and recreates that database).
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Inspection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Editorial;
using NewMediaCms.Inspection;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Interaction;
using NewMediaCms.Tenancy;
using Npgsql;
using NpgsqlTypes;

if (args.Length < 2 || args[0] is not ("generate" or "inspect" or "phases" or "migrate"))
{
    Console.Error.WriteLine("用法：generate <目录> [账号数=10000] [信息数=1000000] [留言数=100000] | migrate <目录> | inspect <目录> [同一进程内检查次数=1] | phases <目录>（NMC_BENCH_ASOF=检查时间，UTC）");
    return 2;
}
var dir = Path.GetFullPath(args[1]);
Directory.CreateDirectory(dir);
// The store is chosen as in the app: Store__Provider=PostgreSql and Store__ConnectionString=... in the environment.
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:AppDataPath"] = dir }).AddEnvironmentVariables().Build();
var postgres = string.Equals(config["Store:Provider"], "PostgreSql", StringComparison.OrdinalIgnoreCase);
var services = new ServiceCollection();
// The inspection's own log lines (e.g. where the snapshot's time went) on the console; EF Core and the rest stay quiet.
services.AddLogging(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning)
    .AddFilter("NewMediaCms.Inspection", LogLevel.Information));
// NMC_BENCH_ASOF=2026-11-27T08:03:44Z pins the check time, so that runs at different times of day on the same data are
// comparable finding for finding (the windows of 14/30/90 days move with the clock otherwise).
var asOf = Environment.GetEnvironmentVariable("NMC_BENCH_ASOF") is { Length: > 0 } pinned
    ? DateTimeOffset.Parse(pinned, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal)
    : (DateTimeOffset?)null;
if (asOf is { } at)
{
    services.AddSingleton<TimeProvider>(new FixedClock(at));
}
services.AddStore(config, dir);
services.AddTenancy();
services.AddAccounts();
services.AddContent();
services.AddEditorial();   // review-chain evidence for NM-D13
// The bench's model holds only the capabilities above; the schema comes from the full migrations, so the "pending model
// changes" check (the model differs from the migrations' snapshot by the capabilities left out) does not apply.
services.ConfigureDbContext<NmcDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
services.AddInspection();
services.AddInteraction();   // citizen messages for NM-D10, WEB-V04, NM-V07
await using var provider = services.BuildServiceProvider();

if (args[0] == "generate")
{
    var accounts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
    var posts = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000_000;
    var messages = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 100_000;
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
    if (postgres)
    {
        await db.Database.EnsureDeletedAsync();
    }
    else
    {
        File.Delete(Path.Combine(dir, "newmediacms.db"));
    }
    await db.Database.MigrateAsync();
    var sw = Stopwatch.StartNew();
    await GenerateAsync(db, accounts, posts, postgres, messages);
    Console.WriteLine($"generated {accounts} accounts, {posts} posts, {messages} messages in {sw.Elapsed.TotalSeconds:0.0} s on {(postgres ? "PostgreSQL" : "SQLite")}");
    if (postgres)
    {
        // What autovacuum would do shortly after a bulk load: statistics for the planner.
        await db.Database.ExecuteSqlRawAsync("ANALYZE");
    }
    return 0;
}

if (args[0] == "migrate")
{
    // A store generated before the latest migrations (e.g. the inspection's covering indexes): bring it up to date once,
    // outside the measured run.
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
    var sw = Stopwatch.StartNew();
    var pending = (await db.Database.GetPendingMigrationsAsync()).ToList();
    await db.Database.MigrateAsync();
    if (postgres)
    {
        await db.Database.ExecuteSqlRawAsync("VACUUM ANALYZE");
    }
    Console.WriteLine($"applied {pending.Count} migrations ({string.Join(", ", pending)}) in {sw.Elapsed.TotalSeconds:0.0} s");
    return 0;
}

if (args[0] == "phases")
{
    // Where the time goes: each phase of a run timed on its own (nothing is stored).
    await using var scope = provider.CreateAsyncScope();
    var sp = scope.ServiceProvider;
    var now = sp.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
    using var self = Process.GetCurrentProcess();
    var cpu = TimeSpan.Zero;   // the first phase includes the process start-up (runtime, JIT, DI, EF model)
    // Process CPU of the phase (user + system), the figure that load inflates least.
    string Cpu()
    {
        self.Refresh();
        var spent = self.TotalProcessorTime - cpu;
        cpu = self.TotalProcessorTime;
        return $"CPU {spent.TotalSeconds:0.00} s";
    }
    var sw = Stopwatch.StartNew();
    var settings = await sp.GetRequiredService<InspectionSettingsStore>().GetAsync(CancellationToken.None);
    var calendar = sp.GetRequiredService<CalendarProvider>().Get(settings);
    Console.WriteLine($"start-up, settings + calendar (first query builds the EF model) {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()}");
    sw.Restart();
    var evidence = await sp.GetRequiredService<NewMediaCms.Core.Inspection.IReviewChainEvidence>().PublishedWithoutFullReviewAsync(now.AddDays(-90), now, CancellationToken.None);
    Console.WriteLine($"review-chain evidence alone {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()} ({evidence.Count} posts short of their chain)");
    sw.Restart();
    var interaction = await sp.GetRequiredService<NewMediaCms.Core.Inspection.IInteractionEvidence>().CollectAsync(
        NewMediaCms.Inspection.Rules.MessageDeadlines.Query(now, settings, sp.GetRequiredService<NewMediaCms.Inspection.Rules.RuleCatalog>(), calendar,
            NewMediaCms.Core.Tenancy.TenantClock.FindZone(settings.TimeZoneId)), CancellationToken.None);
    Console.WriteLine($"message aggregates alone {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()} ({interaction.Boxes.Count} message boxes, {interaction.Boxes.Sum(b => b.Open)} open messages)");
    sw.Restart();
    var postings = await sp.GetRequiredService<SnapshotBuilder>().PostingAggregatesAsync(
        new PostingWindows(now.AddMinutes(5), now.AddDays(-14), now.AddDays(-30), now.AddDays(-90), now.AddDays(-30)), "\"repostOf\"", CancellationToken.None);
    Console.WriteLine($"posting aggregates alone {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()} ({postings.Count} groups)");
    sw.Restart();
    var snapshot = await sp.GetRequiredService<SnapshotBuilder>().BuildAsync(now, settings, calendar, CancellationToken.None);
    Console.WriteLine($"snapshot (incl. evidence) {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()}");
    sw.Restart();
    var result = sp.GetRequiredService<NewMediaCms.Inspection.Rules.InspectionEngine>().Evaluate(snapshot, settings);
    Console.WriteLine($"rules + scoring {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()} ({result.Findings.Count} findings)");
    // Each enabled rule on its own (the same snapshot again), the slowest first.
    var perRule = new List<(string Id, double Ms, int Count)>();
    foreach (var rule in sp.GetRequiredService<NewMediaCms.Inspection.Rules.RuleCatalog>().All)
    {
        var rs = settings.For(rule);
        if (!rs.Enabled || rule.MissingData(snapshot) is not null)
        {
            continue;
        }
        var one = Stopwatch.StartNew();
        var count = rule.Evaluate(snapshot, rs, settings).Count();
        perRule.Add((rule.Id, one.Elapsed.TotalMilliseconds, count));
    }
    Console.WriteLine("  per rule (ms, findings): " + string.Join(", ", perRule.OrderByDescending(r => r.Ms).Select(r => $"{r.Id} {r.Ms:0} ({r.Count})")));
    Cpu();
    // Storing: the bulk path with rows shaped as the runner's, in a transaction that is rolled back (nothing is kept).
    sw.Restart();
    var db = sp.GetRequiredService<NmcDbContext>();
    await using (var transaction = await db.Database.BeginTransactionAsync())
    {
        var run = new InspectionRun { StartedUtc = now, AsOfUtc = now, TriggeredBy = "phases" };
        db.Add(run);
        await db.SaveChangesAsync();
        var rows = snapshot.Accounts.Select(a => new InspectionAccountResult
        {
            RunId = run.Id, AccountId = a.Id, TenantId = a.TenantId, DepartmentName = a.TenantId, AccountName = a.Name, Platform = a.Platform, Kind = a.Kind,
            State = a.State, LastPostUtc = a.LastPostUtc, Posts14 = a.Posts14, Posts30 = a.Posts30, Posts90 = a.Posts90, RulesBroken = "",
        });
        var findings = result.Findings.Select(f => new InspectionFinding
        {
            RunId = run.Id, RuleId = f.RuleId, Severity = f.Severity, TenantId = f.TenantId, AccountId = f.AccountId, Points = f.Points, Message = f.Message,
            Threshold = f.Threshold, EvidenceJson = System.Text.Json.JsonSerializer.Serialize(f.Evidence, NewMediaCms.Inspection.Rules.InspectionSettings.EvidenceJson), Task = f.Task,
        });
        await RunRowWriter.WriteAsync(db, rows, findings, CancellationToken.None);
        await transaction.RollbackAsync();
    }
    Console.WriteLine($"storing the run's rows (bulk path, rolled back) {sw.Elapsed.TotalSeconds:0.00} s, {Cpu()}");
    Console.WriteLine($"process CPU {self.TotalProcessorTime.TotalSeconds:0.0} s, peak working set {self.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB");
    return 0;
}

// inspect <dir> [runs]: first what the application does when it starts (SetupService applies the migrations: the EF Core
// model is built there), then the runs. Run 1 is the first inspection of a freshly started application (it pays for
// compiling the inspection's queries and the JIT of its code); later runs are what the daily job costs in an application
// that has run one before.
var runs = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1;
using var process = Process.GetCurrentProcess();
var appStart = Stopwatch.StartNew();
await using (var startScope = provider.CreateAsyncScope())
{
    await startScope.ServiceProvider.GetRequiredService<NmcDbContext>().Database.MigrateAsync();
}
Console.WriteLine($"application start-up as the app does it (migrations checked, nothing to apply; EF Core model built): {appStart.Elapsed.TotalSeconds:0.00} s");
var startUp = (DateTime.Now - process.StartTime).TotalSeconds;
for (var r = 1; r <= runs; r++)
{
    process.Refresh();
    var cpuBefore = process.TotalProcessorTime;
    var sw = Stopwatch.StartNew();
    await using var scope = provider.CreateAsyncScope();
    var runner = scope.ServiceProvider.GetRequiredService<InspectionRunner>();
    var run = await runner.RunAsync("benchmark", CancellationToken.None);
    sw.Stop();
    process.Refresh();
    Console.WriteLine($"store {(postgres ? "PostgreSQL" : "SQLite")}; run {run.Id}: {run.State} {run.Error}");
    Console.WriteLine($"accounts {run.Accounts}, inspected {run.Inspected}, findings {run.FindingCount}, vetoed {run.Vetoed}, dormant {run.Dormant}, zombie {run.Zombie}");
    Console.WriteLine($"inspection {r} of {runs} in this process: wall time {sw.Elapsed.TotalSeconds:0.00} s, process CPU {(process.TotalProcessorTime - cpuBefore).TotalSeconds:0.0} s "
        + $"(as of {run.AsOfUtc:yyyy-MM-dd HH:mm:ss} UTC{(asOf is null ? "" : ", pinned")}{(r == 1 ? $"; process and application start-up before it {startUp:0.00} s" : "")})");
    var gc = GC.GetGCMemoryInfo(GCKind.Any);
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB, managed heap after run {GC.GetTotalMemory(false) / 1024.0 / 1024.0:0} MB, "
        + $"largest GC heap seen {gc.HeapSizeBytes / 1024.0 / 1024.0:0} MB (last GC), total allocated {GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0:0} MB, process CPU {process.TotalProcessorTime.TotalSeconds:0.0} s");
    if (run.State != RunState.Succeeded)
    {
        return 1;
    }
}
return 0;

static async Task GenerateAsync(NmcDbContext db, int accountCount, int postCount, bool postgres, int messageCount)
{
    var now = DateTime.UtcNow;
    var random = new Random(20261127);
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    Bulk bulk = postgres ? new PostgresBulk((NpgsqlConnection)connection) : new SqliteBulk(connection);
    await bulk.BeginAsync();
    var departments = Math.Max(1, accountCount / 50);
    await bulk.WriteAsync("Tenants", ["Id", "DisplayName", "Prefix", "Hosts", "ParentId", "State", "Theme", "IsPortal", "TimeZoneId", "SortOrder", "Description", "CreatedUtc", "UpdatedUtc"],
        Enumerable.Range(0, departments + 1).Select(d => new object?[]
        {
            d == 0 ? "portal" : $"d{d}", d == 0 ? "基准县人民政府" : $"基准县第{d}局", d == 0 ? null : $"d{d}", "", d == 0 ? null : "portal", "Running", "department", d == 0, "Asia/Shanghai", d, "", now, now,
        }));
    var platforms = Enum.GetNames<Platform>();
    await bulk.WriteAsync("Accounts", ["Id", "TenantId", "Platform", "Kind", "Name", "OperatingUnit", "SupervisingUnit", "Description", "IsMain", "State", "MergedIntoAccountId", "FilingNumber", "ResponsiblePerson", "Contact", "OpenedOn", "FiledOn", "CreatedUtc", "UpdatedUtc"],
        Enumerable.Range(0, accountCount).Select(a =>
        {
            var d = a % departments + 1;
            var opened = DateOnly.FromDateTime(now.AddDays(-random.Next(30, 2000)));
            return new object?[]
            {
                $"a{a}", $"d{d}", platforms[a % platforms.Length], a % 13 == 0 ? "Service" : "Publishing", a % 97 == 0 ? "小喇叭" : $"基准第{d}局{a}", $"基准县第{d}局", "", "", false,
                a % 101 == 0 ? "Closed" : "Active", null, a % 37 == 0 ? "" : $"F-{a}", "", "", opened, opened.AddDays(3), now, now,
            };
        }));
    // One item and one published version per post. The same random sequence feeds both tables: posts are generated once.
    string[] types = ["news", "notice", "policy", "interpretation", "guide"];
    var posts = new (string Tenant, string Type, string Account, DateTime Published, string Fields)[postCount];
    for (var p = 0; p < postCount; p++)
    {
        // Skewed activity: a tenth of the accounts never post, others post over the last 400 days.
        var a = random.Next(accountCount);
        if (a % 10 == 7)
        {
            a = (a + 1) % accountCount;
        }
        var d = a % departments + 1;
        var age = a % 17 == 0 ? random.Next(15, 400) : random.Next(0, 120);
        var published = now.AddDays(-age).AddMinutes(-random.Next(0, 1440));
        if (p % 200_000 == 0)
        {
            published = now.AddDays(2);   // a few faked future dates
        }
        var type = types[p % 20 == 0 ? 2 + p % 3 : p % 2];
        var fields = type switch
        {
            "guide" => """{"name":"事项","basis":"依据","conditions":"条件","materials":"材料","location":"地点","agency":"机构","hours":"时间","phone":"电话","process":"流程"}""",
            "policy" => $$"""{"interpretations":["i{{p}}"]}""",
            _ => p % 5 == 0 ? """{"repostOf":"上级"}""" : "{}",
        };
        posts[p] = ($"d{d}", type, $"a{a}", published, fields);
    }
    await bulk.WriteAsync("ContentItems", ["Id", "TenantId", "ContentType", "AccountId", "Owner", "CreatedUtc", "Deleted"],
        posts.Select((x, p) => new object?[] { $"p{p}", x.Tenant, x.Type, x.Account, "bench", x.Published, false }));
    // The item's account, type and deletion are copied onto its versions (as the store's save does).
    await bulk.WriteAsync("ContentVersions", ["ContentItemId", "TenantId", "AccountId", "ContentType", "ItemDeleted", "Number", "Latest", "Published", "Title", "Markdown", "FieldsJson", "RenderedHtml", "Summary", "ContentHash", "PublishedUtc", "CreatedUtc", "ItemCreatedUtc", "UpdatedUtc", "Author"],
        posts.Select((x, p) => new object?[] { $"p{p}", x.Tenant, x.Account, x.Type, false, 1, true, true, $"基准信息 {p}", "正文", x.Fields, "<p>正文</p>", "正文", "", x.Published, x.Published, x.Published, x.Published, "bench" }));

    // Review records (NM-D13), as the editorial path leaves them: every 4th department has a 1-level chain of its own,
    // the others the default 三审. Every 1,000th post has no review record (imported), every 997th lacks its last level.
    await bulk.WriteAsync("ReviewChains", ["TenantId", "LevelsJson", "UpdatedUtc", "UpdatedBy"],
        Enumerable.Range(1, departments).Where(d => d % 4 == 0).Select(d => new object?[]
        {
            $"d{d}", """[{"level":1,"name":"审核","role":"Reviewer","users":[]}]""", now.AddDays(-800), "bench",
        }));
    var (firstId, lastId) = await bulk.VersionIdRangeAsync();
    if (firstId != 1 || lastId != postCount)
    {
        throw new InvalidOperationException($"version ids {firstId}..{lastId}: expected 1..{postCount} on a fresh store");
    }
    int LevelsOf(string tenant) => int.Parse(tenant.AsSpan(1), CultureInfo.InvariantCulture) % 4 == 0 ? 1 : 3;
    await bulk.WriteAsync("VersionReviews", ["VersionId", "TenantId", "ContentItemId", "State", "Contributors", "SubmittedBy", "SubmittedUtc", "SubmittedHash", "UpdatedUtc", "UpdatedBy"],
        posts.Select((x, p) => (x, p)).Where(t => t.p % 1000 != 999).Select(t => new object?[]
        {
            (long)t.p + 1, t.x.Tenant, $"p{t.p}", "Published", "bench", "bench", t.x.Published.AddHours(-3), "", t.x.Published, "bench",
        }));
    await bulk.WriteAsync("ReviewApprovals", ["TenantId", "VersionId", "ContentItemId", "Level", "LevelName", "UserName", "ApprovedUtc", "ContentHash", "Voided"],
        posts.Select((x, p) => (x, p)).Where(t => t.p % 1000 != 999).SelectMany(t =>
            Enumerable.Range(1, LevelsOf(t.x.Tenant) - (t.p % 997 == 0 ? 1 : 0)).Select(level => new object?[]
            {
                t.x.Tenant, (long)t.p + 1, $"p{t.p}", level, $"第{level}级", $"reviewer{level}", t.x.Published.AddHours(-3 + level), "", false,
            })));

    // Citizen messages (NM-D10, WEB-V04, NM-V07), received over the last 400 days; a fifth go to the department itself.
    // Of the older ones, most are answered within 5 working days, some late (20-60 days), some marked not public, and some
    // stay open for weeks or months; the last week's are mostly still open. Reply times use the real PRC calendar.
    var replyClock = new ReplyClock(NewMediaCms.Inspection.Calendars.WorkingCalendarLoader.Load(NewMediaCms.Inspection.Calendars.WorkingCalendarLoader.DefaultFolder, "cn"),
        TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"), now, 5, 15, 3);
    await bulk.WriteAsync("CitizenMessages", ["TenantId", "AccountId", "Name", "Contact", "Subject", "Body", "Status", "QueryCodeHash", "ReceivedUtc",
            "Reply", "RepliedUtc", "RepliedBy", "ReplyWorkingDays", "NotPublicReason", "ClosedUtc", "ClosedBy", "Revision"],
        Enumerable.Range(0, messageCount).Select(i =>
        {
            var a = random.Next(accountCount);
            var d = a % departments + 1;
            var received = now.AddDays(-random.Next(0, 400)).AddMinutes(-random.Next(0, 1440));
            var kind = random.Next(100);
            var recent = received > now.AddDays(-7);
            var status = recent ? (kind < 70 ? "Open" : "Answered") : kind < 80 ? "Answered" : kind < 85 ? "NotPublic" : "Open";
            DateTime? replied = status == "Answered" ? received.AddDays(kind < 68 ? random.Next(0, 7) : random.Next(20, 60)).AddMinutes(random.Next(0, 600)) : null;
            if (replied > now)
            {
                replied = now;
            }
            DateTime? closed = status == "NotPublic" ? received.AddDays(random.Next(0, 5)) : replied;
            return new object?[]
            {
                $"d{d}", i % 5 == 0 ? null : $"a{a}", i % 3 == 0 ? null : "网友", i % 2 == 0 ? "13800000000" : null, $"基准留言 {i}", "留言内容，请尽快答复。", status,
                $"bench-{i}", received, replied is null ? null : "已答复。", replied, replied is null ? null : "bench",
                replied is { } r ? replyClock.WorkingDaysTaken(received, r) : null, status == "NotPublic" ? "广告" : null, closed, closed is null ? null : "bench", 0,
            };
        }));
    await bulk.CommitAsync();
}

/// <summary>A clock stopped at the pinned check time (NMC_BENCH_ASOF).</summary>
internal sealed class FixedClock(DateTimeOffset at) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => at;
}

internal abstract class Bulk
{
    public abstract Task BeginAsync();

    public abstract Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows);

    public abstract Task CommitAsync();

    public abstract Task<(long First, long Last)> VersionIdRangeAsync();
}

/// <summary>SQLite: one transaction, one prepared INSERT per table (values as EF Core's SQLite provider stores them).</summary>
internal sealed class SqliteBulk(DbConnection connection) : Bulk
{
    private DbTransaction? tx;

    public override async Task BeginAsync()
    {
        await using (var pragma = connection.CreateCommand())
        {
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }
        tx = await connection.BeginTransactionAsync();
    }

    public override async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = $"INSERT INTO {table} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", columns.Select(c => "$" + c))})";
        foreach (var c in columns)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "$" + c;
            cmd.Parameters.Add(p);
        }
        cmd.Prepare();
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                cmd.Parameters[i].Value = row[i] switch
                {
                    null => DBNull.Value,
                    DateTime d => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
                    DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    bool b => b ? 1 : 0,
                    var v => v,
                };
            }
            await cmd.ExecuteNonQueryAsync();
        }
    }

    public override Task CommitAsync() => tx!.CommitAsync();

    public override async Task<(long First, long Last)> VersionIdRangeAsync()
    {
        await using var cmd = connection.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = "SELECT MIN(Id), MAX(Id) FROM ContentVersions";
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}

/// <summary>PostgreSQL: binary COPY per table.</summary>
internal sealed class PostgresBulk(NpgsqlConnection connection) : Bulk
{
    public override Task BeginAsync() => Task.CompletedTask;

    public override async Task WriteAsync(string table, string[] columns, IEnumerable<object?[]> rows)
    {
        await using var copy = await connection.BeginBinaryImportAsync($"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c}\""))}) FROM STDIN (FORMAT BINARY)");
        foreach (var row in rows)
        {
            await copy.StartRowAsync();
            foreach (var value in row)
            {
                switch (value)
                {
                    case null: await copy.WriteNullAsync(); break;
                    case string v: await copy.WriteAsync(v, NpgsqlDbType.Varchar); break;
                    case bool v: await copy.WriteAsync(v, NpgsqlDbType.Boolean); break;
                    case int v: await copy.WriteAsync(v, NpgsqlDbType.Integer); break;
                    case long v: await copy.WriteAsync(v, NpgsqlDbType.Bigint); break;
                    case DateTime v: await copy.WriteAsync(v, NpgsqlDbType.TimestampTz); break;
                    case DateOnly v: await copy.WriteAsync(v, NpgsqlDbType.Date); break;
                    default: throw new InvalidOperationException($"unexpected value {value.GetType()}");
                }
            }
        }
        await copy.CompleteAsync();
    }

    public override Task CommitAsync() => Task.CompletedTask;

    public override async Task<(long First, long Last)> VersionIdRangeAsync()
    {
        await using var cmd = new NpgsqlCommand("SELECT MIN(\"Id\"), MAX(\"Id\") FROM \"ContentVersions\"", connection);
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }
}
