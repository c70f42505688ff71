using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Search;
using NewMediaCms.Search.Lucene;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Search;

/// <summary>The application refuses an embedded index of another layout and rebuilds it from the store when it starts.</summary>
public sealed class LuceneLayoutStartupTests : IDisposable
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    [Fact]
    public async Task An_index_of_another_layout_found_at_start_is_rebuilt_from_the_store_without_the_outbox()
    {
        var lucene = Path.Combine(_app.AppData, "search", "lucene");
        LuceneGramLayoutTests.WriteBigramLayoutIndex(Path.Combine(lucene, "index-old"), null, ("stale", "过期旧格式通知", "只在旧格式索引里的内容。"));
        File.WriteAllText(Path.Combine(lucene, "current"), "index-old");

        var rebuild = _app.Services.GetRequiredService<SearchRebuild>(); // starts the application
        for (var i = 0; i < 600 && rebuild.Status.FinishedUtc is null; i++)
        {
            await Task.Delay(100);
        }

        Assert.NotNull(rebuild.Status.FinishedUtc);
        Assert.Null(rebuild.Status.Error);
        Assert.True(rebuild.Status.Done > 0);
        var index = Assert.IsType<LuceneSearchIndex>(_app.Services.GetRequiredService<ISearchIndex>());
        Assert.False(index.RebuildRequired);
        Assert.False(Directory.Exists(Path.Combine(lucene, "index-old")));
        Assert.Equal(index.CurrentIndex, File.ReadAllText(Path.Combine(lucene, "current")).Trim());
        // The outbox job never ran (no job server in the tests): what is found came from the store through the rebuild.
        Assert.Contains("portal-n-1", await IdsAsync("通知"));
        Assert.Empty(await IdsAsync("过期旧格式"));
    }

    [Fact]
    public async Task An_index_of_the_current_layout_is_not_rebuilt_at_start()
    {
        var rebuild = _app.Services.GetRequiredService<SearchRebuild>();
        var index = Assert.IsType<LuceneSearchIndex>(_app.Services.GetRequiredService<ISearchIndex>());
        await Task.Delay(500);

        Assert.False(index.RebuildRequired);
        Assert.Null(rebuild.Status.StartedUtc);
    }

    private async Task<List<string>> IdsAsync(string q)
    {
        var response = await _app.Client().GetAsync("/api/search?q=" + Uri.EscapeDataString(q));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("id").GetString()!).ToList();
    }

    public void Dispose() => _app.Dispose();
}
