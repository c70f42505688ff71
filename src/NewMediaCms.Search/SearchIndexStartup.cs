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
        try
        {
            if (options.Value.Provider != SearchProvider.Lucene
                || services.GetRequiredService<ISearchIndex>() is not LuceneSearchIndex { RebuildRequired: true })
            {
                return;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // E.g. another process on the same App_Data holds the index's write lock: the application still starts, as
            // before this check (the index is opened again when it is first used).
            logger.LogWarning(ex, "启动时无法打开 Lucene 索引，跳过格式检查");
            return;
        }
        if (rebuild.TryStart(out var running))
        {
            logger.LogWarning("Lucene 索引需要重建（格式不是当前格式），已开始从内容库重建");
        }
        await running.WaitAsync(stoppingToken);
    }
}
