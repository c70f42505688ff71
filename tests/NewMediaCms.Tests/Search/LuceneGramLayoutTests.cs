using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using NewMediaCms.Search;
using NewMediaCms.Search.Lucene;

namespace NewMediaCms.Tests.Search;

/// <summary>Layout 2 of the embedded index (one search field of 2–4-character CJK grams for title and body), the only one it opens.</summary>
public sealed class LuceneGramLayoutTests : IDisposable
{
    private static readonly DateTime Day = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nmc-lucene-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LuceneSearchIndex> _open = [];

    private LuceneSearchIndex Open()
    {
        var index = new LuceneSearchIndex(_root);
        _open.Add(index);
        return index;
    }

    private static SearchDocument Notice(string id, string title, string body, int daysAfter = 0)
        => new("sl", id, 1, true, "notice", "sl-site", title, "", body, Day.AddDays(daysAfter));

    private static SearchQuery Admin(string text) => new() { Text = text, Scope = SearchScope.Admin };

    private static async Task<List<string>> IdsAsync(LuceneSearchIndex index, string text)
        => (await index.SearchAsync(Admin(text), CancellationToken.None)).Hits.Select(h => h.ContentItemId).Order().ToList();

    [Fact]
    public void Grams_of_two_to_four_characters_are_stacked_at_the_position_of_their_first_character()
    {
        using var analyzer = new CjkGramAnalyzer(LuceneVersion.LUCENE_48);
        var tokens = LuceneSearchIndex.Tokens(analyzer, "f", "县人民政府 2024年");

        Assert.Equal(
        [
            ("县人", 0), ("县人民", 0), ("县人民政", 0),
            ("人民", 1), ("人民政", 1), ("人民政府", 1),
            ("民政", 2), ("民政府", 2),
            ("政府", 3),
            ("2024", 5), ("年", 6),
        ], tokens.Select(t => (t.Term, t.Position)).ToList());
        // A word of up to four characters is one term; a longer one the fewest grams that cover it, at their positions.
        Assert.Equal([("人民政府", 1)], CjkGramAnalyzer.Cover(tokens.Where(t => t.Start >= 1 && t.End <= 5).ToList()));
        Assert.Equal([("县人民政", 0), ("人民政府", 1)], CjkGramAnalyzer.Cover(tokens.Where(t => t.End <= 5).ToList()));
    }

    [Fact]
    public async Task A_word_longer_than_four_characters_matches_only_as_one_run()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("run", "宪法宣传周活动", "学习中华人民共和国宪法。"),
            Notice("apart", "法治宣传", "中华人民的好日子，共和国的生日。"),
            Notice("tail", "宪法学习", "人民共和国的公民。"),
        ], CancellationToken.None);

        Assert.Equal(["run"], await IdsAsync(index, "中华人民共和国"));
        Assert.Equal(["run", "tail"], await IdsAsync(index, "人民共和国"));
        Assert.Equal(["apart", "run"], await IdsAsync(index, "中华人民"));
        Assert.Equal(["run"], await IdsAsync(index, "宣传周"));
        Assert.Empty(await IdsAsync(index, "人民共和国宪章"));
    }

    [Fact]
    public async Task A_word_never_matches_across_the_end_of_the_title_and_the_start_of_the_body()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("split", "关于防汛", "抗旱物资储备的安排。"),
            Notice("title", "防汛抗旱通知", "物资储备。"),
            Notice("body", "通知", "做好防汛抗旱物资储备。"),
        ], CancellationToken.None);

        Assert.Equal(["body", "title"], await IdsAsync(index, "防汛抗旱"));
        Assert.Equal(["body"], await IdsAsync(index, "防汛抗旱物资"));
        Assert.Equal(["body", "split", "title"], await IdsAsync(index, "防汛 抗旱"));
    }

    [Fact]
    public async Task Title_matches_rank_first_even_when_other_segments_hold_no_title_match_at_all()
    {
        var index = Open();
        // Each write batch is committed as its own segment: the first two hold the word only in bodies (no title term in
        // them at all), the last one in a title. Scores must compare across segments.
        await index.WriteAsync([Notice("body1", "汛期值班安排", "防汛。", daysAfter: 1)], CancellationToken.None);
        await index.WriteAsync([Notice("body2", "水库巡查", "防汛防汛，防汛物资。", daysAfter: 2)], CancellationToken.None);
        await index.WriteAsync([Notice("title", "关于做好今年防汛工作的通知", "各单位做好汛期值班和物资储备，确保安全度汛。", daysAfter: 3)], CancellationToken.None);

        var hits = (await index.SearchAsync(Admin("防汛"), CancellationToken.None)).Hits;
        Assert.Equal(3, hits.Count);
        Assert.Equal("title", hits[0].ContentItemId);
        Assert.True(hits[0].Score > hits[1].Score);
        Assert.Equal(3, (await index.SearchAsync(Admin("防汛") with { PageSize = 1 }, CancellationToken.None)).Total);
    }

    [Fact]
    public async Task A_new_index_is_built_in_the_gram_layout_and_keeps_it_through_writes_reopening_and_rebuilds()
    {
        var index = Open();
        Assert.False(index.RebuildRequired);
        Assert.Equal("2", LayoutOnDisk());
        await index.WriteAsync([Notice("a", "防汛通知", "做好准备。")], CancellationToken.None);
        await index.WriteAsync([Notice("b", "抗旱通知", "做好准备。")], CancellationToken.None);
        index.Dispose();

        var reopened = Open();
        Assert.False(reopened.RebuildRequired);
        Assert.Equal("2", LayoutOnDisk());
        Assert.Equal(["a"], await IdsAsync(reopened, "防汛"));
        await reopened.RebuildAsync(Source(Notice("c", "防汛抗旱通知", "做好准备。")), 1, ["sl"], null, CancellationToken.None);
        Assert.Equal("2", LayoutOnDisk());
        Assert.Equal(["c"], await IdsAsync(reopened, "防汛"));
    }

    [Theory]
    [InlineData(null)] // the bigram layout of before 2026-11-27 (never released) wrote no layout
    [InlineData("1")]
    [InlineData("3")] // written by a later version
    public async Task An_index_of_another_layout_is_refused_with_an_error_and_searched_empty_until_a_rebuild_replaces_it(string? layout)
    {
        WriteBigramLayoutIndex(Path.Combine(_root, "index-old"), layout, ("old", "关于做好防汛工作的通知", "为贯彻落实中华人民共和国防洪法。"));
        File.WriteAllText(Path.Combine(_root, "current"), "index-old");
        var logger = new ListLogger();

        var index = Track(new LuceneSearchIndex(_root, logger));
        Assert.True(index.RebuildRequired);
        var error = Assert.Single(logger.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("index-old", error.Message);
        Assert.Contains("拒绝打开", error.Message);
        Assert.Contains("重建", error.Message);
        Assert.Empty(await IdsAsync(index, "防汛")); // the refused index is not searched (its documents have no gram fields)
        await index.WriteAsync([Notice("new", "防汛物资", "人民群众。")], CancellationToken.None);
        Assert.Equal(["new"], await IdsAsync(index, "防汛")); // writes meanwhile land in the interim index
        index.Dispose();

        // A restart before the rebuild refuses it again: the pointer still names the refused index, left as it was.
        var reopened = Track(new LuceneSearchIndex(_root, logger));
        Assert.True(reopened.RebuildRequired);
        Assert.Equal(layout ?? "none", LayoutOnDisk());

        await reopened.RebuildAsync(Source(Notice("old", "关于做好防汛工作的通知", "为贯彻落实中华人民共和国防洪法。"),
            Notice("new", "防汛物资", "人民群众。")), 2, ["sl"], null, CancellationToken.None);
        Assert.False(reopened.RebuildRequired);
        Assert.Equal(["new", "old"], await IdsAsync(reopened, "人民"));
        Assert.Equal(["old"], await IdsAsync(reopened, "人民共和国"));
        Assert.False(System.IO.Directory.Exists(Path.Combine(_root, "index-old")));
        reopened.Dispose();

        var afterRebuild = Open();
        Assert.False(afterRebuild.RebuildRequired);
        Assert.Equal("2", LayoutOnDisk());
        Assert.Equal(["new", "old"], await IdsAsync(afterRebuild, "人民"));
    }

    [Fact]
    public void An_empty_index_without_a_layout_is_taken_over_in_the_current_layout()
    {
        WriteBigramLayoutIndex(Path.Combine(_root, "index-empty"), null);
        File.WriteAllText(Path.Combine(_root, "current"), "index-empty");

        var index = Open();
        Assert.False(index.RebuildRequired);
        Assert.Equal("index-empty", index.CurrentIndex);
        Assert.Equal("2", LayoutOnDisk());
    }

    /// <summary>The layout in the last commit of the index the pointer names ("none" when it has none).</summary>
    private string LayoutOnDisk()
    {
        var name = File.ReadAllText(Path.Combine(_root, "current")).Trim();
        using var directory = new NIOFSDirectory(new DirectoryInfo(Path.Combine(_root, name)));
        var commit = DirectoryReader.ListCommits(directory).OrderBy(c => c.Generation).Last();
        return commit.UserData.TryGetValue("nmc.layout", out var layout) ? layout : "none";
    }

    private LuceneSearchIndex Track(LuceneSearchIndex index)
    {
        _open.Add(index);
        return index;
    }

    private sealed class ListLogger : ILogger<LuceneSearchIndex>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            => Entries.Add((logLevel, formatter(state, exception)));
    }

    /// <summary>An index as the code before layout 2 wrote it (bigram sub-fields), with <paramref name="layout"/> in its commit data.</summary>
    internal static void WriteBigramLayoutIndex(string path, string? layout, params (string Id, string Title, string Body)[] notices)
    {
        var version = LuceneVersion.LUCENE_48;
        using var words = new SmartChineseAnalyzer(version);
        using var bigrams = new CJKAnalyzer(version);
        using var analyzer = new PerFieldAnalyzerWrapper(words, new Dictionary<string, Analyzer> { ["title_cjk"] = bigrams, ["body_cjk"] = bigrams });
        using var directory = new NIOFSDirectory(new DirectoryInfo(path));
        using var writer = new IndexWriter(directory, new IndexWriterConfig(version, analyzer));
        foreach (var (id, title, body) in notices)
        {
            writer.AddDocument(new Document
            {
                new StringField("id", "sl/" + id, Field.Store.YES),
                new StringField("tenant", "sl", Field.Store.YES),
                new StringField("item", id, Field.Store.YES),
                new StringField("visible", "1", Field.Store.NO),
                new StoredField("version", "1"),
                new StringField("type", "notice", Field.Store.YES),
                new StringField("account", "sl-site", Field.Store.YES),
                new StringField("portal", "1", Field.Store.NO),
                new Int64Field("published", Day.Ticks, Field.Store.YES),
                new NumericDocValuesField("published_sort", Day.Ticks),
                new TextField("title", title, Field.Store.YES),
                new TextField("title_cjk", title, Field.Store.NO),
                new TextField("body", body, Field.Store.YES),
                new TextField("body_cjk", body, Field.Store.NO),
                new StoredField("summary", ""),
            });
        }
        if (layout is not null)
        {
            writer.SetCommitData(new Dictionary<string, string> { ["nmc.layout"] = layout });
        }
        writer.Commit();
    }

    private static async IAsyncEnumerable<SearchDocument> Source(params SearchDocument[] documents)
    {
        foreach (var d in documents)
        {
            yield return d;
        }
        await Task.CompletedTask;
    }

    public void Dispose()
    {
        foreach (var index in _open)
        {
            index.Dispose();
        }
        try
        {
            System.IO.Directory.Delete(_root, true);
        }
        catch (IOException)
        {
        }
    }
}
