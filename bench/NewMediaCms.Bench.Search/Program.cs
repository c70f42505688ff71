using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.Data.Sqlite;
using NewMediaCms.Search;
using NewMediaCms.Search.Lucene;

// Search benchmark (not a test): N Chinese notices across D departments, indexed by the embedded Lucene provider,
// queried portal-wide and per department; the same queries as SQL LIKE over SQLite are the baseline.
// Usage: dotnet run -c Release --project bench/NewMediaCms.Bench.Search -- [--count 1000000] [--departments 100] [--dir /tmp/nmc-bench] [--like-runs 3]
//        [--lucene-runs 50] [--reuse [--queries-only]] [--profile] [--per-query]
var count = Arg("--count", 1_000_000);
var departments = Arg("--departments", 100);
var likeRuns = Arg("--like-runs", 3);
var luceneRuns = Arg("--lucene-runs", 50);
var dir = ArgS("--dir", Path.Combine(Path.GetTempPath(), "nmc-bench-search"));
// --reuse: keep the database and index a previous run of the same size built (re-measure queries only).
var reuse = args.Contains("--reuse");
string[] queries = ["防汛", "疫苗接种", "人民", "公开招聘", "营商环境", "安全生产", "乡村振兴", "医保", "交通管制", "消防"];
if (args.Contains("--profile"))
{
    // Where the time of a query goes, per query shape, on the index a previous run built (process / thread CPU time).
    await Profile.RunAsync(Path.Combine(dir, "lucene"), queries, luceneRuns);
    return;
}
if (Directory.Exists(dir) && !reuse)
{
    Directory.Delete(dir, true);
}
Directory.CreateDirectory(dir);
var output = new StringBuilder();
void Say(string line)
{
    Console.WriteLine(line);
    output.AppendLine(line);
}

Say($"# Search benchmark: {count:N0} notices, {departments} departments, {Environment.ProcessorCount} cores, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, load average {File.ReadAllText("/proc/loadavg").Trim()}");
var tenants = Enumerable.Range(1, departments).Select(i => $"dept{i:D3}").ToList();

// 1. The database: what a plain CMS would query with LIKE.
var dbPath = Path.Combine(dir, "notices.db");
var sw = Stopwatch.StartNew();
if (!reuse)
{
using (var connection = new SqliteConnection($"Data Source={dbPath}"))
{
    connection.Open();
    Exec(connection, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;");
    Exec(connection, "CREATE TABLE notices (id TEXT PRIMARY KEY, tenant TEXT NOT NULL, type TEXT NOT NULL, title TEXT NOT NULL, body TEXT NOT NULL, published INTEGER NOT NULL);");
    using var tx = connection.BeginTransaction();
    using var insert = connection.CreateCommand();
    insert.CommandText = "INSERT INTO notices VALUES ($id, $tenant, $type, $title, $body, $published)";
    var pId = insert.Parameters.Add("$id", SqliteType.Text);
    var pTenant = insert.Parameters.Add("$tenant", SqliteType.Text);
    var pType = insert.Parameters.Add("$type", SqliteType.Text);
    var pTitle = insert.Parameters.Add("$title", SqliteType.Text);
    var pBody = insert.Parameters.Add("$body", SqliteType.Text);
    var pPublished = insert.Parameters.Add("$published", SqliteType.Integer);
    foreach (var d in Notices.Generate(count, tenants))
    {
        pId.Value = d.ContentItemId;
        pTenant.Value = d.TenantId;
        pType.Value = d.ContentType;
        pTitle.Value = d.Title;
        pBody.Value = d.Body;
        pPublished.Value = d.PublishedUtc.Ticks;
        insert.ExecuteNonQuery();
    }
    tx.Commit();
    Exec(connection, "CREATE INDEX ix_tenant_published ON notices (tenant, published); CREATE INDEX ix_published ON notices (published);");
}
Say($"- SQLite load: {count:N0} rows in {sw.Elapsed.TotalSeconds:F1} s");
}

// 2. Lucene: the rebuild path (bulk) and the outbox path (batches of 500 with version checks, committed each batch).
using var index = new LuceneSearchIndex(Path.Combine(dir, "lucene"));
if (reuse && index.RebuildRequired)
{
    Console.Error.WriteLine($"the index in {dir} is not of the current layout (refused): build it again without --reuse");
    return;
}
if (!reuse)
{
    sw.Restart();
    await index.RebuildAsync(ToAsync(Notices.Generate(count, tenants)), count, tenants, null, CancellationToken.None);
    var rebuildSeconds = sw.Elapsed.TotalSeconds;
    Say($"- Lucene bulk indexing (rebuild): {count:N0} docs in {rebuildSeconds:F1} s = **{count / rebuildSeconds:N0} docs/s**");
}
else
{
    Say("- (--reuse: database and index of the previous run of this size, not rebuilt)");
}
// --queries-only (with --reuse): skip the incremental indexing too.
if (!args.Contains("--queries-only"))
{
    var incremental = Math.Min(20_000, count);
    sw.Restart();
    foreach (var batch in Notices.Generate(incremental, tenants, seed: 7, idPrefix: "inc").Chunk(500))
    {
        await index.WriteAsync(batch, CancellationToken.None);
    }
    var incSeconds = sw.Elapsed.TotalSeconds;
    Say($"- Lucene incremental indexing (outbox path, batches of 500, commit per batch): {incremental:N0} docs in {incSeconds:F1} s = **{incremental / incSeconds:N0} docs/s**");
}
Say($"- Lucene index size on disk: {DirSize(Path.Combine(dir, "lucene")) / 1024.0 / 1024.0:N0} MB");

// 3. Queries.
Say("");
Say($"Queries: {string.Join("、", queries)} (page 1, 10 per page, with total count). Lucene: {luceneRuns} runs per query after a warm-up of every query (at least 3 rounds and 5 s); LIKE: {likeRuns} runs per query.");
Say("");
Say("| query kind | engine | p50 ms | p95 ms | p50 CPU ms | p95 CPU ms | mean hits |");
Say("|---|---|---:|---:|---:|---:|---:|");
// Warm-up: a server answers queries with tier-1 (optimised) code; the first few hundred calls run tier-0 code, and on a
// loaded machine the background JIT takes longer to replace it. Every query in both scopes, at least 3 rounds and 5 s.
var warmup = Stopwatch.StartNew();
for (var round = 0; round < 3 || warmup.Elapsed < TimeSpan.FromSeconds(5); round++)
{
    foreach (var q in queries)
    {
        await index.SearchAsync(new SearchQuery { Text = q, Scope = SearchScope.Portal, ExcludedTenants = ["dept100"] }, CancellationToken.None);
        await index.SearchAsync(new SearchQuery { Text = q, Scope = SearchScope.Department, TenantId = "dept042", ExcludedTenants = ["dept100"] }, CancellationToken.None);
    }
}
var portalLucene = await TimeLucene(null);
var deptLucene = await TimeLucene("dept042");
var portalLike = TimeLike(null);
var deptLike = TimeLike("dept042");
Row("portal-wide, relevance", "Lucene", portalLucene);
Row("portal-wide, newest first", "SQL LIKE (SQLite)", portalLike);
Row("one department, relevance", "Lucene", deptLucene);
Row("one department, newest first", "SQL LIKE (SQLite)", deptLike);
Say("");
Say($"Portal p95: LIKE / Lucene = {portalLike.P95 / portalLucene.P95:N1}x (CPU time: {portalLike.CpuP95 / portalLucene.CpuP95:N1}x); "
    + $"department p95: LIKE / Lucene = {deptLike.P95 / deptLucene.P95:N1}x (CPU time: {deptLike.CpuP95 / deptLucene.CpuP95:N1}x)");
Say($"Load average at the end: {File.ReadAllText("/proc/loadavg").Trim()}");
File.WriteAllText(Path.Combine(dir, "results.md"), output.ToString());
Console.WriteLine($"(written to {Path.Combine(dir, "results.md")})");
return;

void Row(string kind, string engine, Timing t) => Say($"| {kind} | {engine} | {t.P50:F1} | {t.P95:F1} | {t.CpuP50:F1} | {t.CpuP95:F1} | {t.MeanHits:N0} |");

async Task<Timing> TimeLucene(string? tenant)
{
    var times = new List<double>();
    var cpu = new List<double>();
    long hits = 0;
    foreach (var q in queries)
    {
        var query = new SearchQuery
        {
            Text = q,
            Scope = tenant is null ? SearchScope.Portal : SearchScope.Department,
            TenantId = tenant,
            ExcludedTenants = ["dept100"],
        };
        await index.SearchAsync(query, CancellationToken.None);
        var first = times.Count;
        for (var i = 0; i < luceneRuns; i++)
        {
            // The embedded search runs the segments of a query on pool threads: the process CPU time is the query's cost
            // (the bench does nothing else meanwhile; GC threads included).
            var c = Profile.ProcessCpuMs();
            var w = Stopwatch.StartNew();
            var r = await index.SearchAsync(query, CancellationToken.None);
            times.Add(w.Elapsed.TotalMilliseconds);
            cpu.Add(Profile.ProcessCpuMs() - c);
            hits += r.Total;
        }
        if (args.Contains("--per-query"))
        {
            var w = times.Skip(first).Order().ToList();
            var p = cpu.Skip(first).Order().ToList();
            Console.WriteLine($"  {(tenant is null ? "portal" : tenant)} {q}: wall p50 {w[w.Count / 2]:F1} max {w[^1]:F1} ms; process CPU p50 {p[p.Count / 2]:F1} max {p[^1]:F1} ms");
        }
    }
    return Timing.Of(times, cpu, hits / (double)times.Count);
}

Timing TimeLike(string? tenant)
{
    using var connection = new SqliteConnection($"Data Source={dbPath};Mode=ReadOnly");
    connection.Open();
    var times = new List<double>();
    var cpu = new List<double>();
    long hits = 0;
    foreach (var q in queries)
    {
        for (var i = 0; i < likeRuns; i++)
        {
            var c = Profile.ProcessCpuMs();
            var w = Stopwatch.StartNew();
            var where = "(title LIKE $q OR body LIKE $q)" + (tenant is null ? "" : " AND tenant = $t");
            using var countCmd = connection.CreateCommand();
            countCmd.CommandText = $"SELECT COUNT(*) FROM notices WHERE {where}";
            countCmd.Parameters.AddWithValue("$q", "%" + q + "%");
            countCmd.Parameters.AddWithValue("$t", tenant ?? "");
            var total = (long)countCmd.ExecuteScalar()!;
            using var page = connection.CreateCommand();
            page.CommandText = $"SELECT id, title FROM notices WHERE {where} ORDER BY published DESC LIMIT 10";
            page.Parameters.AddWithValue("$q", "%" + q + "%");
            page.Parameters.AddWithValue("$t", tenant ?? "");
            using (var reader = page.ExecuteReader())
            {
                while (reader.Read())
                {
                }
            }
            times.Add(w.Elapsed.TotalMilliseconds);
            cpu.Add(Profile.ProcessCpuMs() - c);
            hits += total;
        }
    }
    return Timing.Of(times, cpu, hits / (double)times.Count);
}

static void Exec(SqliteConnection c, string sql)
{
    using var cmd = c.CreateCommand();
    cmd.CommandText = sql;
    cmd.ExecuteNonQuery();
}

static long DirSize(string path) => new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

static async IAsyncEnumerable<SearchDocument> ToAsync(IEnumerable<SearchDocument> source, [EnumeratorCancellation] CancellationToken ct = default)
{
    foreach (var d in source)
    {
        ct.ThrowIfCancellationRequested();
        yield return d;
    }
    await Task.CompletedTask;
}

int Arg(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

string ArgS(string name, string fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
}

/// <summary>Wall-clock and process-CPU percentiles (CPU time is what a loaded machine does not inflate much).</summary>
internal sealed record Timing(double P50, double P95, double CpuP50, double CpuP95, double MeanHits)
{
    public static Timing Of(List<double> times, List<double> cpu, double meanHits)
    {
        times.Sort();
        cpu.Sort();
        static double P(List<double> values, double p) => values[Math.Min(values.Count - 1, (int)Math.Ceiling(p * values.Count) - 1)];
        return new Timing(P(times, 0.50), P(times, 0.95), P(cpu, 0.50), P(cpu, 0.95), meanHits);
    }
}

/// <summary>Deterministic generator of plausible county-government notices.</summary>
internal static class Notices
{
    private static readonly string[] Topics =
    [
        "防汛抗旱", "疫苗接种", "公开招聘", "营商环境", "安全生产", "乡村振兴", "医保缴费", "交通管制", "消防安全", "垃圾分类",
        "义务教育招生", "农村低保", "高温补贴", "就业创业", "燃气安全", "文明城市创建", "秸秆禁烧", "森林防火", "食品安全", "老旧小区改造",
    ];

    private static readonly string[] Sentences =
    [
        "为深入贯彻落实中华人民共和国有关法律法规，切实保障人民群众生命财产安全，现将有关事项通知如下。",
        "各乡镇人民政府、县直各有关单位要高度重视，加强组织领导，明确责任分工，确保各项工作落到实处。",
        "请广大市民朋友相互转告，积极配合，如有疑问可拨打政务服务便民热线咨询。",
        "本次工作自发布之日起实施，具体安排以后续通知为准。",
        "县政府办公室将会同有关部门开展督导检查，对工作不力的单位予以通报。",
        "符合条件的群众可携带身份证、户口簿等材料到政务服务中心窗口办理。",
        "各单位要认真梳理排查风险隐患，建立台账，限期整改到位。",
        "进一步优化办事流程，压缩办理时限，推行一网通办、最多跑一次。",
        "对在工作中表现突出的集体和个人给予通报表扬。",
        "请于规定时间内将工作总结报送县政府办公室，逾期未报的视为未完成。",
    ];

    public static IEnumerable<SearchDocument> Generate(int count, IReadOnlyList<string> tenants, int seed = 42, string idPrefix = "n")
    {
        var random = new Random(seed);
        var start = new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var tenant = tenants[random.Next(tenants.Count)];
            var topic = Topics[random.Next(Topics.Length)];
            var title = $"关于做好{random.Next(2020, 2027)}年{topic}工作的通知";
            sb.Clear();
            var n = 3 + random.Next(3);
            for (var s = 0; s < n; s++)
            {
                sb.Append(Sentences[random.Next(Sentences.Length)]);
            }
            sb.Append(topic).Append("工作由").Append(tenant).Append("负责。");
            yield return new SearchDocument(tenant, $"{idPrefix}{i}", 1, true, "notice", tenant + "-site", title, "", sb.ToString(),
                start.AddMinutes(random.Next(0, 60 * 24 * 365 * 6)));
        }
    }
}
