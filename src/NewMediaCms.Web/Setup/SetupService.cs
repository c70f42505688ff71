using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Identity;
using NewMediaCms.Recipes;
using NewMediaCms.Tenancy;

namespace NewMediaCms.Web.Setup;

/// <summary>
/// Brings the store up to date at start: applies migrations, makes sure the built-in roles exist, and on the
/// first start of an empty store runs the configured recipe (the demo county by default).
/// </summary>
public sealed class SetupService(
    NmcDbContext db,
    RoleManager<NmcRole> roles,
    RecipeRunner recipes,
    IOptions<NewMediaCms.Core.Data.StoreOptions> store,
    IOptions<SetupOptions> setup,
    IHostEnvironment environment,
    ILogger<SetupService> logger)
{
    public async Task<FirstStartCredentials?> InitializeAsync(CancellationToken ct = default)
    {
        await PrepareStoreAsync(ct);
        if (await db.Set<Tenant>().AnyAsync(ct) || string.IsNullOrWhiteSpace(setup.Value.Recipe))
        {
            return null;
        }
        var credentials = new FirstStartCredentials(
            string.IsNullOrEmpty(setup.Value.AdminPassword) ? GeneratePassword() : setup.Value.AdminPassword,
            string.IsNullOrEmpty(setup.Value.DemoPassword) ? GeneratePassword() : setup.Value.DemoPassword);
        var file = ResolveRecipe(setup.Value.Recipe);
        logger.LogInformation("首次启动：执行配方 {Recipe}", file);
        await recipes.RunFileAsync(file, new Dictionary<string, string>
        {
            ["adminPassword"] = credentials.AdminPassword,
            ["demoPassword"] = credentials.DemoPassword,
        }, ct);
        return credentials;
    }

    /// <summary>Migrations and built-in roles: what every start and every command needs.</summary>
    public async Task PrepareStoreAsync(CancellationToken ct = default)
    {
        await MigrateAsync(ct);
        foreach (var role in Roles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                await roles.CreateAsync(new NmcRole(role) { DisplayName = Roles.DisplayNames[role] });
            }
        }
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

    public string ResolveRecipe(string recipe)
    {
        if (File.Exists(recipe))
        {
            return Path.GetFullPath(recipe);
        }
        var dir = setup.Value.RecipesPath ?? AppPaths.Find(environment.ContentRootPath, "recipes");
        var file = Path.Combine(dir, recipe.EndsWith(".json", StringComparison.Ordinal) ? recipe : recipe + ".recipe.json");
        return File.Exists(file) ? file : throw new FileNotFoundException($"找不到配方 “{recipe}”（查找了 {file}）。可在配置项 Setup:Recipe 中设置。");
    }

    /// <summary>16 characters from an alphabet without look-alikes, always with upper, lower, digit and symbol.</summary>
    public static string GeneratePassword()
    {
        const string upper = "ABCDEFGHJKLMNPQRSTUVWXYZ", lower = "abcdefghijkmnpqrstuvwxyz", digits = "23456789", symbols = "!@#%+=?";
        var all = upper + lower + digits + symbols;
        var chars = new List<char>
        {
            upper[RandomNumberGenerator.GetInt32(upper.Length)],
            lower[RandomNumberGenerator.GetInt32(lower.Length)],
            digits[RandomNumberGenerator.GetInt32(digits.Length)],
            symbols[RandomNumberGenerator.GetInt32(symbols.Length)],
        };
        while (chars.Count < 16)
        {
            chars.Add(all[RandomNumberGenerator.GetInt32(all.Length)]);
        }
        return new string([.. chars.OrderBy(_ => RandomNumberGenerator.GetInt32(int.MaxValue))]);
    }
}

public sealed record FirstStartCredentials(string AdminPassword, string DemoPassword);

public sealed class StoreUnavailableException(string message, Exception inner) : Exception(message, inner);
