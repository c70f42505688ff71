using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Audit;

/// <summary>The audit log is a hash chain: every action leaves an entry, and an edited or removed entry is found by the verifier.</summary>
public sealed class AuditChainTests
{
    private static async Task<List<AuditEntry>> EntriesAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
    }

    private static async Task<AuditVerification> VerifyAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
    }

    private static async Task ExecuteAsync(NmcAppFactory app, string sql)
    {
        await using var scope = app.TenantScope(null);
        await app.Db(scope).Database.ExecuteSqlRawAsync(sql);
    }

    private static async Task<string> PublishOneAsync(NmcAppFactory app)
    {
        var desk = new EditorialDesk(app);
        var id = await desk.ApprovedAsync("审计测试通知");
        Assert.True((await desk.DoAsync(s => s.PublishAsync(People.Editor, id))).Ok);
        return id;
    }

    [Fact]
    public async Task Every_step_of_the_editorial_path_leaves_a_chained_entry_and_the_chain_verifies()
    {
        using var app = NmcAppFactory.Create();
        var id = await PublishOneAsync(app);

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
        Assert.All(entries.Where(e => e.SubjectId.StartsWith(id, StringComparison.Ordinal)), e => Assert.Equal("gaj", e.TenantId));

        var verification = await VerifyAsync(app);
        Assert.True(verification.Valid, string.Join("\n", verification.Problems));
        Assert.Equal(entries.Count, verification.Checked);
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
        Assert.Contains($"第 {target.Sequence} 条记录的内容与其哈希不符（记录被修改）。", verification.Problems);
    }

    [Fact]
    public async Task An_entry_edited_together_with_its_own_hash_is_still_detected_by_the_next_entry()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var target = (await EntriesAsync(app)).First(e => e.Action == "review.approved");
        target.Actor = "someone.else";
        var forged = AuditChain.ComputeHash(target);

        await ExecuteAsync(app, $"UPDATE \"AuditEntries\" SET \"Actor\" = 'someone.else', \"Hash\" = '{forged}' WHERE \"Sequence\" = {target.Sequence}");

        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Contains($"第 {target.Sequence + 1} 条记录的前序哈希与上一条不符（上一条被修改或删除）。", verification.Problems);
    }

    [Fact]
    public async Task A_deleted_entry_in_the_middle_or_at_the_end_is_detected()
    {
        using var app = NmcAppFactory.Create();
        await PublishOneAsync(app);
        var entries = await EntriesAsync(app);
        var middle = entries[entries.Count / 2].Sequence;

        await ExecuteAsync(app, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {middle}");
        var verification = await VerifyAsync(app);
        Assert.False(verification.Valid);
        Assert.Equal(middle, verification.FirstBrokenSequence);
        Assert.Contains($"第 {middle} 至 {middle} 条记录缺失（被删除）。", verification.Problems);

        using var other = NmcAppFactory.Create();
        await PublishOneAsync(other);
        var last = (await EntriesAsync(other))[^1].Sequence;
        await ExecuteAsync(other, $"DELETE FROM \"AuditEntries\" WHERE \"Sequence\" = {last}");
        var tail = await VerifyAsync(other);
        Assert.False(tail.Valid);
        Assert.Contains(tail.Problems, p => p.Contains("末尾记录被删除"));
    }
}
