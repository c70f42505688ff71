using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Media.Storage;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// The SQLite file holds password hashes, citizens' contacts and the audit log: it and its -wal/-shm are 0600, App_Data
/// and the media folder 0700, on a fresh store and on an installation whose files were created world-readable before.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class DataAtRestTests
{
    private const UnixFileMode OwnerFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode OwnerFolder = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    private static async Task AssertPrivateAsync(NmcAppFactory app)
    {
        // A request that reads and writes: the store is open in WAL mode, so -wal and -shm exist.
        var client = await app.SignInAsync("admin");
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/admin")).StatusCode);
        var db = Path.Combine(app.AppData, "newmediacms.db");
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(app.AppData));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(db));
        Assert.True(File.Exists(db + "-wal") && File.Exists(db + "-shm"), "WAL 模式下应有 -wal 与 -shm 文件");
        Assert.Equal(OwnerFile, File.GetUnixFileMode(db + "-wal"));
        Assert.Equal(OwnerFile, File.GetUnixFileMode(db + "-shm"));
        var media = app.Services.GetRequiredService<FileSystemMediaStorage>().Root;
        Assert.Equal(OwnerFolder, File.GetUnixFileMode(media));
    }

    [Fact]
    public async Task A_fresh_store_is_created_readable_by_its_owner_only()
    {
        await using var app = NmcAppFactory.Create();
        await AssertPrivateAsync(app);
    }

    [Fact]
    public async Task World_readable_files_of_an_existing_installation_are_tightened_at_start()
    {
        await using var app = NmcAppFactory.Create();
        // As an older version left them: App_Data 0755, an (empty, valid) database file 0644, the media folder 0755.
        Directory.CreateDirectory(app.AppData);
        File.SetUnixFileMode(app.AppData, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        var db = Path.Combine(app.AppData, "newmediacms.db");
        await File.WriteAllBytesAsync(db, []);
        File.SetUnixFileMode(db, OwnerFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        var media = Path.Combine(app.AppData, "media");
        Directory.CreateDirectory(media);
        File.SetUnixFileMode(media, OwnerFolder | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        await AssertPrivateAsync(app);
    }
}
