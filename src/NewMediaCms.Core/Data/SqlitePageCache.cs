using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace NewMediaCms.Core.Data;

/// <summary>
/// A larger SQLite page cache for the duration of a bulk read (the inspection's scans and index seeks over a million
/// rows). SQLite's default cache is 2 MB per connection, so such a read fetches the same index pages from the operating
/// system again and again (a system call each). The connection stays open while the cache is enlarged and gets the
/// default back before it returns to the pool, which frees the pages. PostgreSQL: nothing to do (the server's buffers).
/// </summary>
public static class SqlitePageCache
{
    /// <summary>SQLite's own default (-2000: 2,000 KiB).</summary>
    private const int DefaultKib = 2000;

    public static async Task<IAsyncDisposable> EnlargeAsync(DatabaseFacade database, int mebibytes, CancellationToken ct)
    {
        if (!database.IsSqlite())
        {
            return Nothing.Instance;
        }
        await database.OpenConnectionAsync(ct);
        // A pragma takes no parameters; the value is a number formatted here.
        await database.ExecuteSqlRawAsync(CacheSize(mebibytes * 1024), ct);
        return new Restore(database);
    }

    private static string CacheSize(int kibibytes) => "PRAGMA cache_size = -" + kibibytes.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private sealed class Restore(DatabaseFacade database) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await database.ExecuteSqlRawAsync(CacheSize(DefaultKib));
            await database.CloseConnectionAsync();
        }
    }

    private sealed class Nothing : IAsyncDisposable
    {
        public static readonly Nothing Instance = new();

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
