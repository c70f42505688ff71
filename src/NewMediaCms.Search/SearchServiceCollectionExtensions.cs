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
            var appData = Path.IsPathRooted(store.AppDataPath)
                ? store.AppDataPath
                : Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, store.AppDataPath);
            return new LuceneSearchIndex(Path.Combine(appData, "search", "lucene"), sp.GetRequiredService<ILogger<LuceneSearchIndex>>());
        });
        services.AddScoped<SearchDocumentSource>();
        services.AddScoped<SearchOutboxJob>();
        services.AddScoped<SearchService>();
        services.AddSingleton<SearchRebuild>();
        return services;
    }
}
