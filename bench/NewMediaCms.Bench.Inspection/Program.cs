// Inspection benchmark (not a test). Two steps, each its own process so that the inspection's memory is measured alone:
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Inspection -- generate /tmp/nmc-bench [accounts] [posts]
//   dotnet run -c Release --project bench/NewMediaCms.Bench.Inspection -- inspect /tmp/nmc-bench
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Accounts;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Inspection;
using NewMediaCms.Inspection.Runs;
using NewMediaCms.Tenancy;

if (args.Length < 2 || args[0] is not ("generate" or "inspect"))
{
    Console.Error.WriteLine("用法：generate <目录> [账号数=10000] [信息数=1000000] | inspect <目录>");
    return 2;
}
var dir = Path.GetFullPath(args[1]);
Directory.CreateDirectory(dir);
var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Store:AppDataPath"] = dir }).Build();
var services = new ServiceCollection();
services.AddLogging();
services.AddStore(config, dir);
services.AddTenancy();
services.AddAccounts();
services.AddContent();
services.AddInspection();
await using var provider = services.BuildServiceProvider();

if (args[0] == "generate")
{
    var accounts = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 10_000;
    var posts = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1_000_000;
    File.Delete(Path.Combine(dir, "newmediacms.db"));
    await using var scope = provider.CreateAsyncScope();
    var db = scope.ServiceProvider.GetRequiredService<NmcDbContext>();
    await db.Database.MigrateAsync();
    var sw = Stopwatch.StartNew();
    await GenerateAsync(db, accounts, posts);
    Console.WriteLine($"generated {accounts} accounts, {posts} posts in {sw.Elapsed.TotalSeconds:0.0} s");
    return 0;
}

{
    var sw = Stopwatch.StartNew();
    await using var scope = provider.CreateAsyncScope();
    var runner = scope.ServiceProvider.GetRequiredService<InspectionRunner>();
    var run = await runner.RunAsync("benchmark", CancellationToken.None);
    sw.Stop();
    using var process = Process.GetCurrentProcess();
    process.Refresh();
    Console.WriteLine($"run {run.Id}: {run.State} {run.Error}");
    Console.WriteLine($"accounts {run.Accounts}, inspected {run.Inspected}, findings {run.FindingCount}, vetoed {run.Vetoed}, dormant {run.Dormant}, zombie {run.Zombie}");
    Console.WriteLine($"inspection wall time {sw.Elapsed.TotalSeconds:0.00} s (run recorded {(run.FinishedUtc!.Value - run.StartedUtc).TotalSeconds:0.00} s)");
    Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1024.0 / 1024.0:0} MB, managed heap after run {GC.GetTotalMemory(false) / 1024.0 / 1024.0:0} MB");
    return run.State == RunState.Succeeded ? 0 : 1;
}

static async Task GenerateAsync(NmcDbContext db, int accountCount, int postCount)
{
    var now = DateTime.UtcNow;
    var random = new Random(20261127);
    var connection = db.Database.GetDbConnection();
    await connection.OpenAsync();
    await using (var pragma = connection.CreateCommand())
    {
        pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;";
        await pragma.ExecuteNonQueryAsync();
    }
    await using var tx = await connection.BeginTransactionAsync();
    static string T(DateTime d) => d.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
    var departments = Math.Max(1, accountCount / 50);
    await using (var cmd = Command(connection, tx, "INSERT INTO Tenants (Id, DisplayName, Prefix, Hosts, ParentId, State, Theme, IsPortal, TimeZoneId, SortOrder, Description, CreatedUtc, UpdatedUtc) VALUES ($id, $name, $prefix, '', $parent, 'Running', 'department', $portal, 'Asia/Shanghai', $sort, '', $t, $t)",
                     "$id", "$name", "$prefix", "$parent", "$portal", "$sort", "$t"))
    {
        for (var d = 0; d <= departments; d++)
        {
            Set(cmd, d == 0 ? "portal" : $"d{d}", d == 0 ? "基准县人民政府" : $"基准县第{d}局", d == 0 ? DBNull.Value : $"d{d}", d == 0 ? DBNull.Value : "portal", d == 0 ? 1 : 0, d, T(now));
            await cmd.ExecuteNonQueryAsync();
        }
    }
    var platforms = Enum.GetNames<Platform>();
    await using (var cmd = Command(connection, tx, "INSERT INTO Accounts (Id, TenantId, Platform, Kind, Name, OperatingUnit, SupervisingUnit, Description, IsMain, State, MergedIntoAccountId, FilingNumber, ResponsiblePerson, Contact, OpenedOn, FiledOn, CreatedUtc, UpdatedUtc) VALUES ($id, $tenant, $platform, $kind, $name, $unit, '', '', 0, $state, NULL, $filing, '', '', $opened, $filed, $t, $t)",
                     "$id", "$tenant", "$platform", "$kind", "$name", "$unit", "$state", "$filing", "$opened", "$filed", "$t"))
    {
        for (var a = 0; a < accountCount; a++)
        {
            var d = a % departments + 1;
            var platform = platforms[a % platforms.Length];
            var opened = DateOnly.FromDateTime(now.AddDays(-random.Next(30, 2000)));
            Set(cmd, $"a{a}", $"d{d}", platform, a % 13 == 0 ? "Service" : "Publishing", a % 97 == 0 ? "小喇叭" : $"基准第{d}局{a}", $"基准县第{d}局",
                a % 101 == 0 ? "Closed" : "Active", a % 37 == 0 ? "" : $"F-{a}", opened.ToString("yyyy-MM-dd"), opened.AddDays(3).ToString("yyyy-MM-dd"), T(now));
            await cmd.ExecuteNonQueryAsync();
        }
    }
    string[] types = ["news", "notice", "policy", "interpretation", "guide"];
    await using (var item = Command(connection, tx, "INSERT INTO ContentItems (Id, TenantId, ContentType, AccountId, Owner, CreatedUtc, Deleted) VALUES ($id, $tenant, $type, $account, 'bench', $t, 0)",
                     "$id", "$tenant", "$type", "$account", "$t"))
    await using (var version = Command(connection, tx, "INSERT INTO ContentVersions (ContentItemId, TenantId, Number, Latest, Published, Title, Markdown, FieldsJson, RenderedHtml, Summary, ContentHash, PublishedUtc, CreatedUtc, Author) VALUES ($item, $tenant, 1, 1, 1, $title, '正文', $fields, '<p>正文</p>', '正文', '', $published, $published, 'bench')",
                     "$item", "$tenant", "$title", "$fields", "$published"))
    {
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
            Set(item, $"p{p}", $"d{d}", type, $"a{a}", T(published));
            await item.ExecuteNonQueryAsync();
            Set(version, $"p{p}", $"d{d}", $"基准信息 {p}", fields, T(published));
            await version.ExecuteNonQueryAsync();
        }
    }
    await tx.CommitAsync();
}

static DbCommand Command(DbConnection connection, DbTransaction tx, string sql, params string[] parameters)
{
    var cmd = connection.CreateCommand();
    cmd.Transaction = tx;
    cmd.CommandText = sql;
    foreach (var name in parameters)
    {
        var p = cmd.CreateParameter();
        p.ParameterName = name;
        cmd.Parameters.Add(p);
    }
    cmd.Prepare();
    return cmd;
}

static void Set(DbCommand cmd, params object[] values)
{
    for (var i = 0; i < values.Length; i++)
    {
        cmd.Parameters[i].Value = values[i];
    }
}
