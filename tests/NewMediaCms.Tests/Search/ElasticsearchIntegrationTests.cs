using System.Runtime.CompilerServices;
using NewMediaCms.Search;
using NewMediaCms.Search.Elasticsearch;

namespace NewMediaCms.Tests.Search;

/// <summary>A fact that needs a real Elasticsearch 7.x/8.x cluster: runs whenever NMC_TEST_ELASTICSEARCH_URL is set.</summary>
public sealed class ElasticsearchFactAttribute : FactAttribute
{
    public const string Variable = "NMC_TEST_ELASTICSEARCH_URL";

    public ElasticsearchFactAttribute()
    {
        if (string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(Variable)))
        {
            Skip = $"未设置 {Variable}：本机无法安装 Elasticsearch，这组测试只在配置了真实集群时运行（另有 NMC_TEST_ELASTICSEARCH_API_KEY / _USER / _PASSWORD / _FINGERPRINT）。";
        }
    }
}

/// <summary>The provider against a real cluster, each run under its own index prefix (cleaned by a final rebuild's delete).</summary>
public sealed class ElasticsearchIntegrationTests
{
    private static ElasticsearchSearchIndex Index(string prefix) => new(new ElasticsearchOptions
    {
        Nodes = Environment.GetEnvironmentVariable(ElasticsearchFactAttribute.Variable)!.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList(),
        ApiKey = Environment.GetEnvironmentVariable("NMC_TEST_ELASTICSEARCH_API_KEY"),
        Username = Environment.GetEnvironmentVariable("NMC_TEST_ELASTICSEARCH_USER"),
        Password = Environment.GetEnvironmentVariable("NMC_TEST_ELASTICSEARCH_PASSWORD"),
        CertificateFingerprint = Environment.GetEnvironmentVariable("NMC_TEST_ELASTICSEARCH_FINGERPRINT"),
        IndexPrefix = prefix,
    });

    private static SearchDocument Doc(string tenant, string id, long version, string title, string body)
        => new(tenant, id, version, true, "notice", null, title, body, body, new DateTime(2026, 3, 1, 0, 0, 0, DateTimeKind.Utc));

    /// <summary>Elasticsearch is near-real-time: poll until the expected total shows (at most ten seconds).</summary>
    private static async Task<SearchResults> EventuallyAsync(ElasticsearchSearchIndex index, SearchQuery query, long total)
    {
        SearchResults results = SearchResults.Empty(1, 10);
        for (var i = 0; i < 50; i++)
        {
            results = await index.SearchAsync(query, CancellationToken.None);
            if (results.Total == total)
            {
                break;
            }
            await Task.Delay(200);
        }
        return results;
    }

    [ElasticsearchFact]
    public async Task Chinese_sub_words_versions_aliases_and_rebuild_work_on_a_real_cluster()
    {
        var prefix = "nmc-it-" + Guid.NewGuid().ToString("N")[..8];
        var index = Index(prefix);
        var result = await index.WriteAsync(
        [
            Doc("gaj", "a", 2, "关于办理居民身份证的通告", "根据中华人民共和国居民身份证法。"),
            Doc("wjw", "b", 1, "流感疫苗接种的通知", "接种对象为老人。"),
        ], CancellationToken.None);
        Assert.True(result.Succeeded);

        var hits = await EventuallyAsync(index, new SearchQuery { Text = "人民", Scope = SearchScope.Portal }, 1);
        Assert.Equal("a", Assert.Single(hits.Hits).ContentItemId);
        Assert.Contains("<mark>", hits.Hits[0].Snippet);
        Assert.Empty((await index.SearchAsync(new SearchQuery { Text = "疫苗", Scope = SearchScope.Department, TenantId = "gaj" }, CancellationToken.None)).Hits);

        // A late write (version 1 < 2) is refused without failing the batch.
        Assert.True((await index.WriteAsync([Doc("gaj", "a", 1, "旧标题", "旧正文")], CancellationToken.None)).Succeeded);
        Assert.Equal(1, (await EventuallyAsync(index, new SearchQuery { Text = "身份证", Scope = SearchScope.Admin }, 1)).Total);

        await index.RebuildAsync(Docs(), 3, ["gaj", "wjw"], null, CancellationToken.None);
        Assert.Equal(3, (await EventuallyAsync(index, new SearchQuery { Text = "通知", Scope = SearchScope.Admin }, 3)).Total);
    }

    private static async IAsyncEnumerable<SearchDocument> Docs([EnumeratorCancellation] CancellationToken ct = default)
    {
        for (var i = 0; i < 3; i++)
        {
            yield return Doc("gaj", $"r{i}", 1, $"重建后的通知{i}", "正文");
        }
        await Task.CompletedTask;
    }
}
