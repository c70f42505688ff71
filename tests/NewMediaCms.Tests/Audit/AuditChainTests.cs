using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;
using static NewMediaCms.Tests.Audit.AuditAttacker;

namespace NewMediaCms.Tests.Audit;

/// <summary>
/// The audit log is a chain of keyed MACs, anchored outside the store: every action leaves an entry, and whatever someone
/// who can write the database does to it — edit and re-hash, delete and renumber, cut the tail and move the head, empty
/// it — or to the checkpoint file, the verifier finds, naming the first bad sequence.
/// </summary>
public sealed class AuditChainTests
{
    [Fact]
    public async Task Every_step_of_the_editorial_path_leaves_a_chained_entry_and_the_chain_verifies_with_its_checkpoints()
    {
        using var app = NmcAppFactory.Create();
        var id = await PublishOneAsync(app);
        await CheckpointAsync(app);

        var entries = await EntriesAsync(app);
        var mine = entries.Where(e => e.SubjectId.StartsWith(id, StringComparison.Ordinal)).Select(e => (e.Action, e.Actor)).ToList();
        Assert.Equal(
        [
            ("content.created", "gaj.editor"), ("review.submitted", "gaj.editor"), ("review.approved", "gaj.reviewer1"),
            ("review.approved", "gaj.reviewer2"), ("review.approved", "gaj.reviewer3"), ("content.published", "gaj.editor"),
        ], mine);
        Assert.Equal("recipe.applied", entries[0].Action);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        Assert.Equal(AuditChain.Genesis, entries[0].PreviousHash);
        for (var i = 1; i < entries.Count; i++)
        {
            Assert.Equal(entries[i - 1].Hash, entries[i].PreviousHash);
        }
        // Keyed: the MAC is not the plain SHA-256 anyone could recompute.
        Assert.All(entries, e => Assert.NotEqual(AuditChain.LegacySha256(e), e.Hash));
        Assert.All(entries.Where(e => e.SubjectId.StartsWith(id, StringComparison.Ordinal)), e => Assert.Equal("gaj", e.TenantId));

        var verification = await VerifyAsync(app);
        Assert.True(verification.Valid, string.Join("\n", verification.Problems));
        Assert.Equal(entries.Count, verification.Checked);
        Assert.Equal(entries[^1].Sequence, verification.LastCheckpoint);
    }

    [Fact]
    public async Task An_edited_entry_is_detected_at_its_sequence()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var target = (await EntriesAsync(app)).First(e => e.Action == "review.approved");

        await ExecuteAsync(app, $"UPDATE \"AuditEntries\" SET \"Actor\" = 'gaj.editor' WHERE \"Sequence\" = {target.Sequence}");

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(target.Sequence, verification.FirstBrokenSequence);
        Assert.Contains($"第 {target.Sequence} 条记录的内容与其密钥校验码不符（记录被修改或伪造）。", verification.Problems);
    }

    [Fact]
    public async Task An_entry_edited_and_the_rest_of_the_chain_re_hashed_with_plain_SHA256_and_the_head_moved_is_detected_at_the_edit()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var original = await EntriesAsync(app);
        var target = original.First(e => e.Action == "review.approved");
        var rewritten = original.Select(Copy).ToList();
        rewritten.Single(e => e.Id == target.Id).Actor = "someone.else";

        await RewriteAsync(app, original, rewritten, target.Sequence);

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(target.Sequence, verification.FirstBrokenSequence);
        Assert.Contains($"第 {target.Sequence} 条记录的内容与其密钥校验码不符（记录被修改或伪造）。", verification.Problems);
    }

    [Fact]
    public async Task An_entry_deleted_and_the_rest_renumbered_and_re_hashed_is_detected_at_the_deleted_sequence()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var original = await EntriesAsync(app);
        var deleted = original[original.Count / 2];
        var rewritten = original.Where(e => e.Id != deleted.Id).Select(Copy).ToList();
        foreach (var e in rewritten.Where(e => e.Sequence > deleted.Sequence))
        {
            e.Sequence--;
        }

        await RewriteAsync(app, original, rewritten, deleted.Sequence);

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(deleted.Sequence, verification.FirstBrokenSequence);
        Assert.Equal(original.Count - 1, verification.Checked);
    }

    [Fact]
    public async Task The_tail_cut_and_the_head_moved_back_is_detected_by_the_checkpoint_outside_the_store()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        await CheckpointAsync(app);
        var entries = await EntriesAsync(app);
        var newLast = entries[^4];

        // Everything inside the database fits: the rows after newLast are gone and the head names newLast.
        await ExecuteAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" > {0}", newLast.Sequence);
        await ExecuteAsync(app, "UPDATE \"AuditHead\" SET \"Sequence\" = {0}, \"Hash\" = {1}", newLast.Sequence, newLast.Hash);

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(newLast.Sequence + 1, verification.FirstBrokenSequence);
        Assert.Contains(verification.Problems, p => p.Contains($"已到第 {entries[^1].Sequence} 条，但日志只到第 {newLast.Sequence} 条（末尾记录被截断）"));
    }

    [Fact]
    public async Task An_emptied_log_is_detected_by_the_checkpoint_outside_the_store()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        await CheckpointAsync(app);

        await ExecuteAsync(app, "DELETE FROM \"AuditEntries\"");
        await ExecuteAsync(app, "DELETE FROM \"AuditHead\"");

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(1, verification.FirstBrokenSequence);
        Assert.Equal(0, verification.Checked);
        Assert.Contains(verification.Problems, p => p.Contains("日志被清空"));
    }

    [Fact]
    public async Task A_tampered_checkpoint_file_is_detected_naming_the_checkpoint()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app, "第一条");
        await CheckpointAsync(app);
        await PublishOneAsync(app, "第二条");
        await CheckpointAsync(app);
        var file = AnchorFile(app);
        var lines = await File.ReadAllLinesAsync(file);
        Assert.Equal(2, lines.Length);
        Assert.True((await VerifyAsync(app)).Valid);
        var first = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement.GetProperty("sequence").GetInt64();

        // Moving the first checkpoint's sequence back (to hide a later cut) breaks its signature.
        lines[0] = lines[0].Replace($"\"sequence\":{first},", $"\"sequence\":{first - 1},");
        await File.WriteAllLinesAsync(file, lines);
        var edited = await VerifyAsync(app);
        Assert.False(edited.Valid);
        Assert.Equal(first - 1, edited.FirstBrokenSequence);
        Assert.Contains(edited.Problems, p => p.Contains("外部检查点文件第 1 行") && p.Contains("签名不符"));

        // Removing a checkpoint breaks the link of the next one.
        await File.WriteAllLinesAsync(file, [lines[1]]);
        var removed = await VerifyAsync(app);
        Assert.False(removed.Valid);
        Assert.Contains(removed.Problems, p => p.Contains("与上一行不衔接"));
    }

    [Fact]
    public async Task A_checkpoint_is_written_after_every_N_entries_without_waiting_for_the_job()
    {
        using var app = NmcAppFactory.Create();
        app.Settings["Audit:CheckpointEvery"] = "5";
        await PublishOneAsync(app);

        var checkpoints = await File.ReadAllLinesAsync(AnchorFile(app));
        Assert.NotEmpty(checkpoints);
        var sequences = checkpoints.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("sequence").GetInt64()).ToList();
        Assert.Equal(sequences.Order(), sequences);
        var entries = await EntriesAsync(app);
        // Each checkpoint names a real entry by its MAC.
        foreach (var line in checkpoints)
        {
            var root = System.Text.Json.JsonDocument.Parse(line).RootElement;
            Assert.Equal(entries.Single(e => e.Sequence == root.GetProperty("sequence").GetInt64()).Hash, root.GetProperty("mac").GetString());
        }
        Assert.True((await VerifyAsync(app)).Valid);
    }

    [Fact]
    public async Task The_key_is_a_private_file_outside_the_database_and_never_stored_in_it()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        await CheckpointAsync(app);
        var paths = app.Services.GetRequiredService<AuditPaths>();

        Assert.True(File.Exists(paths.KeyFile));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.KeyFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(paths.AnchorFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(paths.KeyDirectory));
        }
        var key = (await File.ReadAllTextAsync(paths.KeyFile)).Trim();
        var databaseFiles = Directory.GetFiles(app.AppData, "newmediacms.db*");
        Assert.NotEmpty(databaseFiles);
        foreach (var file in databaseFiles)
        {
            Assert.Equal(-1, System.Text.Encoding.ASCII.GetString(await File.ReadAllBytesAsync(file)).IndexOf(key, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task HMAC_SM3_is_selectable_and_a_chain_sealed_with_it_verifies()
    {
        using var app = NmcAppFactory.Create();
        app.Settings["Audit:Algorithm"] = "HmacSm3";
        app.Settings["Audit:Key"] = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
        await PublishOneAsync(app);

        var keys = app.Services.GetRequiredService<AuditKeyRing>();
        Assert.StartsWith("hmac-sm3:", keys.KeyId);
        await using (var scope = app.TenantScope(null))
        {
            Assert.Equal(keys.KeyId, (await app.Db(scope).Set<AuditHead>().AsNoTracking().SingleAsync()).KeyId);
        }
        Assert.False(File.Exists(app.Services.GetRequiredService<AuditPaths>().KeyFile)); // the configured key is used, no file made
        // The same entry under the same key gives another MAC with SHA-256: the algorithm really is SM3.
        var entry = (await EntriesAsync(app))[0];
        var sha = new AuditKeyRing(Microsoft.Extensions.Options.Options.Create(new AuditOptions { Key = app.Settings["Audit:Key"] }),
            new AuditPaths("/nonexistent", "/nonexistent", "/nonexistent"));
        Assert.NotEqual(AuditChain.Seal(sha, entry), entry.Hash);
        Assert.True((await VerifyAsync(app)).Valid);
    }

    [Fact]
    public async Task Every_checkpoint_is_also_sent_to_the_configured_syslog_server_as_RFC_5424()
    {
        using var listener = new System.Net.Sockets.UdpClient(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 0));
        var port = ((System.Net.IPEndPoint)listener.Client.LocalEndPoint!).Port;
        using var app = NmcAppFactory.Create();
        app.Settings["Audit:SyslogHost"] = "127.0.0.1";
        app.Settings["Audit:SyslogPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await PublishOneAsync(app);

        await CheckpointAsync(app);

        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var received = await listener.ReceiveAsync(wait.Token);
        var message = System.Text.Encoding.UTF8.GetString(received.Buffer);
        Assert.StartsWith("<109>1 ", message); // facility 13 (log audit), severity 5 (notice), version 1
        Assert.Contains(" newmediacms ", message);
        Assert.Contains(" audit-checkpoint - {", message);
        var checkpoint = System.Text.Json.JsonDocument.Parse(message[message.IndexOf('{')..]).RootElement;
        var last = (await EntriesAsync(app))[^1];
        Assert.Equal(last.Sequence, checkpoint.GetProperty("sequence").GetInt64());
        Assert.Equal(last.Hash, checkpoint.GetProperty("mac").GetString());
        Assert.Equal((await File.ReadAllLinesAsync(AnchorFile(app)))[^1], message[message.IndexOf('{')..]); // the same signed line as in the file
    }

    private static AuditEntry Copy(AuditEntry e) => new()
    {
        Id = e.Id, Sequence = e.Sequence, TimestampUtc = e.TimestampUtc, TenantId = e.TenantId, Actor = e.Actor, IpAddress = e.IpAddress,
        Action = e.Action, SubjectType = e.SubjectType, SubjectId = e.SubjectId, Before = e.Before, After = e.After, Detail = e.Detail,
        PreviousHash = e.PreviousHash, Hash = e.Hash,
    };
}
