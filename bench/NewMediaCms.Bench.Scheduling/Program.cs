// Scheduling benchmark (not a test): N notices across D departments fall due within a window, published by the real
// application host (src/NewMediaCms.Web, started as a child process with its Hangfire server). The driver prepares the
// notices through the editorial service (draft, submit, approve, then set the publish-at time: the app's scheduler
// ensures one Hangfire job per due second, shared by the notices due in it, as in the app), starts the worker, optionally SIGKILLs it in the middle of the burst and
// restarts it, and afterwards counts from the database: lateness (PublishedUtc - due), misses, duplicate publications.
//   dotnet build -c Release bench/NewMediaCms.Bench.Scheduling
//   dotnet bench/NewMediaCms.Bench.Scheduling/bin/Release/net10.0/NewMediaCms.Bench.Scheduling.dll \
//       --store sqlite|postgres [--kill] [--count 10000] [--departments 100] [--window 60] [--grace 60] [--dir /tmp/nmc-sched]
//       [--pg "Host=127.0.0.1;...;Database=nmc_bench_sched"] [--worker-setting Jobs:WorkerCount=8]... [--lead s] [--drain 600]
using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NewMediaCms.Accounts;
using NewMediaCms.Audit;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Jobs;
using NewMediaCms.Publishing;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Tenancy;
using Npgsql;

var options = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine("用法：--store sqlite|postgres [--kill] [--count 10000] [--departments 100] [--window 60] [--grace 60] [--dir 目录] [--pg 连接串] [--worker-setting 键=值]...");
    return 2;
}
return await new Bench(options).RunAsync();

internal sealed record BenchOptions(string Store, bool Kill, int Count, int Departments, int WindowSeconds, int GraceSeconds, string Dir, string PgConnection, List<string> WorkerSettings, int? LeadSeconds, int DrainSeconds)
{
    public static BenchOptions? Parse(string[] args)
    {
        string? store = null;
        var kill = false;
        int count = 10_000, departments = 100, window = 60, grace = 60;
        var dir = Path.Combine(Path.GetTempPath(), "nmc-bench-sched");
        var pg = Environment.GetEnvironmentVariable("NMC_BENCH_POSTGRES") is { Length: > 0 } e ? e
            : "Host=127.0.0.1;Port=5432;Database=nmc_bench_sched;Username=nmc_test;Password=nmc_test_password";
        var worker = new List<string>();
        int? lead = null;
        var drain = 600;
        for (var i = 0; i < args.Length; i++)
        {
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"{args[i]} 缺少值");
            switch (args[i])
            {
                case "--store": store = Next(); break;
                case "--kill": kill = true; break;
                case "--count": count = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--departments": departments = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--window": window = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--grace": grace = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--dir": dir = Path.GetFullPath(Next()); break;
                case "--pg": pg = Next(); break;
                case "--worker-setting": worker.Add(Next()); break;
                case "--drain": drain = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                case "--lead": lead = int.Parse(Next(), CultureInfo.InvariantCulture); break;
                default: return null;
            }
        }
        return store is "sqlite" or "postgres" ? new BenchOptions(store, kill, count, departments, window, grace, dir, pg, worker, lead, drain) : null;
    }
}

internal sealed class Bench(BenchOptions o)
{
    private const string Password = "Bench-Pass-1!";
    private readonly List<string> _load = [];

    private bool Postgres => o.Store == "postgres";

    private static void Log(string message) => Console.WriteLine($"[{DateTime.UtcNow:HH:mm:ss.fff}] {message}");

    public async Task<int> RunAsync()
    {
        Log($"store {o.Store}, {o.Count} notices, {o.Departments} departments, window {o.WindowSeconds} s, grace {o.GraceSeconds} s, kill {o.Kill}; load: {LoadAvg()}");
        if (Directory.Exists(o.Dir))
        {
            Directory.Delete(o.Dir, recursive: true);
        }
        Directory.CreateDirectory(o.Dir);
        if (Postgres)
        {
            RecreatePostgresDatabase();
        }
        var recipe = WriteRecipe();
        var setup = await RunAppCommandAsync("recipe", "run", recipe, "--var", $"adminPassword={Password}", "--var", $"demoPassword={Password}");
        if (setup != 0)
        {
            Log($"recipe run failed ({setup}), see {o.Dir}/recipe.log");
            return 1;
        }

        var config = new ConfigurationBuilder().AddInMemoryCollection(StoreSettings(runServer: false)).Build();
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole());
        services.AddStore(config, o.Dir);
        services.AddTenancy();
        services.AddAccounts();
        services.AddContent();
        services.AddAudit(config, o.Dir);
        services.AddEditorial();
        services.AddJobs(config, o.Dir);
        services.AddPublishing(config);
        await using var provider = services.BuildServiceProvider();

        // 1. Approved notices in every department: one through the editorial service (draft, submit, approve), the rest
        // cloned from it in the database (same content hash, same approval), which is much faster on this machine.
        var sw = Stopwatch.StartNew();
        var items = await PrepareAsync(provider);
        Log($"prepared {items.Count} approved notices in {sw.Elapsed.TotalSeconds:0.0} s; load: {LoadAvg()}");

        // 2. Publish-at times in the window (departments interleaved), then one Hangfire job per version created by the
        // app's own scheduler (the call the editorial service makes after a commit). The window starts after that and
        // after the worker's start-up.
        var lead = TimeSpan.FromSeconds(o.LeadSeconds ?? 40 + o.Count * (Postgres ? 0.02 : 0.03));
        var t0 = DateTime.UtcNow + lead;
        t0 = new DateTime(t0.Ticks - t0.Ticks % TimeSpan.TicksPerSecond, DateTimeKind.Utc);
        sw.Restart();
        var due = await ScheduleAsync(provider, items, t0);
        Log($"scheduled {due.Count} notices ({await SlotJobsAsync(provider)} slot jobs) in {sw.Elapsed.TotalSeconds:0.0} s; window {t0:HH:mm:ss} to {t0.AddSeconds(o.WindowSeconds):HH:mm:ss} UTC; load: {LoadAvg()}");
        if (DateTime.UtcNow > t0 - TimeSpan.FromSeconds(10))
        {
            Log("scheduling ran past the start of the window: result would be meaningless, aborting (give a longer --lead)");
            return 1;
        }

        // 3. The worker: the real application host with its Hangfire server.
        using var sampler = new CancellationTokenSource();
        var sampling = SampleLoadAsync(sampler.Token);
        var worker = await StartWorkerAsync(1);
        DateTime? killedAt = null, restartedAt = null;
        if (o.Kill)
        {
            var killAt = t0.AddSeconds(o.WindowSeconds / 2.0);
            await DelayUntilAsync(killAt);
            var before = await CountPublishedAsync(provider, due);
            worker.Kill();   // SIGKILL on Linux
            await worker.WaitForExitAsync();
            killedAt = DateTime.UtcNow;
            Log($"worker SIGKILLed at {killedAt:HH:mm:ss.fff} with {before} of {due.Count} published; restarting");
            worker.Dispose();
            worker = await StartWorkerAsync(2);
            restartedAt = DateTime.UtcNow;
        }
        await DelayUntilAsync(t0.AddSeconds(o.WindowSeconds + o.GraceSeconds));

        // 4. What happened, from the database: at the end of window + grace (misses), then, when some were missing,
        // again once the worker has caught up (or after the drain limit): were they published late, and only once?
        var ok = await ReportAsync(provider, due, t0, killedAt, restartedAt, "at window + grace");
        if (!ok)
        {
            var limit = DateTime.UtcNow.AddSeconds(o.DrainSeconds);
            while (DateTime.UtcNow < limit && await CountPublishedAsync(provider, due) < due.Count)
            {
                await Task.Delay(TimeSpan.FromSeconds(2));
            }
            await ReportAsync(provider, due, t0, killedAt, restartedAt, $"after draining (until +{(DateTime.UtcNow - t0).TotalSeconds:0} s)");
        }
        await sampler.CancelAsync();
        await sampling;
        await StopWorkerAsync(worker);
        return ok ? 0 : 1;
    }

    private void RecreatePostgresDatabase()
    {
        var target = new NpgsqlConnectionStringBuilder(o.PgConnection);
        var admin = new NpgsqlConnectionStringBuilder(o.PgConnection) { Database = "postgres" };
        using var connection = new NpgsqlConnection(admin.ConnectionString);
        connection.Open();
        foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {target.Database} WITH (FORCE)", $"CREATE DATABASE {target.Database}" })
        {
            using var command = new NpgsqlCommand(sql, connection);
            command.ExecuteNonQuery();
        }
    }

    private Dictionary<string, string?> StoreSettings(bool runServer)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Store:AppDataPath"] = o.Dir,
            ["Store:Provider"] = Postgres ? "PostgreSql" : "Sqlite",
            ["Store:ConnectionString"] = Postgres ? o.PgConnection : "",
            ["Jobs:RunServer"] = runServer ? "true" : "false",
        };
        return settings;
    }

    private string Dept(int d) => $"d{d:000}";

    private string WriteRecipe()
    {
        var tenants = new List<object> { new { id = "portal", displayName = "基准县人民政府", portal = true, theme = "matrix", sortOrder = 0 } };
        var accounts = new List<object>();
        for (var d = 1; d <= o.Departments; d++)
        {
            tenants.Add(new { id = Dept(d), displayName = $"基准县第{d}局", prefix = Dept(d), parent = "portal", theme = "department", sortOrder = d });
            accounts.Add(new { id = Dept(d) + "-site", tenant = Dept(d), platform = "SiteChannel", name = $"基准县第{d}局网站", operatingUnit = $"基准县第{d}局" });
        }
        var recipe = new
        {
            name = "bench-scheduling",
            displayName = "定时发布基准",
            description = "定时发布基准：多个部门，每个部门一个网站栏目。",
            author = "NewMediaCms",
            version = "1.0.0",
            timeZone = "Asia/Shanghai",
            variables = new { },
            steps = new object[]
            {
                new { name = "tenants", tenants },
                new { name = "accounts", accounts },
                new { name = "users", users = new[] { new { userName = "admin", displayName = "系统管理员", roles = new[] { "SystemAdmin" }, password = "{{adminPassword}}" } } },
            },
        };
        var path = Path.Combine(o.Dir, "bench-scheduling.recipe.json");
        File.WriteAllText(path, JsonSerializer.Serialize(recipe, new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        return path;
    }

    private static string WebDll()
    {
        // bench/NewMediaCms.Bench.Scheduling/bin/<Configuration>/net10.0/ -> src/NewMediaCms.Web/bin/<Configuration>/net10.0/
        var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = output.Name;
        var configuration = output.Parent!.Name;
        var root = output.Parent.Parent!.Parent!.Parent!.Parent!.FullName;
        var dll = Path.Combine(root, "src", "NewMediaCms.Web", "bin", configuration, framework, "NewMediaCms.Web.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("应用未构建", dll);
    }

    private ProcessStartInfo AppStartInfo(bool runServer, IEnumerable<string> arguments, int? port = null)
    {
        var dll = WebDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }
        foreach (var (k, v) in StoreSettings(runServer))
        {
            info.Environment[k.Replace(":", "__", StringComparison.Ordinal)] = v;
        }
        info.Environment["Setup__Recipe"] = Path.Combine(o.Dir, "bench-scheduling.recipe.json");
        info.Environment["Setup__AdminPassword"] = Password;
        info.Environment["Setup__DemoPassword"] = Password;
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        if (port is { } p)
        {
            info.Environment["ASPNETCORE_URLS"] = $"http://127.0.0.1:{p}";
        }
        foreach (var setting in o.WorkerSettings)
        {
            var eq = setting.IndexOf('=', StringComparison.Ordinal);
            info.Environment[setting[..eq].Replace(":", "__", StringComparison.Ordinal)] = setting[(eq + 1)..];
        }
        return info;
    }

    private static Process Start(ProcessStartInfo info, string logFile)
    {
        var process = Process.Start(info) ?? throw new InvalidOperationException("无法启动应用进程");
        var log = new StreamWriter(logFile, append: true) { AutoFlush = true };
        var gate = new object();
        void Write(string? line)
        {
            if (line is null)
            {
                return;
            }
            lock (gate)
            {
                log.WriteLine(line);
            }
        }
        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private async Task<int> RunAppCommandAsync(params string[] arguments)
    {
        using var process = Start(AppStartInfo(false, arguments), Path.Combine(o.Dir, "recipe.log"));
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private async Task<Process> StartWorkerAsync(int n)
    {
        int port;
        using (var listener = new TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        }
        var started = DateTime.UtcNow;
        var process = Start(AppStartInfo(true, [], port), Path.Combine(o.Dir, $"worker-{n}.log"));
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < 600; i++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"worker exited with {process.ExitCode}, see {o.Dir}/worker-{n}.log");
            }
            try
            {
                if ((await http.GetAsync($"http://127.0.0.1:{port}/health")).IsSuccessStatusCode)
                {
                    break;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        Log($"worker {n} (pid {process.Id}) answering on port {port} after {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
        return process;
    }

    private static async Task StopWorkerAsync(Process worker)
    {
        // SIGTERM: the host shuts down gracefully.
        using (var term = Process.Start("kill", ["-TERM", worker.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await term.WaitForExitAsync();
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            await worker.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            worker.Kill();
        }
        worker.Dispose();
    }

    private static async Task DelayUntilAsync(DateTime utc)
    {
        var wait = utc - DateTime.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait);
        }
    }

    private static string LoadAvg() => File.ReadAllText("/proc/loadavg").Trim();

    private async Task SampleLoadAsync(CancellationToken ct)
    {
        try
        {
            while (!ct.IsCancellationRequested)
            {
                _load.Add($"{DateTime.UtcNow:HH:mm:ss} {LoadAvg()}");
                await Task.Delay(TimeSpan.FromSeconds(10), ct);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private AsyncServiceScope Scope(IServiceProvider provider, string? tenantId)
    {
        var scope = provider.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<TenantRegistry>();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId is null ? null : registry.Find(tenantId));
        return scope;
    }

    private async Task<T> InAsync<T>(IServiceProvider provider, string tenantId, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Scope(provider, tenantId);
        return await action(scope.ServiceProvider);
    }

    private static void Check(EditorialResult result, string what)
    {
        if (!result.Ok)
        {
            throw new InvalidOperationException($"{what}: {result.Message}");
        }
    }

    /// <summary>Per department: a one-level review chain, one notice through the editorial service, clones of it.</summary>
    private async Task<List<(string Tenant, string ItemId)>> PrepareAsync(IServiceProvider provider)
    {
        var perDepartment = Enumerable.Range(1, o.Departments).Select(d => (Tenant: Dept(d), Count: o.Count / o.Departments + (d <= o.Count % o.Departments ? 1 : 0))).ToList();
        var result = new List<(string, string)>[o.Departments];
        // One department at a time: concurrent audit appends conflict on the chain head (the second unit of work fails).
        const int parallel = 1;
        var done = 0;
        await Parallel.ForEachAsync(perDepartment.Select((p, i) => (p, i)), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (entry, ct) =>
        {
            var (tenant, count) = entry.p;
            var admin = EditorialActor.Of($"{tenant}.admin", tenant, Roles.DepartmentAdmin);
            var editor = EditorialActor.Of($"{tenant}.editor", tenant, Roles.Editor);
            var reviewer = EditorialActor.Of($"{tenant}.reviewer", tenant, Roles.Reviewer);
            await using (var scope = Scope(provider, tenant))
            {
                Check(await scope.ServiceProvider.GetRequiredService<ReviewChainService>().SaveAsync(admin, [new ReviewLevel(1, "审核", Roles.Reviewer, [])], ct), "review chain");
            }
            var created = await InAsync(provider, tenant, s => s.GetRequiredService<DraftService>().CreateDraftAsync(editor, new DraftInput("notice", tenant + "-site", $"{tenant} 定时通知", $"基准正文 {tenant}", null), ct));
            Check(created, "draft");
            var template = created.ItemId!;
            Check(await InAsync(provider, tenant, s => s.GetRequiredService<ReviewService>().SubmitAsync(editor, template, ct)), "submit");
            Check(await InAsync(provider, tenant, s => s.GetRequiredService<ReviewService>().ApproveAsync(reviewer, template, ct: ct)), "approve");
            var list = new List<(string, string)>(count) { (tenant, template) };
            await using (var scope = Scope(provider, tenant))
            {
                var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
                var item = await db.Set<ContentItem>().AsNoTracking().SingleAsync(i => i.Id == template, ct);
                var version = await db.Set<ContentVersion>().AsNoTracking().SingleAsync(v => v.ContentItemId == template, ct);
                var review = await db.Set<VersionReview>().AsNoTracking().SingleAsync(r => r.VersionId == version.Id, ct);
                var approval = await db.Set<ReviewApproval>().AsNoTracking().SingleAsync(a => a.VersionId == version.Id, ct);
                var versions = new List<(ContentVersion Version, string ItemId)>();
                for (var i = 1; i < count; i++)
                {
                    var id = $"{template}-{i:000}";
                    var itemCopy = Copy(db, item);
                    itemCopy.Id = id;
                    db.Add(itemCopy);
                    var versionCopy = Copy(db, version);
                    versionCopy.Id = 0;
                    versionCopy.ContentItemId = id;
                    db.Add(versionCopy);
                    versions.Add((versionCopy, id));
                    list.Add((tenant, id));
                }
                await db.SaveChangesAsync(ct);
                foreach (var (v, id) in versions)
                {
                    var reviewCopy = Copy(db, review);
                    reviewCopy.VersionId = v.Id;
                    reviewCopy.ContentItemId = id;
                    db.Add(reviewCopy);
                    var approvalCopy = Copy(db, approval);
                    approvalCopy.Id = 0;
                    approvalCopy.VersionId = v.Id;
                    approvalCopy.ContentItemId = id;
                    db.Add(approvalCopy);
                }
                await db.SaveChangesAsync(ct);
            }
            result[entry.i] = list;
            if (Interlocked.Increment(ref done) % 20 == 0)
            {
                Log($"  {done} departments prepared");
            }
        });
        return result.SelectMany(r => r).ToList();
    }

    private static T Copy<T>(NmcDbContext db, T source) where T : class, new()
    {
        var copy = new T();
        db.Entry(copy).CurrentValues.SetValues(source);
        return copy;
    }

    /// <summary>Due times spread evenly over the window, departments interleaved; returns version id -> (tenant, item, due).</summary>
    private async Task<Dictionary<long, (string Tenant, string ItemId, DateTime Due)>> ScheduleAsync(IServiceProvider provider, List<(string Tenant, string ItemId)> items, DateTime t0)
    {
        var ordered = items.GroupBy(i => i.Tenant).SelectMany(g => g.Select((item, k) => (item, k))).OrderBy(x => x.k).ThenBy(x => x.item.Tenant).Select(x => x.item).ToList();
        var dueOf = ordered.Select((item, i) => (item, at: t0.AddTicks(TimeSpan.FromSeconds(o.WindowSeconds).Ticks * i / ordered.Count))).ToDictionary(x => x.item.ItemId, x => x.at);
        var due = new Dictionary<long, (string, string, DateTime)>();
        var gate = new object();
        var parallel = Postgres ? 4 : 1;
        // Per department: the publish-at time on each approved version (the review turns "scheduled", as SetScheduleAsync
        // does), saved, then the scheduler creates each version's job and its PublicationSchedule row.
        await Parallel.ForEachAsync(items.GroupBy(i => i.Tenant), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (department, ct) =>
        {
            var tenant = department.Key;
            var ids = department.Select(d => d.ItemId).ToList();
            await using var scope = Scope(provider, tenant);
            var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
            var versions = await db.Set<ContentVersion>().Where(v => ids.Contains(v.ContentItemId) && v.Latest).ToListAsync(ct);
            var versionIds = versions.Select(v => v.Id).ToList();
            var reviews = await db.Set<VersionReview>().Where(r => versionIds.Contains(r.VersionId)).ToDictionaryAsync(r => r.VersionId, ct);
            foreach (var v in versions)
            {
                v.PublishAtUtc = dueOf[v.ContentItemId];
                reviews[v.Id].State = ReviewState.Scheduled;
            }
            await db.SaveChangesAsync(ct);
            var scheduler = scope.ServiceProvider.GetRequiredService<IPublicationScheduler>();
            foreach (var v in versions)
            {
                await scheduler.ScheduleChangedAsync(tenant, v.Id, ct);
                lock (gate)
                {
                    due[v.Id] = (tenant, v.ContentItemId, dueOf[v.ContentItemId]);
                }
            }
        });
        return due;
    }

    private static async Task<int> SlotJobsAsync(IServiceProvider provider)
    {
        await using var scope = provider.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<NmcDbContext>().Set<PublicationSlot>().CountAsync();
    }

    private async Task<int> CountPublishedAsync(IServiceProvider provider, Dictionary<long, (string Tenant, string ItemId, DateTime Due)> due)
    {
        await using var scope = Scope(provider, null);
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var ids = due.Keys.ToList();
        return await db.Set<ContentVersion>().AcrossTenants().CountAsync(v => v.Published && ids.Contains(v.Id));
    }

    private async Task<bool> ReportAsync(IServiceProvider provider, Dictionary<long, (string Tenant, string ItemId, DateTime Due)> due, DateTime t0, DateTime? killedAt, DateTime? restartedAt, string when)
    {
        await using var scope = Scope(provider, null);
        var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
        var versions = await db.Set<ContentVersion>().AcrossTenants().AsNoTracking()
            .Where(v => v.Latest).Select(v => new { v.Id, v.Published, v.PublishedUtc }).ToListAsync();
        var byId = versions.ToDictionary(v => v.Id);
        var audits = (await db.Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "content.published").Select(e => new { e.SubjectId, e.Actor, e.Detail }).ToListAsync());
        var auditCount = audits.GroupBy(a => a.SubjectId).ToDictionary(g => g.Key, g => g.Count());
        var misses = await db.Set<ScheduleMiss>().AcrossTenants().AsNoTracking().GroupBy(m => m.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();

        var lateness = new List<double>();
        var missed = 0;
        var early = 0;
        foreach (var (versionId, (_, _, at)) in due)
        {
            if (!byId.TryGetValue(versionId, out var v) || !v.Published || v.PublishedUtc is not { } published)
            {
                missed++;
                continue;
            }
            var late = (DateTime.SpecifyKind(published, DateTimeKind.Utc) - at).TotalSeconds;
            if (late < 0)
            {
                early++;
            }
            lateness.Add(late);
        }
        lateness.Sort();
        double Pct(double p) => lateness.Count == 0 ? double.NaN : lateness[Math.Min(lateness.Count - 1, (int)Math.Ceiling(p * lateness.Count) - 1)];
        var items = due.Values.Select(d => d.ItemId).ToHashSet();
        var duplicated = items.Count(i => auditCount.GetValueOrDefault(i) > 1);
        var audited = items.Sum(i => auditCount.GetValueOrDefault(i));
        var byReconciler = audits.Count(a => items.Contains(a.SubjectId) && a.Detail != null && a.Detail.Contains("补发", StringComparison.Ordinal));
        // The slot jobs' own log lines: when each started and finished relative to its second, and how much it published.
        var jobPublishes = 0;
        var slotStarts = new List<double>();
        var slotEnds = new List<double>();
        var slotBatches = 0;
        var slotLine = new System.Text.RegularExpressions.Regex(@"定时时隙 \S+：开始 ([+-][\d.]+) s，发布 (\d+)，下线 \d+，批次 (\d+)，结束 ([+-][\d.]+) s");
        foreach (var log in Directory.GetFiles(o.Dir, "worker-*.log"))
        {
            foreach (var line in File.ReadLines(log))
            {
                jobPublishes += line.Contains("发布 已执行", StringComparison.Ordinal) ? 1 : 0;
                if (slotLine.Match(line) is { Success: true } m && int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) > 0)
                {
                    jobPublishes += int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
                    slotBatches += int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture);
                    slotStarts.Add(double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
                    slotEnds.Add(double.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture));
                }
            }
        }
        slotStarts.Sort();
        slotEnds.Sort();
        static double Q(List<double> xs, double p) => xs.Count == 0 ? double.NaN : xs[Math.Min(xs.Count - 1, Math.Max(0, (int)Math.Ceiling(p * xs.Count) - 1))];

        Console.WriteLine();
        Console.WriteLine($"== {o.Store}{(o.Kill ? " + SIGKILL" : "")}, {when}: {due.Count} notices, {o.Departments} departments, window {o.WindowSeconds} s from {t0:HH:mm:ss} UTC, grace {o.GraceSeconds} s");
        if (killedAt is not null)
        {
            Console.WriteLine($"killed at +{(killedAt.Value - t0).TotalSeconds:0.0} s, worker answering again at +{(restartedAt!.Value - t0).TotalSeconds:0.0} s");
        }
        Console.WriteLine($"published {lateness.Count}, missed {missed}, published before due {early}");
        Console.WriteLine($"lateness s: p50 {Pct(0.50):0.000}, p90 {Pct(0.90):0.000}, p99 {Pct(0.99):0.000}, max {Pct(1.0):0.000}");
        Console.WriteLine($"publication audit entries {audited} for {items.Count} items, items with more than one: {duplicated}");
        Console.WriteLine($"slot jobs that published: {slotStarts.Count}, {slotBatches} batches; started relative to their second p50 {Q(slotStarts, 0.5):+0.000;-0.000} s, max {Q(slotStarts, 1):+0.000;-0.000} s; finished p50 {Q(slotEnds, 0.5):+0.000;-0.000} s, p99 {Q(slotEnds, 0.99):+0.000;-0.000} s, max {Q(slotEnds, 1):+0.000;-0.000} s");
        Console.WriteLine($"published by the job (worker log lines) {jobPublishes}, caught by the reconciler (audit '补发') {byReconciler}; schedule misses recorded: {string.Join(", ", misses.Select(m => $"{m.Key} {m.Count}"))}");
        Console.WriteLine($"load during the run (time, /proc/loadavg): {string.Join(" | ", _load)}");
        Console.WriteLine($"uptime now: {LoadAvg()}");
        return missed == 0 && duplicated == 0;
    }
}
