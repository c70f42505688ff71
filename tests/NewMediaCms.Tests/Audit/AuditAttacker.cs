using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Audit;

/// <summary>
/// Someone who can write the database but does not have the audit key: edits rows with SQL, re-hashes the chain with
/// plain SHA-256 (the only hash they can compute), renumbers and moves the head so that everything inside the store fits.
/// </summary>
internal static class AuditAttacker
{
    public static async Task<List<AuditEntry>> EntriesAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    public static async Task<AuditVerification> VerifyAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    public static async Task ExecuteAsync(NmcAppFactory app, string sql, params object[] parameters)
    {
        await using var scope = app.TenantScope(null);
        await app.Db(scope).Database.ExecuteSqlRawAsync(sql, parameters);
    }

    /// <summary>The recurring checkpoint job, run now.</summary>
    public static async Task CheckpointAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        await scope.ServiceProvider.GetRequiredService<AuditCheckpointJob>().RunAsync(CancellationToken.None);
    }

    public static string AnchorFile(NmcAppFactory app) => app.Services.GetRequiredService<AuditPaths>().AnchorFile;

    public static async Task<string> PublishOneAsync(NmcAppFactory app, string title = "审计测试通知")
    {
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync(title);
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        return id;
    }

    /// <summary>
    /// Replaces the log with <paramref name="rewritten"/> (same row ids, possibly fewer rows, renumbered), every entry from
    /// <paramref name="fromSequence"/> on re-chained with plain SHA-256, and moves the head to the new last entry.
    /// </summary>
    public static async Task RewriteAsync(NmcAppFactory app, List<AuditEntry> original, List<AuditEntry> rewritten, long fromSequence)
    {
        var previous = rewritten.LastOrDefault(e => e.Sequence < fromSequence)?.Hash ?? AuditChain.Genesis;
        foreach (var e in rewritten.Where(e => e.Sequence >= fromSequence))
        {
            e.PreviousHash = previous;
            e.Hash = previous = AuditChain.LegacySha256(e);
        }
        var kept = rewritten.Select(e => e.Id).ToHashSet();
        foreach (var gone in original.Where(e => !kept.Contains(e.Id)))
        {
            await ExecuteAsync(app, "DELETE FROM \"AuditEntries\" WHERE \"Id\" = {0}", gone.Id);
        }
        foreach (var e in rewritten.Where(e => e.Sequence >= fromSequence).OrderBy(e => e.Sequence))
        {
            await ExecuteAsync(app, "UPDATE \"AuditEntries\" SET \"Sequence\" = {0}, \"Actor\" = {1}, \"PreviousHash\" = {2}, \"Hash\" = {3} WHERE \"Id\" = {4}",
                e.Sequence, e.Actor, e.PreviousHash, e.Hash, e.Id);
        }
        var last = rewritten[^1];
        await ExecuteAsync(app, "UPDATE \"AuditHead\" SET \"Sequence\" = {0}, \"Hash\" = {1}", last.Sequence, last.Hash);
    }
}
