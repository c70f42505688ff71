// Content-safety benchmark (not a test). Commands (from the repository root):
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Safety -- corpus     writes corpus/safety-corpus.jsonl (the labelled corpus)
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Safety -- quality    precision/recall per tier on the corpus + false positives on the demo county's notices
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Safety -- gate [dir] the gate's time on a 10,000-character notice (p50/p95, SQLite store)
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Safety -- scan [dir] [notices=1000000]   generate notices in a SQLite store, then time the stored-content scan
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Bench.Safety;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Safety;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Safety;
using NewMediaCms.Safety.Detection;
using NewMediaCms.Safety.Dictionaries;
using NewMediaCms.Safety.Scan;
using NewMediaCms.Tenancy;

var root = FindRoot();
var corpusPath = Path.Combine(root, "bench", "NewMediaCms.Bench.Safety", "corpus", "safety-corpus.jsonl");
switch (args.FirstOrDefault())
{
    case "corpus":
    {
        var samples = Corpus.Build();
        await File.WriteAllLinesAsync(corpusPath, samples.Select(s => JsonSerializer.Serialize(s, Corpus.Json)));
        Console.WriteLine($"wrote {samples.Count} samples ({samples.Sum(s => s.Expect.Count)} expected findings) to {corpusPath}");
        return 0;
    }
    case "quality":
        return Quality(root, corpusPath);
    case "gate":
        return await GateAsync(root, args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "nmc-safety-gate"));
    case "scan":
        return await ScanAsync(root, args.Length > 1 ? args[1] : Path.Combine(Path.GetTempPath(), "nmc-safety-scan"),
            args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1_000_000);
    default:
        Console.Error.WriteLine("用法：corpus | quality | gate [目录] | scan [目录] [通知数=1000000]");
        return 2;
}

static int Quality(string root, string corpusPath)
{
    var dictionary = new CompiledDictionary(DemoSnapshot(root));
    var engine = new SafetyEngine([]);
    var today = new DateOnly(2026, 12, 4);
    var samples = File.ReadAllLines(corpusPath).Select(l => JsonSerializer.Deserialize<Sample>(l, Corpus.Json)!).ToList();
    var tiers = new[] { "严重", "一般", "疑似" };
    var predicted = tiers.ToDictionary(t => t, _ => 0);
    var truePositive = tiers.ToDictionary(t => t, _ => 0);
    var expected = tiers.ToDictionary(t => t, _ => 0);
    var found = tiers.ToDictionary(t => t, _ => 0);
    var misses = new List<string>();
    foreach (var s in samples)
    {
        var findings = engine.Check(dictionary, [new SafetyText(s.Field, s.Text)], today);
        foreach (var f in findings)
        {
            var tier = SafetyTiers.DisplayName(f.Tier);
            predicted[tier]++;
            if (s.Expect.Any(e => e.Tier == tier && e.Start < f.Start + f.Length && f.Start < e.Start + e.Length))
            {
                truePositive[tier]++;
            }
            else
            {
                misses.Add($"  误报 {s.Id} [{s.Category}] {tier} {f.Detector} “{f.Matched}” in {s.Text}");
            }
        }
        foreach (var e in s.Expect)
        {
            expected[e.Tier]++;
            if (findings.Any(f => SafetyTiers.DisplayName(f.Tier) == e.Tier && e.Start < f.Start + f.Length && f.Start < e.Start + e.Length))
            {
                found[e.Tier]++;
            }
            else
            {
                misses.Add($"  漏报 {s.Id} [{s.Category}] {e.Tier} {e.Detector} “{s.Text.Substring(e.Start, e.Length)}” in {s.Text}");
            }
        }
    }
    Console.WriteLine($"corpus: {samples.Count} samples, {expected.Values.Sum()} expected findings, {samples.Count(s => s.Expect.Count == 0)} clean samples");
    Console.WriteLine("| tier | expected | found | recall | predicted | true positives | precision |");
    Console.WriteLine("|---|---|---|---|---|---|---|");
    foreach (var t in tiers)
    {
        Console.WriteLine($"| {t} | {expected[t]} | {found[t]} | {Ratio(found[t], expected[t])} | {predicted[t]} | {truePositive[t]} | {Ratio(truePositive[t], predicted[t])} |");
    }
    foreach (var m in misses)
    {
        Console.WriteLine(m);
    }

    // False positives on the demo county's published notices: every finding there is a false positive (the demo prose is clean).
    using var recipe = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "recipes", "demo-county.recipe.json")));
    var notices = recipe.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "content")
        .SelectMany(s => s.GetProperty("items").EnumerateArray()).Where(i => i.TryGetProperty("published", out _)).ToList();
    var flagged = 0;
    foreach (var n in notices)
    {
        var body = n.GetProperty("body").ValueKind == JsonValueKind.Array ? string.Join("\n", n.GetProperty("body").EnumerateArray().Select(l => l.GetString())) : n.GetProperty("body").GetString() ?? "";
        var texts = new List<SafetyText> { new("title", n.GetProperty("title").GetString() ?? ""), new("body", body) };
        if (n.TryGetProperty("fields", out var fields) && fields.ValueKind == JsonValueKind.Object)
        {
            texts.AddRange(fields.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.String).Select(f => new SafetyText("field:" + f.Name, f.Value.GetString()!)));
        }
        var findings = engine.Check(dictionary, texts, today);
        if (findings.Count > 0)
        {
            flagged++;
            foreach (var f in findings)
            {
                Console.WriteLine($"  demo {n.GetProperty("id").GetString()}: {SafetyTiers.DisplayName(f.Tier)} {f.Detector} “{f.Matched}” ({f.Field})");
            }
        }
    }
    Console.WriteLine($"demo county: {notices.Count} published notices, {flagged} with any finding: false-positive rate {(notices.Count == 0 ? 0 : 100.0 * flagged / notices.Count):0.00}%");
    return 0;
}

static async Task<int> GateAsync(string root, string dir)
{
    await using var provider = await StoreAsync(root, dir, fresh: true);
    var text = TenThousandCharacters(root);
    var input = new ContentSafetyInput("bench", "bench-1", 1, "hash", "关于做好2026年冬季安全生产工作的通知", text, new Dictionary<string, string> { ["summary"] = "做好冬季安全生产工作" });
    var times = new List<double>();
    for (var i = 0; i < 300; i++)
    {
        await using var scope = provider.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
        var gate = scope.ServiceProvider.GetRequiredService<IContentSafetyGate>();
        // A save has used its unit of work before the gate runs: open the context the way the save's own queries do (untimed).
        await scope.ServiceProvider.GetRequiredService<NmcDbContext>().Set<NewMediaCms.Safety.Gate.SafetyOverrideRecord>().AsNoTracking().AnyAsync();
        var sw = Stopwatch.StartNew();
        var verdict = await gate.CheckAsync(input, CancellationToken.None);
        sw.Stop();
        if (i >= 50)
        {
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        if (i == 0)
        {
            Console.WriteLine($"notice of {text.Length} characters: {verdict.Report.Findings.Count} findings (first check, with the dictionary compiled: {sw.Elapsed.TotalMilliseconds:0.0} ms)");
        }
    }
    times.Sort();
    {
        // Where the time goes: the detectors alone, the Markdown render alone, the dictionary version lookup alone.
        await using var scope = provider.CreateAsyncScope();
        var sp = scope.ServiceProvider;
        var check = sp.GetRequiredService<NewMediaCms.Safety.Detection.SafetyCheck>();
        var compiled = await check.CompiledAsync("bench", CancellationToken.None);
        var engine = sp.GetRequiredService<SafetyEngine>();
        var md = sp.GetRequiredService<NewMediaCms.Content.Markdown.MarkdownRenderer>();
        var dictionaries = sp.GetRequiredService<SafetyDictionaries>();
        double Median(Func<Task> a)
        {
            var t = new List<double>();
            for (var k = 0; k < 60; k++)
            {
                var w = Stopwatch.StartNew();
                a().GetAwaiter().GetResult();
                t.Add(w.Elapsed.TotalMilliseconds);
            }
            t.Sort();
            return t[t.Count / 2];
        }
        var texts = NewMediaCms.Safety.Gate.ContentSafetyGate.PlainTexts(input).ToList();
        var advanced = Markdig.MarkdownExtensions.UseAdvancedExtensions(new Markdig.MarkdownPipelineBuilder()).Build();
        var gateTexts = scope.ServiceProvider.GetRequiredService<IContentSafetyGate>() as NewMediaCms.Safety.Gate.ContentSafetyGate;
        Console.WriteLine($"  parts (median): Markdig parse + HTML {Median(() => { Markdig.Markdown.ToHtml(text, advanced); return Task.CompletedTask; }):0.00} ms, all texts {Median(() => gateTexts!.TextsAsync(input, CancellationToken.None)):0.00} ms, "
            + $"check {Median(() => check.CheckAsync("bench", texts, CancellationToken.None)):0.00} ms, whole gate in one unit of work {Median(() => gateTexts!.CheckAsync(input, CancellationToken.None)):0.00} ms");
        var dbx = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var fullTexts = await gateTexts!.TextsAsync(input, CancellationToken.None);
        Console.WriteLine($"  check of every text (with the HTML) {Median(() => check.CheckAsync("bench", fullTexts, CancellationToken.None)):0.00} ms; texts: {string.Join(", ", fullTexts.Select(t => t.Field + ":" + t.Text.Length))}");
        string[] only = [NmcDbContext.TenantFilter];
        Console.WriteLine($"  the gate's override query {Median(() => dbx.Set<NewMediaCms.Safety.Gate.SafetyOverrideRecord>().IgnoreQueryFilters([NmcDbContext.TenantFilter]).AsNoTracking()
            .Where(o => o.TenantId == input.TenantId && o.VersionId == input.VersionId && o.ContentHash == input.ContentHash)
            .OrderByDescending(o => o.CreatedUtc).FirstOrDefaultAsync(CancellationToken.None)):0.00} ms");
        Console.WriteLine($"  override lookup: AcrossTenants() {Median(() => dbx.Set<NewMediaCms.Safety.Gate.SafetyOverrideRecord>().AcrossTenants().AsNoTracking().Where(o => o.VersionId == 1).FirstOrDefaultAsync()):0.00} ms, "
            + $"one static filter array {Median(() => dbx.Set<NewMediaCms.Safety.Gate.SafetyOverrideRecord>().IgnoreQueryFilters(only).AsNoTracking().Where(o => o.VersionId == 1).FirstOrDefaultAsync()):0.00} ms, "
            + $"tenant filter {Median(() => dbx.Set<NewMediaCms.Safety.Gate.SafetyOverrideRecord>().AsNoTracking().Where(o => o.VersionId == 1).FirstOrDefaultAsync()):0.00} ms");
        Console.WriteLine($"  parts (median): detectors {Median(() => { engine.Check(compiled, texts, new DateOnly(2026, 12, 4)); return Task.CompletedTask; }):0.00} ms, "
            + $"sanitised Markdown render (not part of the gate) {Median(() => { md.Render(text); return Task.CompletedTask; }):0.00} ms, version lookup {Median(() => dictionaries.VersionsOfAsync("bench", CancellationToken.None)):0.00} ms");
    }
    Console.WriteLine($"gate on a save (250 checks after 50 warm-up, each in its own unit of work already opened, SQLite: dictionary version lookup, texts, every detector, override lookup): p50 {times[times.Count / 2]:0.00} ms, p95 {times[(int)(times.Count * 0.95)]:0.00} ms, max {times[^1]:0.00} ms");
    return 0;
}

static async Task<int> ScanAsync(string root, string dir, int count)
{
    await using var provider = await StoreAsync(root, dir, fresh: true);
    var notices = DemoNotices(root);
    var sw = Stopwatch.StartNew();
    await using (var scope = provider.CreateAsyncScope())
    {
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var tx = await connection.BeginTransactionAsync();
        await using (var cmd = connection.CreateCommand())
        {
            cmd.Transaction = tx;
            cmd.CommandText = "INSERT INTO Tenants (Id, DisplayName, Prefix, Hosts, ParentId, State, Theme, IsPortal, TimeZoneId, SortOrder, Description, CreatedUtc, UpdatedUtc) VALUES ('bench', '基准县', 'bench', '', NULL, 'Running', 'department', 1, 'Asia/Shanghai', 0, '', '2026-01-01', '2026-01-01')";
            await cmd.ExecuteNonQueryAsync();
        }
        await using var item = connection.CreateCommand();
        item.Transaction = tx;
        item.CommandText = "INSERT INTO ContentItems (Id, TenantId, ContentType, AccountId, Owner, CreatedUtc, Deleted) VALUES ($id, 'bench', 'notice', NULL, 'bench', '2026-01-01', 0)";
        var itemId = item.CreateParameter(); itemId.ParameterName = "$id"; item.Parameters.Add(itemId);
        await using var version = connection.CreateCommand();
        version.Transaction = tx;
        version.CommandText = "INSERT INTO ContentVersions (ContentItemId, TenantId, AccountId, ContentType, ItemDeleted, Number, Latest, Published, Title, Markdown, FieldsJson, RenderedHtml, Summary, ContentHash, PublishedUtc, CreatedUtc, Author, Revision) "
            + "VALUES ($id, 'bench', NULL, 'notice', 0, 1, 1, 1, $title, $md, '{}', '', '', $hash, '2026-01-01', '2026-01-01', 'bench', 1)";
        var vId = version.CreateParameter(); vId.ParameterName = "$id"; version.Parameters.Add(vId);
        var vTitle = version.CreateParameter(); vTitle.ParameterName = "$title"; version.Parameters.Add(vTitle);
        var vMd = version.CreateParameter(); vMd.ParameterName = "$md"; version.Parameters.Add(vMd);
        var vHash = version.CreateParameter(); vHash.ParameterName = "$hash"; version.Parameters.Add(vHash);
        for (var i = 0; i < count; i++)
        {
            var (title, body) = notices[i % notices.Count];
            // Every 1,000th notice carries a typo, every 5,000th an unmasked mobile number: the scan has something to store.
            var md = i % 1000 == 7 ? body + "\n\n项目倍受关注。" : i % 5000 == 11 ? body + "\n\n联系人手机13912345678。" : body;
            itemId.Value = $"n{i}";
            await item.ExecuteNonQueryAsync();
            vId.Value = $"n{i}"; vTitle.Value = $"{title}（{i}）"; vMd.Value = md; vHash.Value = $"h{i}";
            await version.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }
    Console.WriteLine($"generated {count} published notices (demo county texts, average {notices.Average(n => n.Body.Length):0} characters) in {sw.Elapsed.TotalSeconds:0.0} s");
    var process = Process.GetCurrentProcess();
    var cpu = process.TotalProcessorTime;
    await using (var scope = provider.CreateAsyncScope())
    {
        var result = await scope.ServiceProvider.GetRequiredService<PublishedSafetyScan>().ScanAsync(CancellationToken.None);
        process.Refresh();
        Console.WriteLine($"scan: {result.Versions} versions, {result.Findings} findings stored, wall time {result.Took.TotalSeconds:0.0} s, process CPU {(process.TotalProcessorTime - cpu).TotalSeconds:0.0} s, peak working set {process.PeakWorkingSet64 / 1024 / 1024} MB");
    }
    return 0;
}

static async Task<ServiceProvider> StoreAsync(string root, string dir, bool fresh)
{
    Directory.CreateDirectory(dir);
    if (fresh)
    {
        foreach (var f in Directory.GetFiles(dir, "newmediacms.db*"))
        {
            File.Delete(f);
        }
    }
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:AppDataPath"] = dir }).Build();
    var services = new ServiceCollection();
    services.AddLogging();
    services.AddSingleton(TimeProvider.System);
    services.AddStore(config, dir);
    services.AddTenancy();
    services.AddAccounts();
    services.AddContent();
    services.AddSafety();
    services.ConfigureDbContext<NmcDbContext>(o => o.ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning)));
    var provider = services.BuildServiceProvider();
    await using var scope = provider.CreateAsyncScope();
    scope.ServiceProvider.GetRequiredService<ITenantContext>().BeginMatrixScope();
    var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
    await db.Database.MigrateAsync();
    var snapshot = DemoSnapshot(root);
    var words = snapshot.Words.Select(w => new WordInput(w.List, w.Word, w.Suggestion, Reason: w.Reason))
        .Concat(snapshot.Leaders.Select(l => new WordInput(SafetyLists.Leaders, l.Name, Titles: string.Join("、", l.Titles), Jurisdiction: l.Jurisdiction))).ToList();
    await scope.ServiceProvider.GetRequiredService<SafetyDictionaries>().AddAsync(SafetyDictionaries.MatrixScope, words, "recipes/demo-county-safety.recipe.json", "bench", CancellationToken.None);
    return provider;
}

static DictionarySnapshot DemoSnapshot(string root)
{
    using var recipe = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "recipes", "demo-county-safety.recipe.json")));
    var lists = recipe.RootElement.GetProperty("steps")[0].GetProperty("lists");
    var words = new List<DictionaryWord>();
    var leaders = new List<LeaderEntry>();
    foreach (var list in lists.EnumerateObject())
    {
        foreach (var item in list.Value.EnumerateArray())
        {
            if (item.ValueKind == JsonValueKind.String)
            {
                words.Add(new DictionaryWord(list.Name, item.GetString()!, null, "matrix"));
            }
            else if (list.Name == SafetyLists.Leaders)
            {
                leaders.Add(new LeaderEntry(item.GetProperty("name").GetString()!, item.GetProperty("titles").EnumerateArray().Select(t => t.GetString()!).ToList(), item.GetProperty("jurisdiction").GetString()!, "matrix"));
            }
            else
            {
                string? Get(string p) => item.TryGetProperty(p, out var v) ? v.GetString() : null;
                words.Add(new DictionaryWord(list.Name, Get("word")!, Get("suggestion"), "matrix", Get("reason")));
            }
        }
    }
    return new DictionarySnapshot(1, 0, words, leaders);
}

static List<(string Title, string Body)> DemoNotices(string root)
{
    using var recipe = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "recipes", "demo-county.recipe.json")));
    return recipe.RootElement.GetProperty("steps").EnumerateArray().Where(s => s.GetProperty("name").GetString() == "content")
        .SelectMany(s => s.GetProperty("items").EnumerateArray())
        .Select(i => (i.GetProperty("title").GetString() ?? "", i.GetProperty("body").ValueKind == JsonValueKind.Array
            ? string.Join("\n", i.GetProperty("body").EnumerateArray().Select(l => l.GetString())) : i.GetProperty("body").GetString() ?? "")).ToList();
}

static string TenThousandCharacters(string root)
{
    var sb = new StringBuilder();
    var notices = DemoNotices(root);
    var i = 0;
    while (sb.Length < 10_000)
    {
        sb.Append(notices[i++ % notices.Count].Body).Append("\n\n");
    }
    // A few things to find: a typo, a leader's homophone with a title, an ID number.
    sb.Append("项目倍受关注。县长周闻博出席。身份证号110101199003074514。");
    return sb.ToString()[^10_000..];
}

static string FindRoot()
{
    var dir = AppContext.BaseDirectory;
    while (dir is not null && !File.Exists(Path.Combine(dir, "NewMediaCms.sln")))
    {
        dir = Path.GetDirectoryName(dir);
    }
    return dir ?? throw new InvalidOperationException("repository root not found");
}

static string Ratio(int a, int b) => b == 0 ? "–" : (a / (double)b).ToString("0.000", CultureInfo.InvariantCulture);
