using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Media.Storage;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Media;

/// <summary>Both storages behave the same: whole writes are atomic, uploads grow only at their offset, a dropped connection keeps what arrived.</summary>
public sealed class MediaStorageTests
{
    public static IEnumerable<object[]> Storages()
    {
        yield return ["FileSystem", StoreKind.Sqlite];
        yield return ["Database", StoreKind.Sqlite];
        foreach (var both in TestStores.Both().Where(b => (StoreKind)b[0] == StoreKind.PostgreSql))
        {
            yield return ["Database", StoreKind.PostgreSql];
        }
    }

    private static async Task<(NmcAppFactory App, IMediaStorage Storage)> StartAsync(string kind, StoreKind store)
    {
        var app = NmcAppFactory.Create(store);
        app.Settings["Media:Storage"] = kind;
        app.Settings["Media:MaxChunkBytes"] = (3L * 1024 * 1024).ToString();
        _ = app.Server;
        await Task.CompletedTask;
        return (app, app.Services.GetRequiredService<IMediaStorage>());
    }

    private static async Task<byte[]> ReadAllAsync(IMediaStorage storage, string key)
    {
        await using var s = await storage.OpenReadAsync(key, default);
        Assert.NotNull(s);
        using var ms = new MemoryStream();
        await s.CopyToAsync(ms);
        return ms.ToArray();
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task An_upload_grows_only_at_its_offset_and_keeps_what_arrived_before_a_dropped_connection(string kind, StoreKind store)
    {
        var (app, storage) = await StartAsync(kind, store);
        using var _ = app;
        Assert.Equal(kind == "Database" ? typeof(DatabaseMediaStorage) : typeof(FileSystemMediaStorage), storage.GetType());
        var data = new byte[(int)(2.5 * 1024 * 1024)];
        new Random(7).NextBytes(data);
        const string key = "uploads/test1";

        // The connection drops after 1.2 MB: what arrived is kept (the database storage keeps whole 1 MB blocks).
        var afterDrop = await storage.AppendAsync(key, 0, new TestFiles.DroppingStream(data, 1_200_000), long.MaxValue, default);
        Assert.NotNull(afterDrop);
        Assert.Equal(kind == "Database" ? DatabaseMediaStorage.BlockSize : 1_200_000, afterDrop.Value);
        Assert.Equal(afterDrop.Value, await storage.LengthAsync(key, default));

        // A chunk sent at the wrong offset writes nothing.
        Assert.Null(await storage.AppendAsync(key, 0, new MemoryStream(data), long.MaxValue, default));
        Assert.Equal(afterDrop.Value, await storage.LengthAsync(key, default));

        // Resume from the offset the storage reports.
        var resumed = await storage.AppendAsync(key, afterDrop.Value, new MemoryStream(data, (int)afterDrop.Value, data.Length - (int)afterDrop.Value), long.MaxValue, default);
        Assert.Equal(data.Length, resumed);

        await storage.PromoteAsync(key, "gaj/abc/v1.bin", default);
        Assert.Equal(0, await storage.LengthAsync(key, default));
        Assert.Equal(data, await ReadAllAsync(storage, "gaj/abc/v1.bin"));
    }

    [Theory]
    [MemberData(nameof(Storages))]
    public async Task A_failed_whole_write_leaves_the_previous_file_intact(string kind, StoreKind store)
    {
        var (app, storage) = await StartAsync(kind, store);
        using var _ = app;
        var first = new byte[1_500_000];
        new Random(1).NextBytes(first);
        await storage.WriteAsync("gaj/x/v1.jpg", new MemoryStream(first), default);

        var second = new byte[3_000_000];
        await Assert.ThrowsAsync<IOException>(() => storage.WriteAsync("gaj/x/v1.jpg", new TestFiles.DroppingStream(second, 2_100_000), default));

        Assert.Equal(first, await ReadAllAsync(storage, "gaj/x/v1.jpg"));
        await storage.DeleteAsync("gaj/x/v1.jpg", default);
        Assert.Null(await storage.OpenReadAsync("gaj/x/v1.jpg", default));
    }

    [Fact]
    public async Task A_key_that_would_leave_the_storage_root_is_refused()
    {
        var storage = new FileSystemMediaStorage(Path.GetTempPath());
        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync("../etc/passwd", new MemoryStream(), default));
        await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync("/abs", new MemoryStream(), default));
    }
}
