using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using Npgsql;

namespace NewMediaCms.Tests.Infrastructure;

/// <summary>
/// The whole application over a fresh store of its own (a SQLite file in a temp folder, or a new PostgreSQL
/// database), built from a recipe on first start like a real installation.
/// </summary>
public class NmcAppFactory : WebApplicationFactory<Program>
{
    // The password policy refuses a password containing the user name ("admin"), so the admin's is not "Admin-...".
    public const string AdminPassword = "Root-Test-Pass-1!";
    public const string DemoPassword = "Demo-Test-Pass-1!";

    private readonly string _appData = Path.Combine(Path.GetTempPath(), "nmc-tests", Guid.NewGuid().ToString("N"));
    private string? _postgresDatabase;

    public NmcAppFactory() : this(StoreKind.Sqlite)
    {
    }

    protected NmcAppFactory(StoreKind store, string? recipe = null)
    {
        Store = store;
        Recipe = recipe ?? TestPaths.Recipe("test-county");
    }

    /// <summary>An application of its own, for tests that change data or need another recipe.</summary>
    public static NmcAppFactory Create(StoreKind store = StoreKind.Sqlite, string? recipe = null) => new Custom(store, recipe);

    private sealed class Custom(StoreKind store, string? recipe) : NmcAppFactory(store, recipe);

    public StoreKind Store { get; }

    public string Recipe { get; }

    public string AppData => _appData;

    /// <summary>Extra configuration, applied last.</summary>
    public Dictionary<string, string?> Settings { get; } = new();

    /// <summary>
    /// PostgreSQL only, set before the first use: run on the database of this other (already started) factory instead
    /// of a new one, as a second node of the same installation. The database stays the other factory's to drop.
    /// </summary>
    public NmcAppFactory? SharePostgresWith { get; set; }

    /// <summary>When set before the first use, applied to the services last (a test's decorators).</summary>
    public Action<IServiceCollection>? TestServices { get; set; }

    /// <summary>When set before the first use, registered over TimeProvider (tests that control the clock).</summary>
    public TimeProvider? Clock { get; set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.ConfigureTestServices(s => s.AddSingleton<Microsoft.AspNetCore.Hosting.IStartupFilter, TestClientAddress>());
        if (TestServices is { } configure)
        {
            builder.ConfigureTestServices(configure);
        }
        if (Clock is { } clock)
        {
            builder.ConfigureTestServices(s => s.AddSingleton(clock));
        }
    }

    /// <summary>
    /// Settings go into the host configuration: unlike ConfigureAppConfiguration/UseSetting they are visible to
    /// Program.cs while it registers services (dotnet/aspnetcore#37680).
    /// </summary>
    protected override IHost CreateHost(IHostBuilder builder)
    {
        Directory.CreateDirectory(_appData);
        var settings = new Dictionary<string, string?>
        {
            ["Store:AppDataPath"] = _appData,
            ["Setup:Recipe"] = Recipe,
            ["Setup:AdminPassword"] = AdminPassword,
            ["Setup:DemoPassword"] = DemoPassword,
            // Most tests need no background jobs: in-memory storage, no server. Job tests turn the server on
            // with Settings["Jobs:RunServer"] = "true" (and a real storage where that matters).
            ["Jobs:Storage"] = "InMemory",
            ["Jobs:RunServer"] = "false",
            // Every test client comes from the same (absent) address, and one factory serves a whole test class: the
            // per-client limits would throttle the class itself. Sign-in tests set their own (and a client address,
            // TestClientAddress.Header).
            ["RateLimits:sign-in:PermitLimit"] = "100000",
            ["SignIn:ChallengeAfterClientFailures"] = "100000",
            ["SignIn:ClientBlockFailures"] = "100000",
        };
        // Tests send many requests from one client: the rate limits are set out of reach here; the rate-limit tests
        // set their own (Settings is applied after these).
        foreach (var policy in new[] { "public-form", "public-lookup", "search", "api", "sign-in" })
        {
            settings[$"RateLimits:{policy}:PermitLimit"] = "1000000";
        }
        if (Store == StoreKind.PostgreSql)
        {
            settings["Store:Provider"] = "PostgreSql";
            settings["Store:ConnectionString"] = SharePostgresWith is null ? CreatePostgresDatabase()
                : new NpgsqlConnectionStringBuilder(TestStores.RequirePostgres())
                {
                    Database = SharePostgresWith._postgresDatabase ?? throw new InvalidOperationException("要共用的应用尚未在 PostgreSQL 上启动。"),
                }.ConnectionString;
        }
        if (SharePostgresWith is { } first)
        {
            // A second node of the same installation: the same audit key and the same (shared) checkpoint directory.
            var paths = first.Services.GetRequiredService<NewMediaCms.Audit.AuditPaths>();
            settings["Audit:Key"] = first.Services.GetRequiredService<IConfiguration>()["Audit:Key"] ?? File.ReadAllText(paths.KeyFile).Trim();
            settings["Audit:AnchorDirectory"] = paths.AnchorDirectory;
        }
        foreach (var (k, v) in Settings)
        {
            settings[k] = v;
        }
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
        return base.CreateHost(builder);
    }

    private string CreatePostgresDatabase()
    {
        var baseConnection = TestStores.RequirePostgres();
        _postgresDatabase = "nmc_test_" + Guid.NewGuid().ToString("N")[..12];
        using (var connection = new NpgsqlConnection(baseConnection))
        {
            connection.Open();
            using var command = new NpgsqlCommand($"CREATE DATABASE {_postgresDatabase}", connection);
            command.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(baseConnection) { Database = _postgresDatabase }.ConnectionString;
    }

    /// <summary>A scope whose tenant context is set to <paramref name="tenantId"/> (null: no tenant).</summary>
    public AsyncServiceScope TenantScope(string? tenantId)
    {
        var scope = Services.CreateAsyncScope();
        var registry = scope.ServiceProvider.GetRequiredService<NewMediaCms.Tenancy.TenantRegistry>();
        scope.ServiceProvider.GetRequiredService<ITenantContext>().Set(tenantId is null ? null : registry.Find(tenantId));
        return scope;
    }

    public NmcDbContext Db(AsyncServiceScope scope) => scope.ServiceProvider.GetRequiredService<NmcDbContext>();

    /// <summary>A client that keeps cookies and does not follow redirects.</summary>
    public HttpClient Client(string? host = null)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        if (host is not null)
        {
            client.DefaultRequestHeaders.Host = host;
        }
        return client;
    }

    /// <summary>Signs in through the real sign-in form (antiforgery token included) and returns the client.</summary>
    public async Task<HttpClient> SignInAsync(string userName, string? password = null, string pathBase = "")
    {
        var client = Client();
        var response = await SubmitLoginAsync(client, userName, password ?? (userName == "admin" ? AdminPassword : DemoPassword), pathBase);
        if (response.StatusCode != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"{userName} 登录失败：{response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
        return client;
    }

    public static async Task<HttpResponseMessage> SubmitLoginAsync(HttpClient client, string userName, string password, string pathBase = "")
    {
        var form = await client.GetStringAsync(pathBase + "/admin/login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(pathBase + "/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = token,
        }));
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (!disposing)
        {
            return;
        }
        try
        {
            Directory.Delete(_appData, recursive: true);
        }
        catch (IOException)
        {
        }
        if (_postgresDatabase is not null && TestStores.PostgresConnectionString is { } cs)
        {
            // Best effort: a background worker of the server (autovacuum) may still hold the database for a moment;
            // a database left behind is removed by the next run of the test script, never a test failure.
            NpgsqlConnection.ClearAllPools();
            for (var attempt = 0; attempt < 5; attempt++)
            {
                try
                {
                    using var connection = new NpgsqlConnection(cs);
                    connection.Open();
                    using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_postgresDatabase} WITH (FORCE)", connection);
                    command.ExecuteNonQuery();
                    return;
                }
                catch (PostgresException)
                {
                    Thread.Sleep(200);
                }
            }
        }
    }
}

/// <summary>
/// Test clients all come from one connection of the test server: the header <see cref="Header"/> names the client
/// address a request pretends to come from (tests of the per-client sign-in limits).
/// </summary>
public sealed class TestClientAddress : Microsoft.AspNetCore.Hosting.IStartupFilter
{
    public const string Header = "X-Test-Client-Address";

    public Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> Configure(Action<Microsoft.AspNetCore.Builder.IApplicationBuilder> next) => app =>
    {
        app.Use(async (http, proceed) =>
        {
            if (http.Request.Headers.TryGetValue(Header, out var address) && IPAddress.TryParse(address.ToString(), out var ip))
            {
                http.Connection.RemoteIpAddress = ip;
            }
            await proceed(http);
        });
        next(app);
    };
}

/// <summary>The same application on PostgreSQL.</summary>
public sealed class PostgresAppFactory : NmcAppFactory
{
    public PostgresAppFactory() : base(StoreKind.PostgreSql)
    {
    }
}

public static class TestPaths
{
    public static string Recipe(string name) => Path.Combine(AppContext.BaseDirectory, "Recipes", name + ".recipe.json");

    public static string RepoRoot
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NewMediaCms.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new DirectoryNotFoundException("找不到仓库根目录（NewMediaCms.sln）。");
        }
    }
}
