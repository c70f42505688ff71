using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Setup;
using static NewMediaCms.Tests.Audit.AuditAttacker;

namespace NewMediaCms.Tests.Audit;

/// <summary>
/// Retention (网络安全法 §21: at least six months) and archives: nothing younger than the retention period is ever removed,
/// older entries go only after they were written to a signed archive that verifies, the removal is itself in the chain and
/// the chain continues from the recorded base; an archive verifies offline and a tampered one is refused.
/// </summary>
public sealed class AuditRetentionTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 2, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_retention_shorter_than_180_days_is_refused_naming_the_setting()
    {
        var validator = new AuditOptionsValidator();

        var result = validator.Validate(null, new AuditOptions { RetentionDays = 90 });

        Assert.True(result.Failed);
        Assert.Contains("Audit:RetentionDays", result.FailureMessage);
        Assert.True(validator.Validate(null, new AuditOptions()).Succeeded);
        Assert.Equal(180, new AuditOptions().RetentionDays);
        Assert.True(validator.Validate(null, new AuditOptions { Key = "dG9vIHNob3J0" }).Failed); // a key shorter than 32 bytes
    }

    [Fact]
    public async Task Old_entries_are_removed_only_after_a_verified_archive_and_nothing_younger_than_the_retention_period_goes()
    {
        var clock = new FakeTimeProvider(Start);
        using var app = NmcAppFactory.Create();
        app.Clock = clock;
        await PublishOneAsync(app, "半年前的通知");
        var old = await EntriesAsync(app);
        clock.Advance(TimeSpan.FromDays(200));
        await PublishOneAsync(app, "今天的通知");
        var before = await EntriesAsync(app);
        var young = before.Where(e => e.TimestampUtc >= clock.GetUtcNow().UtcDateTime.AddDays(-180)).ToList();

        AuditPurgeResult refused;
        AuditPurgeResult purge;
        await using (var scope = app.TenantScope(null))
        {
            // Asking for more than the retention period allows is refused and removes nothing.
            refused = await scope.ServiceProvider.GetRequiredService<AuditArchive>().PurgeAsync(clock.GetUtcNow().UtcDateTime.AddDays(-100));
        }
        Assert.False(refused.Done);
        Assert.Contains("只能清理 180 天以前", refused.Message);
        Assert.Equal(before.Count, (await EntriesAsync(app)).Count);

        await using (var scope = app.TenantScope(null))
        {
            purge = await scope.ServiceProvider.GetRequiredService<AuditArchive>().PurgeAsync();
        }

        Assert.True(purge.Done, purge.Message);
        Assert.Equal(old.Count, purge.Removed);
        var after = await EntriesAsync(app);
        Assert.Equal(young.Select(e => e.Sequence), after.SkipLast(1).Select(e => e.Sequence)); // every young entry is still there
        var purged = after[^1];
        Assert.Equal("audit.purged", purged.Action);
        Assert.Equal(AuditVerifier.PurgeMarker(old[^1].Sequence, old[^1].Hash), purged.After);
        // The archive on disk holds exactly what was removed and verifies.
        var archive = AuditArchive.Verify(app.Services.GetRequiredService<AuditKeyRing>(), await File.ReadAllBytesAsync(purge.ArchiveFile!));
        Assert.True(archive.Valid, string.Join("\n", archive.Problems));
        Assert.Equal((1L, old[^1].Sequence), (archive.Header!.FromSequence, archive.Header.ToSequence));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(purge.ArchiveFile!));
        }

        var verification = await VerifyAsync(app);
        Assert.True(verification.Valid, string.Join("\n", verification.Problems));
        Assert.Equal(old[^1].Sequence, verification.BaseSequence);
    }

    [Fact]
    public async Task Old_entries_removed_behind_the_logs_back_with_the_base_moved_are_detected()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var entries = await EntriesAsync(app);
        var cut = entries[5];

        // The base moved and the older rows deleted, but no audit.purged entry (the attacker cannot make its MAC).
        await ExecuteAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Sequence\" <= {0}", cut.Sequence);
        await ExecuteAsync(app, "UPDATE \"AuditHead\" SET \"BaseSequence\" = {0}, \"BaseHash\" = {1}", cut.Sequence, cut.Hash);

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(cut.Sequence, verification.FirstBrokenSequence);
        Assert.Contains(verification.Problems, p => p.Contains("没有经过校验的清理记录"));
    }

    [Fact]
    public async Task An_exported_archive_verifies_offline_and_any_change_to_it_is_refused()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        byte[] content;
        await using (var scope = app.TenantScope(null))
        {
            (content, _) = await scope.ServiceProvider.GetRequiredService<AuditArchive>().ExportAsync(null, null);
        }
        // Offline: a key ring built from nothing but the key file, no database.
        var paths = app.Services.GetRequiredService<AuditPaths>();
        var offline = new AuditKeyRing(Options.Create(new AuditOptions { Key = (await File.ReadAllTextAsync(paths.KeyFile)).Trim() }),
            new AuditPaths("/nonexistent", "/nonexistent", "/nonexistent"));
        var intact = AuditArchive.Verify(offline, content);
        Assert.True(intact.Valid, string.Join("\n", intact.Problems));

        var text = Encoding.UTF8.GetString(content);
        var edited = text.Replace("\"actor\":\"gaj.reviewer2\"", "\"actor\":\"gaj.editor\"");
        Assert.NotEqual(text, edited);
        var refused = AuditArchive.Verify(offline, Encoding.UTF8.GetBytes(edited));
        Assert.False(refused.Valid);
        Assert.Contains(refused.Problems, p => p.Contains("归档签名不符"));

        var lines = text.Split('\n').ToList();
        lines.RemoveAt(3);
        Assert.False(AuditArchive.Verify(offline, Encoding.UTF8.GetBytes(string.Join('\n', lines))).Valid);

        var otherKey = new AuditKeyRing(Options.Create(new AuditOptions { Key = Convert.ToBase64String(new byte[32]) }),
            new AuditPaths("/nonexistent", "/nonexistent", "/nonexistent"));
        Assert.False(AuditArchive.Verify(otherKey, content).Valid);
    }

    [Fact]
    public async Task The_command_line_verifies_the_log_exports_an_archive_and_refuses_a_tampered_one()
    {
        using var appData = AppProcess.NewAppData();
        var store = "--Store:AppDataPath=" + appData.Path;
        var (created, createdOutput) = await AppProcess.RunAsync([store, "recipe", "run", "blank", "--var", "adminPassword=First-Pass-1!"]);
        Assert.True(created == 0, createdOutput);

        var (verified, verifyOutput) = await AppProcess.RunAsync([store, "audit", "verify"]);
        Assert.True(verified == 0, verifyOutput);
        Assert.Contains("审计日志完整", verifyOutput);

        var file = Path.Combine(appData.Path, "export.jsonl");
        var (exported, exportOutput) = await AppProcess.RunAsync([store, "audit", "export", file]);
        Assert.True(exported == 0, exportOutput);
        var (good, goodOutput) = await AppProcess.RunAsync([store, "audit", "verify-archive", file]);
        Assert.True(good == 0, goodOutput);
        Assert.Contains("归档完整", goodOutput);

        var archived = await File.ReadAllTextAsync(file);
        var tampered = archived.Replace("\"action\":\"recipe.applied\"", "\"action\":\"recipe.undone\"");
        Assert.NotEqual(archived, tampered);
        await File.WriteAllTextAsync(file, tampered);
        var (bad, badOutput) = await AppProcess.RunAsync([store, "audit", "verify-archive", file]);
        Assert.Equal(3, bad);
        Assert.Contains("归档校验未通过", badOutput);

        var (shortRetention, retentionOutput) = await AppProcess.RunAsync([store, "--Audit:RetentionDays=30", "audit", "verify"]);
        Assert.Equal(1, shortRetention);
        Assert.Contains("Audit:RetentionDays", retentionOutput);
    }

    [Fact]
    public async Task An_old_SHA256_chain_is_re_sealed_once_with_an_audited_entry_and_refused_when_checkpoints_exist()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        // The store as the previous version left it: plain SHA-256 chain, no key id, no checkpoints.
        var original = await EntriesAsync(app);
        await RewriteAsync(app, original, original, 1);
        await ExecuteAsync(app, "UPDATE \"AuditHead\" SET \"KeyId\" = NULL");
        File.Delete(AnchorFile(app));
        Assert.False((await VerifyAsync(app)).Valid);

        await using (var scope = app.TenantScope(null))
        {
            await scope.ServiceProvider.GetRequiredService<AuditSealing>().EnsureAsync();
        }

        var entries = await EntriesAsync(app);
        Assert.Equal(original.Count + 1, entries.Count);
        var resealed = entries[^1];
        Assert.Equal("audit.resealed", resealed.Action);
        Assert.Contains($"{original.Count} 条旧记录", resealed.Detail);
        Assert.Contains("旧哈希链校验完整", resealed.Detail);
        var verification = await VerifyAsync(app);
        Assert.True(verification.Valid, string.Join("\n", verification.Problems));
        Assert.Equal(resealed.Sequence, verification.LastCheckpoint); // anchored at once

        // Someone swaps in an unsealed chain later: the checkpoints show the keyed chain existed, so no re-seal.
        await RewriteAsync(app, entries, entries, 1);
        await ExecuteAsync(app, "UPDATE \"AuditHead\" SET \"KeyId\" = NULL");
        await using (var scope = app.TenantScope(null))
        {
            var error = await Assert.ThrowsAsync<AuditKeyException>(() => scope.ServiceProvider.GetRequiredService<AuditSealing>().EnsureAsync());
            Assert.Contains("拒绝重新封存", error.Message);
        }
    }
}
