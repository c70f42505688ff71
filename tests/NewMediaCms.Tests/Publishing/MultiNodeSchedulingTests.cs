using Hangfire;
using Hangfire.Storage;
using Hangfire.Storage.Monitoring;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Audit;
using NewMediaCms.Core.Data;
using NewMediaCms.Publishing.Schedules;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Publishing;

/// <summary>Scale-out: two application nodes on one PostgreSQL database and one Hangfire PostgreSQL storage, both running workers.</summary>
public sealed class MultiNodeSchedulingTests
{
    private static NmcAppFactory Node(NmcAppFactory? first)
    {
        var app = NmcAppFactory.Create(StoreKind.PostgreSql);
        app.SharePostgresWith = first;
        app.Settings["Jobs:Storage"] = "PostgreSql";
        app.Settings["Jobs:RunServer"] = "true";
        return app;
    }

    [PostgresFact]
    public async Task Two_nodes_with_hangfire_workers_on_one_postgresql_database_publish_every_scheduled_notice_exactly_once()
    {
        await using var first = Node(null);
        _ = first.Services;   // started: its database exists and is set up from the recipe
        await using var second = Node(first);
        _ = second.Services;
        var storage = first.Services.GetRequiredService<JobStorage>();
        // Both Hangfire servers announce themselves in the shared storage (asynchronously, once they have started).
        var servers = 0;
        for (var attempt = 0; attempt < 300 && servers < 2; attempt++)
        {
            servers = storage.GetMonitoringApi().Servers().Count;
            if (servers < 2)
            {
                await Task.Delay(100);
            }
        }
        Assert.Equal(2, servers);

        // Half of the notices are scheduled through each node; all fall due within the same second.
        var desks = new[] { new EditorialDesk(first), new EditorialDesk(second) };
        const int count = 24;
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add(await desks[i % 2].ApprovedAsync($"两节点定时通知 {i}"));
        }
        var due = DateTime.UtcNow.AddSeconds(3);
        for (var i = 0; i < count; i++)
        {
            var id = ids[i];
            var result = await desks[i % 2].DoAsync(s => s.SetScheduleAsync(People.Editor, id, due, null));
            Assert.True(result.Ok, result.Message);
        }

        var published = 0;
        for (var attempt = 0; attempt < 600 && published < count; attempt++)
        {
            await Task.Delay(100);
            published = await desks[0].InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<NewMediaCms.Content.ContentVersion>()
                .CountAsync(v => ids.Contains(v.ContentItemId) && v.Published));
        }
        Assert.Equal(count, published);

        // Exactly once: one publication audit entry per notice, read through the other node.
        var audits = await desks[1].InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<AuditEntry>().AsNoTracking()
            .Where(e => e.Action == "content.published" && ids.Contains(e.SubjectId)).Select(e => e.SubjectId).ToListAsync());
        Assert.Equal(ids.Order(), audits.Order());

        // And each Hangfire job was taken by one worker only: one Processing state in its history, then Succeeded.
        var jobIds = await desks[0].InAsync("gaj", sp => sp.GetRequiredService<NmcDbContext>().Set<PublicationSchedule>().AsNoTracking()
            .Where(s => ids.Contains(s.ContentItemId) && s.Kind == ScheduleKinds.Publish).Select(s => s.JobId).ToListAsync());
        Assert.Equal(count, jobIds.Count);
        var monitoring = storage.GetMonitoringApi();
        foreach (var jobId in jobIds)
        {
            JobDetailsDto? details = null;
            for (var attempt = 0; attempt < 100 && details?.History.FirstOrDefault()?.StateName != "Succeeded"; attempt++)
            {
                details = monitoring.JobDetails(jobId);
                if (details.History.FirstOrDefault()?.StateName != "Succeeded")
                {
                    await Task.Delay(100);
                }
            }
            Assert.Equal("Succeeded", details!.History.First().StateName);
            Assert.Single(details.History, h => h.StateName == "Processing");
        }
    }
}
