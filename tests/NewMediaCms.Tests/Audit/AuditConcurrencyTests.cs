using NewMediaCms.Core.Events;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Audit;

/// <summary>Many requests append to the audit log at once: every append succeeds and the chain stays one line.</summary>
public sealed class AuditConcurrencyTests
{
    private const int Writers = 24;
    private const int AppendsPerWriter = 3;

    [Theory]
    [MemberData(nameof(TestStores.Both), MemberType = typeof(TestStores))]
    public async Task Concurrent_appends_from_many_tasks_all_commit_and_the_chain_verifies_on(StoreKind store)
    {
        await using var app = NmcAppFactory.Create(store);
        long before;
        await using (var scope = app.TenantScope(null))
        {
            before = await app.Db(scope).Set<AuditEntry>().CountAsync();
        }

        // Every writer reads the head before any of them saves (the barrier), the situation that used to fork or fail.
        var arrived = 0;
        var allHaveRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var writers = Enumerable.Range(1, Writers).Select(w => Task.Run(async () =>
        {
            await using var scope = app.TenantScope("gaj");
            var trail = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
            var db = app.Db(scope);
            for (var i = 1; i <= AppendsPerWriter; i++)
            {
                await trail.AppendAsync(new AuditRecord("test.concurrent", "Writer", $"w{w}-{i}", Actor: $"writer{w}"));
            }
            _ = await db.Set<AuditEntry>().OrderByDescending(e => e.Sequence).Select(e => e.Sequence).FirstOrDefaultAsync();
            if (Interlocked.Increment(ref arrived) == Writers)
            {
                allHaveRead.SetResult();
            }
            await allHaveRead.Task.WaitAsync(TimeSpan.FromMinutes(1));
            await db.SaveChangesAsync();
        })).ToList();
        await Task.WhenAll(writers);

        await using var check = app.TenantScope(null);
        var entries = await app.Db(check).Set<AuditEntry>().AsNoTracking().OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(before + Writers * AppendsPerWriter, entries.Count);
        Assert.Equal(Enumerable.Range(1, entries.Count).Select(i => (long)i), entries.Select(e => e.Sequence));
        // One writer's entries stay together and in the order they were appended.
        foreach (var group in entries.Where(e => e.Action == "test.concurrent").GroupBy(e => e.Actor))
        {
            var mine = group.ToList();
            Assert.Equal(Enumerable.Range(1, AppendsPerWriter).Select(i => $"{group.Key.Replace("writer", "w")}-{i}"), mine.Select(e => e.SubjectId));
            Assert.Equal(mine[0].Sequence + AppendsPerWriter - 1, mine[^1].Sequence);
        }
        var verification = await check.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync();
        Assert.True(verification.Valid, string.Join("\n", verification.Problems));
        Assert.Equal(entries.Count, verification.Checked);
    }

    [Fact]
    public async Task Entries_appended_in_one_unit_of_work_are_chained_in_append_order()
    {
        await using var app = NmcAppFactory.Create();
        await using var scope = app.TenantScope("gaj");
        var trail = scope.ServiceProvider.GetRequiredService<IAuditTrail>();
        foreach (var name in new[] { "a", "b", "c" })
        {
            await trail.AppendAsync(new AuditRecord("test.order", "Thing", name));
        }
        await app.Db(scope).SaveChangesAsync();

        var mine = await app.Db(scope).Set<AuditEntry>().AsNoTracking().Where(e => e.Action == "test.order").OrderBy(e => e.Sequence).ToListAsync();
        Assert.Equal(["a", "b", "c"], mine.Select(e => e.SubjectId));
        Assert.Equal(mine[0].Hash, mine[1].PreviousHash);
        Assert.Equal(mine[1].Hash, mine[2].PreviousHash);
        Assert.True((await scope.ServiceProvider.GetRequiredService<AuditVerifier>().VerifyAsync()).Valid);
    }
}
