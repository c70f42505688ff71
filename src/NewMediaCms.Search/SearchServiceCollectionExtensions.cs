using Elasticsearch.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Events;
using NewMediaCms.Search.Elasticsearch;
using NewMediaCms.Search.Lucene;
using NewMediaCms.Search.Outbox;

namespace NewMediaCms.Search;

public static class SearchServiceCollectionExtensions
{
    /// <summary>Search: the engine chosen by Search:Provider (Lucene by default), the outbox and its job, reader search, rebuild.</summary>
    public static IServiceCollection AddSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SearchOptions>()
            .Bind(configuration.GetSection(SearchOptions.Section))
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || o.Elasticsearch.Nodes.Count > 0,
                "Search:Provider 为 Elasticsearch 时必须设置 Search:Elasticsearch:Nodes（环境变量 Search__Elasticsearch__Nodes__0）。")
            .Validate(o => o.BatchSize is > 0 and <= 5000, "Search:BatchSize 必须在 1 到 5000 之间。")
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || o.Elasticsearch.Nodes.All(IsHttpUrl),
                "Search:Elasticsearch:Nodes 的每一项必须是以 http:// 或 https:// 开头的完整地址。")
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || o.Elasticsearch.RequestTimeoutSeconds > 0,
                "Search:Elasticsearch:RequestTimeoutSeconds 必须大于 0。")
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || o.Elasticsearch.PingTimeoutSeconds > 0,
                "Search:Elasticsearch:PingTimeoutSeconds 必须大于 0。")
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || o.Elasticsearch.MaxRetries >= 0,
                "Search:Elasticsearch:MaxRetries 不能小于 0。")
            .Validate(o => o.Provider != SearchProvider.Elasticsearch || IsIndexPrefix(o.Elasticsearch.IndexPrefix),
                "Search:Elasticsearch:IndexPrefix 不能为空，只能由小写字母、数字、- 和 _ 组成（Elasticsearch 的索引名不允许大写）。")
            .ValidateOnStart();
        services.AddSingleton<IModelContributor, SearchOutboxModel>();
        services.AddScoped<SearchOutboxHandlers>();
        services.AddScoped<IDomainEventHandler<ContentPublished>>(sp => sp.GetRequiredService<SearchOutboxHandlers>());
        services.AddScoped<IDomainEventHandler<ContentUnpublished>>(sp => sp.GetRequiredService<SearchOutboxHandlers>());
        services.AddScoped<IDomainEventHandler<ContentDeleted>>(sp => sp.GetRequiredService<SearchOutboxHandlers>());
        services.AddSingleton<ISearchIndex>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SearchOptions>>().Value;
            if (options.Provider == SearchProvider.Elasticsearch)
            {
                // An IConnection registered in the container (tests: an in-memory one) replaces HTTP.
                return new ElasticsearchSearchIndex(options.Elasticsearch, sp.GetService<IConnection>(), sp.GetRequiredService<TimeProvider>(),
                    sp.GetRequiredService<ILogger<ElasticsearchSearchIndex>>());
            }
            var store = sp.GetRequiredService<IOptions<StoreOptions>>().Value;
            var appData = StoreServiceCollectionExtensions.AppData(store, sp.GetRequiredService<IHostEnvironment>().ContentRootPath);
            return new LuceneSearchIndex(Path.Combine(appData, "search", "lucene"), sp.GetRequiredService<ILogger<LuceneSearchIndex>>());
        });
        services.AddScoped<SearchDocumentSource>();
        services.AddScoped<SearchOutboxJob>();
        services.AddScoped<SearchService>();
        services.AddSingleton<SearchRebuild>();
        services.AddHostedService<SearchIndexStartup>();
        return services;
    }

    private static bool IsHttpUrl(string node)
        => Uri.TryCreate(node, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static bool IsIndexPrefix(string? prefix)
        => !string.IsNullOrEmpty(prefix) && prefix.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-' or '_');
}
