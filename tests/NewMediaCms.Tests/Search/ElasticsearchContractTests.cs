using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using Elasticsearch.Net;
using Microsoft.Extensions.Time.Testing;
using NewMediaCms.Search;
using NewMediaCms.Search.Elasticsearch;

namespace NewMediaCms.Tests.Search;

/// <summary>The Elasticsearch provider's requests, asserted exactly, against canned answers (no cluster can run here).</summary>
public sealed class ElasticsearchContractTests
{
    private static readonly DateTime Day = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly ScriptedElasticsearch _es = new();
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(Day));

    private ElasticsearchSearchIndex Index(ElasticsearchOptions? options = null)
        => new(options ?? new ElasticsearchOptions { Nodes = ["http://es1:9200"] }, _es, _clock);

    private void FreshCluster(string plugins = "[]")
    {
        _es.On("GET /_alias/nmc-content-write", 404, "{\"error\":\"alias [nmc-content-write] missing\",\"status\":404}");
        _es.On("GET /_cat/plugins", 200, plugins);
        _es.On("POST /nmc-content-write/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!)));
    }

    private static SearchDocument Doc(string tenant, string id, long version, string title = "关于防汛的通知")
        => new(tenant, id, version, true, "notice", tenant + "-site", title, "摘要", "正文内容", Day, true);

    private const string Mappings =
        "\"mappings\":{\"dynamic\":\"strict\",\"properties\":{\"tenant\":{\"type\":\"keyword\"},\"item\":{\"type\":\"keyword\"},\"type\":{\"type\":\"keyword\"},"
        + "\"account\":{\"type\":\"keyword\"},\"visible\":{\"type\":\"boolean\"},\"portal\":{\"type\":\"boolean\"},\"published\":{\"type\":\"date\"},"
        + "\"title\":{\"type\":\"text\",\"analyzer\":\"WORDS\",\"search_analyzer\":\"SEARCH\",\"fields\":{\"cjk\":{\"type\":\"text\",\"analyzer\":\"nmc_bigram\"}}},"
        + "\"body\":{\"type\":\"text\",\"analyzer\":\"WORDS\",\"search_analyzer\":\"SEARCH\",\"fields\":{\"cjk\":{\"type\":\"text\",\"analyzer\":\"nmc_bigram\"}}},"
        + "\"summary\":{\"type\":\"text\",\"index\":false}}}";

    private const string Settings =
        "\"settings\":{\"analysis\":{\"analyzer\":{\"nmc_bigram\":{\"type\":\"custom\",\"tokenizer\":\"standard\",\"filter\":[\"cjk_width\",\"lowercase\",\"cjk_bigram\"]}}}}";

    private const string Aliases =
        "\"aliases\":{\"nmc-content-read\":{},\"nmc-content-write\":{\"is_write_index\":true},"
        + "\"nmc-portal\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"visible\":true}},{\"term\":{\"portal\":true}}]}}},"
        + "\"nmc-dept-gaj\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"tenant\":\"gaj\"}},{\"term\":{\"visible\":true}}]}}}}";

    [Fact]
    public async Task The_first_write_creates_a_versioned_index_with_mappings_cjk_analyzers_and_aliases_then_bulks()
    {
        FreshCluster();
        var index = Index();

        var result = await index.WriteAsync([Doc("gaj", "gaj-n-1", 7)], CancellationToken.None);

        Assert.True(result.Succeeded);
        var create = Assert.Single(_es.Sent("PUT /"));
        Assert.Equal("/nmc-content-20260301020000000", create.PathAndQuery);
        Assert.Equal("{" + Settings + "," + Mappings.Replace("WORDS", "cjk").Replace("SEARCH", "cjk") + "," + Aliases + "}", create.Body);
        var bulk = Assert.Single(_es.Sent("POST /nmc-content-write/_bulk"));
        Assert.Equal(
            "{\"index\":{\"_id\":\"gaj/gaj-n-1\",\"version\":7,\"version_type\":\"external_gte\"}}\n"
            + "{\"tenant\":\"gaj\",\"item\":\"gaj-n-1\",\"visible\":true,\"type\":\"notice\",\"account\":\"gaj-site\",\"portal\":true,"
            + "\"published\":\"2026-03-01T02:00:00.000Z\",\"title\":\"关于防汛的通知\",\"body\":\"正文内容\",\"summary\":\"摘要\"}\n",
            bulk.Body);
        Assert.Equal(["GET /_alias/nmc-content-write", "GET /_cat/plugins?format=json&h=component", "PUT /nmc-content-20260301020000000", "POST /nmc-content-write/_bulk"],
            _es.Requests.Select(r => r.Method + " " + r.PathAndQuery));
    }

    [Theory]
    [InlineData("[{\"component\":\"analysis-ik\"}]", "ik_max_word", "ik_smart")]
    [InlineData("[{\"component\":\"analysis-smartcn\"}]", "smartcn", "smartcn")]
    [InlineData("[{\"component\":\"repository-s3\"}]", "cjk", "cjk")]
    public async Task The_word_analyzer_follows_the_plugins_the_cluster_has(string plugins, string analyzer, string searchAnalyzer)
    {
        FreshCluster(plugins);

        await Index().WriteAsync([Doc("gaj", "a", 1)], CancellationToken.None);

        var body = JsonNode.Parse(Assert.Single(_es.Sent("PUT /")).Body!)!;
        Assert.Equal(analyzer, body["mappings"]!["properties"]!["title"]!["analyzer"]!.GetValue<string>());
        Assert.Equal(searchAnalyzer, body["mappings"]!["properties"]!["body"]!["search_analyzer"]!.GetValue<string>());
        Assert.Equal("nmc_bigram", body["mappings"]!["properties"]!["body"]!["fields"]!["cjk"]!["analyzer"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_tombstone_is_written_with_its_version_so_an_older_publish_cannot_resurrect_the_item()
    {
        FreshCluster();

        await Index().WriteAsync([SearchDocument.Tombstone("gaj", "a", 9)], CancellationToken.None);

        Assert.Equal(
            "{\"index\":{\"_id\":\"gaj/a\",\"version\":9,\"version_type\":\"external_gte\"}}\n{\"tenant\":\"gaj\",\"item\":\"a\",\"visible\":false}\n",
            Assert.Single(_es.Sent("POST /nmc-content-write/_bulk")).Body);
    }

    [Fact]
    public async Task A_200_bulk_answer_with_failed_items_reports_those_items_and_treats_version_conflicts_as_done()
    {
        FreshCluster();
        _es.On("POST /nmc-content-write/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!, new Dictionary<string, (int, string)>
        {
            ["gaj/b"] = (400, "mapper_parsing_exception"),
            ["gaj/c"] = (409, "version_conflict_engine_exception"),
            ["gaj/d"] = (429, "es_rejected_execution_exception"),
        })));

        var result = await Index().WriteAsync([Doc("gaj", "a", 1), Doc("gaj", "b", 1), Doc("gaj", "c", 1), Doc("gaj", "d", 1)], CancellationToken.None);

        Assert.Equal(["gaj/b", "gaj/d"], result.Failures.Select(f => f.DocumentId));
        Assert.Contains("mapper_parsing_exception", result.Failures[0].Error);
    }

    [Fact]
    public async Task An_unreachable_cluster_is_reported_as_unavailable_for_writes_and_searches()
    {
        _es.Down = true;
        var index = Index(new ElasticsearchOptions { Nodes = ["http://es1:9200", "http://es2:9200", "http://es3:9200"], MaxRetries = 2 });

        await Assert.ThrowsAsync<SearchEngineUnavailableException>(() => index.WriteAsync([Doc("gaj", "a", 1)], CancellationToken.None));
        await Assert.ThrowsAsync<SearchEngineUnavailableException>(() => index.SearchAsync(new SearchQuery { Text = "防汛" }, CancellationToken.None));
        // The pool tried the other nodes before giving up.
        Assert.True(_es.Requests.Select(r => r.PathAndQuery).Count() >= 2);
    }

    [Fact]
    public async Task A_cluster_error_answer_is_unavailable_not_success()
    {
        FreshCluster();
        _es.On("POST /nmc-content-write/_bulk", 503, "{\"error\":{\"type\":\"cluster_block_exception\"},\"status\":503}");

        await Assert.ThrowsAsync<SearchEngineUnavailableException>(() => Index().WriteAsync([Doc("gaj", "a", 1)], CancellationToken.None));
    }

    [Fact]
    public async Task A_portal_query_goes_to_the_portal_alias_with_bigram_phrases_words_only_for_lone_characters_filters_sort_and_highlight()
    {
        _es.On("POST /nmc-portal/_search", 200,
            "{\"took\":2,\"hits\":{\"total\":{\"value\":31,\"relation\":\"eq\"},\"hits\":[{\"_id\":\"gaj/a\",\"_score\":1.5,"
            + "\"_source\":{\"tenant\":\"gaj\",\"item\":\"a\",\"type\":\"notice\",\"account\":\"gaj-site\",\"title\":\"中华人民共和国\",\"summary\":\"摘要\",\"published\":\"2026-03-01T02:00:00.000Z\"},"
            + "\"highlight\":{\"title.cjk\":[\"中华<mark>人民</mark>共和国\"],\"body\":[\"为了<mark>人民</mark>\"]}}]}}");

        var results = await Index().SearchAsync(new SearchQuery
        {
            Text = "人民 \"AND\" (防汛: 2024年",
            Scope = SearchScope.Portal,
            TenantId = "gaj",
            ExcludedTenants = ["old"],
            ContentType = "notice",
            FromUtc = Day,
            ToUtc = Day.AddDays(1),
            Sort = SearchSort.Newest,
            Page = 2,
            PageSize = 10,
        }, CancellationToken.None);

        var request = Assert.Single(_es.Requests);
        Assert.Equal("POST /nmc-portal/_search", request.Method + " " + request.PathAndQuery);
        Assert.Equal(
            "{\"from\":10,\"size\":10,\"track_total_hits\":true,\"query\":{\"bool\":{\"must\":["
            + "{\"multi_match\":{\"query\":\"人民\",\"type\":\"phrase\",\"fields\":[\"title.cjk^2\",\"body.cjk^0.7\"]}},"
            + "{\"multi_match\":{\"query\":\"防汛\",\"type\":\"phrase\",\"fields\":[\"title.cjk^2\",\"body.cjk^0.7\"]}},"
            + "{\"multi_match\":{\"query\":\"2024年\",\"type\":\"phrase\",\"fields\":[\"title^3\",\"body\",\"title.cjk^2\",\"body.cjk^0.7\"]}}],"
            + "\"filter\":[{\"term\":{\"visible\":true}},{\"term\":{\"tenant\":\"gaj\"}},{\"term\":{\"type\":\"notice\"}},"
            + "{\"range\":{\"published\":{\"gte\":\"2026-03-01T02:00:00.000Z\",\"lt\":\"2026-03-02T02:00:00.000Z\"}}}],"
            + "\"must_not\":[{\"terms\":{\"tenant\":[\"old\"]}}]}},"
            + "\"_source\":[\"tenant\",\"item\",\"type\",\"account\",\"title\",\"summary\",\"published\"],"
            + "\"highlight\":{\"pre_tags\":[\"<mark>\"],\"post_tags\":[\"</mark>\"],\"encoder\":\"html\",\"fields\":{\"title\":{\"number_of_fragments\":0},"
            + "\"title.cjk\":{\"number_of_fragments\":0},\"body\":{\"fragment_size\":120,\"number_of_fragments\":1},\"body.cjk\":{\"fragment_size\":120,\"number_of_fragments\":1}}},"
            + "\"sort\":[{\"published\":\"desc\"},\"_score\"]}",
            request.Body);
        Assert.Equal(31, results.Total);
        var hit = Assert.Single(results.Hits);
        Assert.Equal(("gaj", "a", "中华<mark>人民</mark>共和国", "为了<mark>人民</mark>"), (hit.TenantId, hit.ContentItemId, hit.TitleHighlight, hit.Snippet));
        Assert.Equal(Day, hit.PublishedUtc);
    }

    [Fact]
    public async Task A_department_query_uses_the_department_alias_and_an_empty_query_sends_nothing()
    {
        _es.On("POST /nmc-dept-gaj/_search", 200, "{\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}");
        var index = Index();

        Assert.Equal(0, (await index.SearchAsync(new SearchQuery { Text = "  \"*\" AND : ( ", Scope = SearchScope.Department, TenantId = "gaj" }, CancellationToken.None)).Total);
        Assert.Empty(_es.Requests);
        await index.SearchAsync(new SearchQuery { Text = "身份证", Scope = SearchScope.Department, TenantId = "gaj" }, CancellationToken.None);
        Assert.Equal("POST /nmc-dept-gaj/_search", _es.Requests.Single().Method + " " + _es.Requests.Single().PathAndQuery);
        Assert.DoesNotContain("\"sort\"", _es.Requests.Single().Body);
    }

    [Fact]
    public async Task A_rebuild_writes_a_new_index_then_swaps_every_alias_in_one_call_and_drops_the_old_index()
    {
        _es.On("GET /_alias/nmc-content-write", 200, "{\"nmc-content-20250101000000000\":{\"aliases\":{\"nmc-content-write\":{\"is_write_index\":true}}}}");
        _es.On("GET /_alias/nmc-dept-", 200, "{\"nmc-content-20250101000000000\":{\"aliases\":{\"nmc-dept-gaj\":{}}}}");
        _es.On("GET /_cat/plugins", 200, "[]");
        _es.On("POST /nmc-content-20260301020000000/_bulk", r => (200, ScriptedElasticsearch.BulkAnswer(r.Body!)));
        var progress = new List<RebuildProgress>();

        await Index().RebuildAsync(Docs(1200), 1200, ["gaj"], new SyncProgress(progress), CancellationToken.None);

        var calls = _es.Requests.Select(r => r.Method + " " + r.PathAndQuery).ToList();
        Assert.Equal(
        [
            "GET /_alias/nmc-content-write", "GET /_alias/nmc-dept-*", "GET /_alias/nmc-content-write", "GET /_cat/plugins?format=json&h=component",
            "PUT /nmc-content-20260301020000000",
            "POST /nmc-content-20260301020000000/_bulk", "POST /nmc-content-20260301020000000/_bulk", "POST /nmc-content-20260301020000000/_bulk",
            "POST /nmc-content-20260301020000000/_refresh", "POST /_aliases", "DELETE /nmc-content-20250101000000000",
        ], calls);
        Assert.DoesNotContain("\"aliases\"", _es.Sent("PUT /").Single().Body); // the new index gets its aliases only at the swap
        Assert.Equal(
            "{\"actions\":[{\"remove\":{\"index\":\"nmc-content-20250101000000000\",\"alias\":\"nmc-*\"}},"
            + "{\"add\":{\"index\":\"nmc-content-20260301020000000\",\"alias\":\"nmc-content-read\"}},"
            + "{\"add\":{\"is_write_index\":true,\"index\":\"nmc-content-20260301020000000\",\"alias\":\"nmc-content-write\"}},"
            + "{\"add\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"visible\":true}},{\"term\":{\"portal\":true}}]}},\"index\":\"nmc-content-20260301020000000\",\"alias\":\"nmc-portal\"}},"
            + "{\"add\":{\"filter\":{\"bool\":{\"filter\":[{\"term\":{\"tenant\":\"gaj\"}},{\"term\":{\"visible\":true}}]}},\"index\":\"nmc-content-20260301020000000\",\"alias\":\"nmc-dept-gaj\"}}]}",
            _es.Sent("POST /_aliases").Single().Body);
        Assert.Equal([500L, 1000, 1200], progress.Select(p => p.Done));
    }

    [Fact]
    public void The_client_is_configured_with_a_node_pool_api_key_fingerprint_timeouts_and_the_compatibility_header()
    {
        var config = (IConnectionConfigurationValues)ElasticsearchSearchIndex.Configure(new ElasticsearchOptions
        {
            Nodes = ["https://es1:9200", "https://es2:9200", "https://es3:9200"],
            ApiKey = "aWQ6a2V5",
            CertificateFingerprint = "AA:BB:CC",
            RequestTimeoutSeconds = 7,
            PingTimeoutSeconds = 1,
        }, _es);

        Assert.IsType<StaticConnectionPool>(config.ConnectionPool);
        Assert.Equal(3, config.ConnectionPool.Nodes.Count);
        Assert.NotNull(config.ApiKeyAuthenticationCredentials);
        Assert.Equal("AA:BB:CC", config.CertificateFingerprint);
        Assert.Equal(TimeSpan.FromSeconds(7), config.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(1), config.PingTimeout);
        Assert.True(config.EnableApiVersioningHeader);

        var basic = (IConnectionConfigurationValues)ElasticsearchSearchIndex.Configure(
            new ElasticsearchOptions { Nodes = ["http://es1:9200"], Username = "elastic", Password = "pw", ApiVersioning = false }, _es);
        Assert.IsType<SingleNodeConnectionPool>(basic.ConnectionPool);
        Assert.Equal("elastic", basic.BasicAuthenticationCredentials.Username);
        Assert.Null(basic.ApiKeyAuthenticationCredentials);
        Assert.False(basic.EnableApiVersioningHeader);
    }

    [Fact]
    public async Task Requests_carry_the_elasticsearch_8_compatibility_header()
    {
        _es.On("POST /nmc-portal/_search", 200, "{\"hits\":{\"total\":{\"value\":0},\"hits\":[]}}");

        await Index().SearchAsync(new SearchQuery { Text = "防汛" }, CancellationToken.None);

        Assert.All(_es.AllRequests, r => Assert.Equal("application/vnd.elasticsearch+json; compatible-with=7", r.Headers["Accept"]));
        // The client checks once that the server is Elasticsearch, before the first request.
        Assert.Equal(["GET /", "POST /nmc-portal/_search"], _es.AllRequests.Select(r => r.Method + " " + r.PathAndQuery));
    }

    private static async IAsyncEnumerable<SearchDocument> Docs(int n, [EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 0; i < n; i++)
        {
            yield return Doc("gaj", $"n{i}", 1);
        }
        await Task.CompletedTask;
    }

    private sealed class SyncProgress(List<RebuildProgress> into) : IProgress<RebuildProgress>
    {
        public void Report(RebuildProgress value) => into.Add(value);
    }
}
