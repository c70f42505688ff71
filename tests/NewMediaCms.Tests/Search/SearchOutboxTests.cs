using System.Text.Json.Nodes;
using Elasticsearch.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Search.Outbox;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Search;

/// <summary>The whole application on the Elasticsearch provider, the cluster replaced by canned answers, the clock fake.</summary>
public sealed class ElasticsearchAppFactory : NmcAppFactory
{
    public ElasticsearchAppFactory() : base(StoreKind.Sqlite)
    {
        Settings["Search:Provider"] = "Elasticsearch";
        Settings["Search:Elasticsearch:Nodes:0"] = "http://es-test:9200";
        Es.On("POST /nmc-content-write/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!)));
    }

    public ScriptedElasticsearch Es { get; } = new();

    public new FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<IConnection>(Es);
            services.AddSingleton<TimeProvider>(Clock);
        });
    }
}

public sealed class SearchOutboxTests : IDisposable
{
    private readonly ElasticsearchAppFactory _app = new();

    private async Task<int> DrainAsync()
    {
        await using var scope = _app.TenantScope(null);
        return await scope.ServiceProvider.GetRequiredService<SearchOutboxJob>().RunAsync(CancellationToken.None);
    }

    private async Task<List<SearchOutboxEntry>> RowsAsync()
    {
        await using var scope = _app.TenantScope(null);
        return await _app.Db(scope).Set<SearchOutboxEntry>().AcrossTenants().AsNoTracking().OrderBy(e => e.Id).ToListAsync();
    }

    private List<string> BulkIds() => _app.Es.Sent("POST /nmc-content-write/_bulk")
        .SelectMany(r => r.Body!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where((_, i) => i % 2 == 0))
        .Select(l => JsonNode.Parse(l)!["index"]!["_id"]!.GetValue<string>())
        .ToList();

    [Fact]
    public async Task Publishing_through_the_recipe_writes_one_outbox_row_per_published_item_in_the_same_transaction()
    {
        var rows = await RowsAsync();

        Assert.Equal(["portal-n-1", "gaj-n-1", "gaj-n-2", "wjw-n-1", "old-n-1", "edu-n-1"], rows.Select(r => r.ContentItemId));
        Assert.All(rows, r => Assert.Equal("published", r.Reason));
        Assert.DoesNotContain(rows, r => r.ContentItemId == "gaj-draft-1");
        Assert.Equal(["portal", "gaj", "gaj", "wjw", "old", "edu"], rows.Select(r => r.TenantId));
    }

    [Fact]
    public async Task While_the_engine_is_down_rows_are_kept_then_all_are_indexed_in_order_exactly_once()
    {
        _app.Es.Down = true;
        Assert.Equal(0, await DrainAsync());
        var kept = await RowsAsync();
        Assert.Equal(6, kept.Count);
        Assert.All(kept, r =>
        {
            Assert.Null(r.ProcessedUtc);
            Assert.StartsWith("Elasticsearch", r.LastError);
            Assert.True(r.EngineFailure);
            Assert.Equal(1, r.Attempts);
        });

        // Within the back-off the job does not hammer the engine.
        var before = _app.Es.AllRequests.Count;
        Assert.Equal(0, await DrainAsync());
        Assert.Equal(before, _app.Es.AllRequests.Count);

        // Still down after the back-off: the rows stay, the next wait is longer.
        _app.Clock.Advance(SearchOutboxJob.Backoff(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(0, await DrainAsync());
        Assert.All(await RowsAsync(), r => Assert.Equal(2, r.Attempts));
        Assert.Equal(TimeSpan.FromMinutes(1), SearchOutboxJob.Backoff(2));

        _app.Es.Down = false;
        _app.Es.Clear();
        _app.Clock.Advance(SearchOutboxJob.Backoff(2) + TimeSpan.FromSeconds(1));
        Assert.Equal(6, await DrainAsync());

        Assert.Equal(["portal/portal-n-1", "gaj/gaj-n-1", "gaj/gaj-n-2", "wjw/wjw-n-1", "old/old-n-1", "edu/edu-n-1"], BulkIds());
        Assert.All(await RowsAsync(), r =>
        {
            Assert.NotNull(r.ProcessedUtc);
            Assert.Null(r.LastError);
        });

        // Idempotent: a second run finds nothing to do and sends nothing.
        _app.Es.Clear();
        Assert.Equal(0, await DrainAsync());
        Assert.Empty(_app.Es.Sent("POST /nmc-content-write/_bulk"));
    }

    [Fact]
    public async Task A_document_the_engine_refuses_waits_alone_with_its_error_while_the_others_are_indexed()
    {
        _app.Es.On("POST /nmc-content-write/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!, new Dictionary<string, (int, string)>
        {
            ["gaj/gaj-n-2"] = (400, "mapper_parsing_exception"),
        })));

        Assert.Equal(5, await DrainAsync());
        var failed = Assert.Single(await RowsAsync(), r => r.ProcessedUtc is null);
        Assert.Equal("gaj-n-2", failed.ContentItemId);
        Assert.Contains("mapper_parsing_exception", failed.LastError);
        Assert.False(failed.EngineFailure);

        _app.Es.On("POST /nmc-content-write/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!)));
        _app.Es.Clear();
        _app.Clock.Advance(SearchOutboxJob.Backoff(1) + TimeSpan.FromSeconds(1));
        Assert.Equal(1, await DrainAsync());
        Assert.Equal(["gaj/gaj-n-2"], BulkIds());
    }

    [Fact]
    public async Task Unpublishing_writes_a_newer_tombstone_for_the_item()
    {
        await DrainAsync();
        await using (var scope = _app.TenantScope("gaj"))
        {
            var db = _app.Db(scope);
            var version = await db.Set<ContentVersion>().SingleAsync(v => v.ContentItemId == "gaj-n-1" && v.Published);
            version.Published = false;
            db.Raise(new ContentUnpublished("gaj", "gaj-n-1"));
            await db.SaveChangesAsync();
        }
        _app.Es.Clear();

        Assert.Equal(1, await DrainAsync());

        var rows = await RowsAsync();
        var body = Assert.Single(_app.Es.Sent("POST /nmc-content-write/_bulk")).Body;
        Assert.Equal(
            $"{{\"index\":{{\"_id\":\"gaj/gaj-n-1\",\"version\":{rows.Max(r => r.Id)},\"version_type\":\"external_gte\"}}}}\n{{\"tenant\":\"gaj\",\"item\":\"gaj-n-1\",\"visible\":false}}\n",
            body);
    }

    public void Dispose() => _app.Dispose();
}
