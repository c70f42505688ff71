using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Search.Lucene;

namespace NewMediaCms.Search;

/// <summary>
/// At start-up (after the store is migrated): when the embedded index on disk was refused because it is not of the
/// current layout, rebuild it from the store through the admin page's rebuild path (<see cref="SearchRebuild"/>), whose
/// progress the search admin page shows.
/// </summary>
internal sealed class SearchIndexStartup(IServiceProvider services, IOptions<SearchOptions> options, SearchRebuild rebuild,
    ILogger<SearchIndexStartup> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        if (options.Value.Provider != SearchProvider.Lucene
            || services.GetRequiredService<ISearchIndex>() is not LuceneSearchIndex { RebuildRequired: true })
        {
            return;
        }
        if (rebuild.TryStart(out var running))
        {
            logger.LogWarning("Lucene 索引需要重建（格式不是当前格式），已开始从内容库重建");
        }
        await running.WaitAsync(stoppingToken);
    }
}
