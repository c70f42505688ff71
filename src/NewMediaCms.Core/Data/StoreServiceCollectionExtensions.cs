using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Core.Data;

public static class StoreServiceCollectionExtensions
{
    public const string SqliteMigrationsAssembly = "NewMediaCms.Migrations.Sqlite";
    public const string PostgreSqlMigrationsAssembly = "NewMediaCms.Migrations.PostgreSql";

    /// <summary>The store: one schema on SQLite (embedded default) or PostgreSQL, chosen by configuration.</summary>
    public static IServiceCollection AddStore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.AddOptions<StoreOptions>()
            .Bind(configuration.GetSection(StoreOptions.Section))
            .Validate(o => o.Provider != StoreProvider.PostgreSql || !string.IsNullOrWhiteSpace(o.ConnectionString),
                "Store:Provider 为 PostgreSql 时必须设置 Store:ConnectionString（环境变量 Store__ConnectionString）。")
            .ValidateOnStart();

        services.AddScoped<ITenantContext, TenantContext>();
        services.AddSingleton<IModelContributor, Settings.SettingsModel>();
        services.AddSingleton<IModelContributor, Recipes.RecipeRunModel>();
        services.AddScoped<Settings.SettingsStore>();
        services.TryAddSingleton(TimeProvider.System);
        services.AddDbContext<NmcDbContext>((sp, options) =>
        {
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            Configure(options, store, contentRoot);
            // Interceptors registered by capabilities (e.g. the public site evicts cached pages after commit).
            options.AddInterceptors(sp.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>());
        });
        return services;
    }

    public static void Configure(DbContextOptionsBuilder options, StoreOptions store, string contentRoot)
    {
        switch (store.Provider)
        {
            case StoreProvider.PostgreSql:
                options.UseNpgsql(store.ConnectionString, o => o.MigrationsAssembly(PostgreSqlMigrationsAssembly));
                break;
            default:
                options.UseSqlite(SqliteConnectionString(store, contentRoot), o => o.MigrationsAssembly(SqliteMigrationsAssembly));
                break;
        }
    }

    public static string SqliteConnectionString(StoreOptions store, string contentRoot)
    {
        if (!string.IsNullOrWhiteSpace(store.ConnectionString))
        {
            var given = new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(store.ConnectionString);
            if (given.Mode == Microsoft.Data.Sqlite.SqliteOpenMode.ReadWriteCreate && given.DataSource is { Length: > 0 } file
                && file != ":memory:" && !file.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
            {
                PrivateFiles.SqliteDatabase(file);
            }
            return store.ConnectionString;
        }
        var path = Path.Combine(AppData(store, contentRoot), "newmediacms.db");
        PrivateFiles.SqliteDatabase(path);
        // Private cache (the default): a shared cache serialises every reader behind one lock. WAL is set at start-up.
        return $"Data Source={path};Pooling=True";
    }

    /// <summary>The App_Data folder (Store:AppDataPath, relative to the content root), created or tightened to 0700.</summary>
    public static string AppData(StoreOptions store, string contentRoot)
        => PrivateFiles.Directory(Path.IsPathRooted(store.AppDataPath) ? store.AppDataPath : Path.Combine(contentRoot, store.AppDataPath));
}
