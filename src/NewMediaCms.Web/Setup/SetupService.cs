using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Recipes;
using NewMediaCms.Tenancy;
using NewMediaCms.Users;

namespace NewMediaCms.Web.Setup;

/// <summary>
/// Brings the store up to date at start: applies migrations, makes sure the built-in roles exist, and on the
/// first start of an empty store runs the configured recipe (the demo county by default).
/// </summary>
public sealed class SetupService(
    NmcDbContext db,
    BuiltInRoles roles,
    NewMediaCms.Audit.AuditSealing auditSealing,
    TenantDirectory tenants,
    RecipeRunner recipes,
    IOptions<NewMediaCms.Core.Data.StoreOptions> store,
    IOptions<SetupOptions> setup,
    IHostEnvironment environment,
    ILogger<SetupService> logger)
{
    public async Task<FirstStartCredentials?> InitializeAsync(CancellationToken ct = default)
    {
        await PrepareStoreAsync(ct);
        if (string.IsNullOrWhiteSpace(setup.Value.Recipe) || await tenants.AnyAsync(ct))
        {
            return null;
        }
        var credentials = new FirstStartCredentials(
            string.IsNullOrEmpty(setup.Value.AdminPassword) ? Passwords.Generate() : setup.Value.AdminPassword,
            string.IsNullOrEmpty(setup.Value.DemoPassword) ? Passwords.Generate() : setup.Value.DemoPassword);
        var file = ResolveRecipe(setup.Value.Recipe);
        logger.LogInformation("首次启动：执行配方 {Recipe}", file);
        await recipes.RunFileAsync(file, new Dictionary<string, string>
        {
            ["adminPassword"] = credentials.AdminPassword,
            ["demoPassword"] = credentials.DemoPassword,
        }, ct);
        return credentials;
    }

    /// <summary>Migrations, the audit chain bound to its key (an old chain re-sealed once) and built-in roles: what every start and every command needs.</summary>
    public async Task PrepareStoreAsync(CancellationToken ct = default)
    {
        // App_Data is the owner's only (0700) on every provider (PostgreSQL still keeps the index and keys there).
        StoreServiceCollectionExtensions.AppData(store.Value, environment.ContentRootPath);
        await MigrateAsync(ct);
        await auditSealing.EnsureAsync(ct);
        await roles.EnsureAsync();
    }

    public async Task MigrateAsync(CancellationToken ct = default)
    {
        if (!store.Value.MigrateOnStart)
        {
            return;
        }
        try
        {
            await db.Database.MigrateAsync(ct);
            if (store.Value.Provider == StoreProvider.Sqlite)
            {
                // Write-ahead logging: readers never wait for a writer (the setting is kept in the database file).
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
            }
        }
        catch (Exception ex) when (store.Value.Provider == StoreProvider.PostgreSql && ex is not OperationCanceledException)
        {
            throw new StoreUnavailableException(
                "无法连接或迁移 PostgreSQL 数据库。请检查配置项 Store:ConnectionString（环境变量 Store__ConnectionString），" +
                $"例如 Host=127.0.0.1;Database=newmediacms;Username=nmc;Password=...。原因：{ex.GetBaseException().Message}", ex);
        }
    }

    /// <summary>The file of a recipe given by name (in recipes/) or path; a missing one is an error naming the setting.</summary>
    public string ResolveRecipe(string recipe)
    {
        var file = RecipeFiles.Locate(recipe, setup.Value.RecipesPath, environment.ContentRootPath);
        return File.Exists(file) ? file : throw new FileNotFoundException($"找不到配方 “{recipe}”（查找了 {file}）。可在配置项 Setup:Recipe 中设置。");
    }
}

public sealed record FirstStartCredentials(string AdminPassword, string DemoPassword);

public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
