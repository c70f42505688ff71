using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Interaction;

namespace NewMediaCms.Tests.Security;

/// <summary>Data-protection keys and citizens' contacts are encrypted in the store; the keys are not in the database.</summary>
public sealed class EncryptionAtRestTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private string KeysDir => Path.Combine(_app.AppData, "keys");

    /// <summary>Makes the application create its key ring (the sign-in page issues an antiforgery token).</summary>
    private static async Task UseKeysAsync(NmcAppFactory app)
        => Assert.Equal(HttpStatusCode.OK, (await app.Client().GetAsync("/admin/login")).StatusCode);

    [Fact]
    public async Task Stored_data_protection_keys_hold_no_plaintext_master_key()
    {
        await UseKeysAsync(_app);
        var files = Directory.GetFiles(KeysDir, "*.xml");
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain("<masterKey", xml);
            Assert.Contains("<encryptedSecret", xml);
            Assert.Contains("AesGcmXmlDecryptor", xml);
        }
        // The key that encrypts them is a 0600 file outside the keys folder (and not in the database).
        var keyFile = Path.Combine(_app.AppData, "secrets", "DataProtection.key");
        Assert.True(File.Exists(keyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(keyFile)!));
        }
        // And the application still signs people in with them.
        await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
    }

    [Fact]
    public async Task A_key_ring_written_in_plain_text_is_encrypted_at_start_and_still_opens_what_it_protected()
    {
        // An older installation: keys stored unencrypted, a value protected with them.
        Directory.CreateDirectory(KeysDir);
        var old = DataProtectionProvider.Create(new DirectoryInfo(KeysDir), b => b.SetApplicationName("NewMediaCms"));
        var protectedValue = old.CreateProtector("test").Protect("旧数据");
        Assert.Contains("<masterKey", await File.ReadAllTextAsync(Directory.GetFiles(KeysDir, "*.xml").Single()));

        await UseKeysAsync(_app);
        var xml = await File.ReadAllTextAsync(Directory.GetFiles(KeysDir, "*.xml").Single());
        Assert.DoesNotContain("<masterKey", xml);
        Assert.Contains("<encryptedSecret", xml);
        var provider = _app.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.Equal("旧数据", provider.CreateProtector("test").Unprotect(protectedValue));
    }

    [Fact]
    public async Task With_a_certificate_configured_the_keys_are_encrypted_with_it()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=NewMediaCms 数据保护测试", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var cert = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        Directory.CreateDirectory(_app.AppData);
        var pfx = Path.Combine(_app.AppData, "dp.pfx");
        await File.WriteAllBytesAsync(pfx, cert.Export(X509ContentType.Pfx, "测试口令-1"));
        _app.Settings["DataProtection:Certificate:Path"] = pfx;
        _app.Settings["DataProtection:Certificate:Password"] = "测试口令-1";

        await UseKeysAsync(_app);
        var xml = await File.ReadAllTextAsync(Directory.GetFiles(KeysDir, "*.xml").Single());
        Assert.DoesNotContain("<masterKey", xml);
        Assert.Contains("EncryptedData", xml);
        // EncryptedXml names the certificate by embedding it (X509Data), not by its thumbprint.
        Assert.Contains(Convert.ToBase64String(cert.RawData), xml);
        Assert.False(File.Exists(Path.Combine(_app.AppData, "secrets", "DataProtection.key")));
        await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
    }

    private async Task<List<(long Id, string? Contact)>> RawContactsAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={Path.Combine(_app.AppData, "newmediacms.db")}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, Contact FROM CitizenMessages ORDER BY Id";
        var rows = new List<(long, string?)>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetString(1)));
        }
        return rows;
    }

    [Fact]
    public async Task A_citizens_phone_number_is_not_in_the_database_column_yet_the_answering_staff_read_it()
    {
        var client = _app.Client();
        var fields = MessageSite.Valid("加密测试：小区门口积水");
        fields["contact"] = "13912345678";
        var (status, html) = await MessageSite.SubmitAsync(client, "gaj", fields);
        Assert.Equal(HttpStatusCode.OK, status);
        var code = MessageSite.QueryCode(html)!;

        var stored = Assert.Single(await MessageSite.AllAsync(_app), m => m.Subject == "加密测试：小区门口积水");
        Assert.Equal("13912345678", stored.Contact);
        var raw = (await RawContactsAsync()).Single(r => r.Id == stored.Id).Contact!;
        Assert.DoesNotContain("13912345678", raw);
        Assert.DoesNotContain("1391234", raw);
        Assert.StartsWith("enc1:", raw);
        Assert.All(await RawContactsAsync(), r => Assert.True(r.Contact is null || r.Contact.StartsWith("enc1:", StringComparison.Ordinal), r.Contact));

        // The lookup by query code still finds it; the department's reply page shows the contact.
        var (found, page) = await MessageSite.LookupAsync(client, "gaj", code);
        Assert.Equal(HttpStatusCode.OK, found);
        Assert.Contains("加密测试：小区门口积水", page);
        var admin = await _app.SignInAsync("gaj.admin", pathBase: "/gaj");
        var reply = await admin.GetStringAsync($"/gaj/admin/messages/{stored.Id}");
        Assert.Contains("13912345678", reply);
    }

    [Fact]
    public async Task Contacts_stored_in_plain_text_before_are_encrypted_at_start_and_audited()
    {
        var m = await MessageSite.AddAsync(_app, "gaj", "旧留言：明文联系方式", DateTime.UtcNow.AddDays(-3));
        // As an older version wrote it: plain text in the column.
        await using (var connection = new SqliteConnection($"Data Source={Path.Combine(_app.AppData, "newmediacms.db")}"))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE CitizenMessages SET Contact = '13700001111' WHERE Id = $id";
            command.Parameters.AddWithValue("$id", m.Id);
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        Assert.Equal("13700001111", (await RawContactsAsync()).Single(r => r.Id == m.Id).Contact);
        // Readable meanwhile (a row not yet sealed reads as it is).
        Assert.Equal("13700001111", Assert.Single(await MessageSite.AllAsync(_app), x => x.Id == m.Id).Contact);

        var atStart = _app.Services.GetServices<IHostedService>().OfType<ContactEncryptionAtStart>().Single();
        await atStart.StartAsync(CancellationToken.None);

        var raw = (await RawContactsAsync()).Single(r => r.Id == m.Id).Contact!;
        Assert.StartsWith("enc1:", raw);
        Assert.Equal("13700001111", Assert.Single(await MessageSite.AllAsync(_app), x => x.Id == m.Id).Contact);
        await using var scope = _app.TenantScope(null);
        Assert.True(await _app.Db(scope).Set<NewMediaCms.Audit.AuditEntry>().AcrossTenants().AnyAsync(e => e.Action == "messages.contacts-encrypted"));
    }
}
