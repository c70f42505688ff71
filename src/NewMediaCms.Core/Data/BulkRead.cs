using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace NewMediaCms.Core.Data;

/// <summary>
/// Connection settings for a bulk read (the inspection's scans, joins and groupings over a million rows), held for its
/// duration and put back before the connection returns to the pool. SQLite: a larger page cache (the default 2 MB makes
/// such a read fetch the same index pages from the operating system again and again, a system call each). PostgreSQL: a
/// larger work_mem, so that hash joins and aggregates of a million rows stay in memory instead of spilling to disk.
/// </summary>
public static class BulkRead
{
    /// <summary>SQLite's default page cache (-2000: 2,000 KiB).</summary>
    private const int SqliteDefaultCacheKib = 2000;

    public static async Task<IAsyncDisposable> BeginAsync(DatabaseFacade database, int sqliteCacheMiB, int postgresWorkMemMiB, CancellationToken ct)
    {
        var (set, reset) = database.IsSqlite()
            ? (CacheSize(sqliteCacheMiB * 1024), CacheSize(SqliteDefaultCacheKib))
            : database.IsNpgsql() ? ("SET work_mem = '" + Number(postgresWorkMemMiB) + "MB'", "RESET work_mem")
            : (null, null);
        if (set is null || reset is null)
        {
            return Nothing.Instance;
        }
        await database.OpenConnectionAsync(ct);
        // Settings take no parameters; the values are numbers formatted here.
        await database.ExecuteSqlRawAsync(set, ct);
        return new Restore(database, reset);
    }

    private static string CacheSize(int kibibytes) => "PRAGMA cache_size = -" + Number(kibibytes);

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    private sealed class Restore(DatabaseFacade database, string reset) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await database.ExecuteSqlRawAsync(reset);
            await database.CloseConnectionAsync();
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
