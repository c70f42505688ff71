using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Threading.Channels;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace NewMediaCms.Search.Lucene;

/// <summary>
/// The embedded engine: one Lucene index under App_Data/search/lucene/index-N, named by the "current" file.
/// One IndexWriter, a SearcherManager for readers; every write batch is committed, so what was acknowledged survives
/// a crash. Titles and bodies are indexed as SmartChineseAnalyzer words (stored, for lone characters) and as CJK grams
/// so that part of a word is found (人民 finds 中华人民共和国): one search field "text_ng" holds the title and the body as
/// 2–4-character grams (<see cref="CjkGramAnalyzer"/>), "title_ng" the title alone for ranking. The layout is written in
/// the index's commit data; an index of another layout (or, not empty, of none) is refused at start: the instance then
/// answers from an empty interim index in memory (<see cref="RebuildRequired"/>) until a rebuild from the store swaps a
/// new index in (<see cref="SearchIndexStartup"/> starts one).
/// </summary>
public sealed class LuceneSearchIndex : ISearchIndex, IDisposable
{
    private const LuceneVersion Version = LuceneVersion.LUCENE_48;
    private const string PointerFile = "current";
    private const int MaxDepth = 1000;
    private const string LayoutKey = "nmc.layout";

    /// <summary>The index layout, written in the commit data of every index; see the class summary.</summary>
    internal const int CurrentLayout = 2;

    private readonly string _root;
    private readonly ILogger _logger;
    private readonly Analyzer _analyzer;
    private readonly Analyzer _words = new SmartChineseAnalyzer(Version);
    private readonly Analyzer _grams = new CjkGramAnalyzer(Version);
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ConcurrentDictionary<string, Filter> _filters = new(StringComparer.Ordinal);
    private volatile IndexState _state;
    private bool _disposed;

    public LuceneSearchIndex(string root, ILogger<LuceneSearchIndex>? logger = null)
    {
        _root = root;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _analyzer = new PerFieldAnalyzerWrapper(_words, new Dictionary<string, Analyzer>
        {
            [Fields.Text] = _grams,
            [Fields.TitleGrams] = _grams,
        });
        System.IO.Directory.CreateDirectory(root);
        var current = ReadPointer() ?? CreateFirstIndex();
        _state = Open(current, OpenMode.CREATE_OR_APPEND) ?? Interim(current);
    }

    public string Name => "Lucene";

    /// <summary>The physical index directory in use (index-N).</summary>
    public string CurrentIndex => _state.Name;

    /// <summary>
    /// True when the index on disk was refused (not the current layout) and searches answer from an empty interim index
    /// until a rebuild swaps a new one in. Stays true after a restart until then: the pointer still names the refused index.
    /// </summary>
    public bool RebuildRequired => _state.Refused;

    private static class Fields
    {
        public const string Id = "id";
        public const string Tenant = "tenant";
        public const string Account = "account";
        public const string Type = "type";
        public const string Item = "item";
        public const string Visible = "visible";
        public const string Portal = "portal";
        public const string Version = "version";
        public const string Published = "published";
        public const string PublishedSort = "published_sort";
        public const string Title = "title";
        public const string Body = "body";
        public const string Summary = "summary";
        public const string Text = "text_ng";
        public const string TitleGrams = "title_ng";
    }

    public async Task<SearchWriteResult> WriteAsync(IReadOnlyList<SearchDocument> documents, CancellationToken cancellationToken)
    {
        if (documents.Count == 0)
        {
            return SearchWriteResult.Ok;
        }
        await _writeLock.WaitAsync(cancellationToken);
        try
        {
            var state = _state;
            state.Manager.MaybeRefreshBlocking();
            var searcher = state.Manager.Acquire();
            var pending = new Dictionary<string, long>();
            try
            {
                foreach (var document in documents)
                {
                    var stored = pending.TryGetValue(document.Id, out var p) ? p : StoredVersion(searcher, document.Id);
                    if (stored is { } s && s > document.Version)
                    {
                        continue; // a newer write already landed: this one is late or replayed
                    }
                    state.Writer.UpdateDocument(new Term(Fields.Id, document.Id), ToLucene(document));
                    pending[document.Id] = document.Version;
                }
            }
            finally
            {
                state.Manager.Release(searcher);
            }
            state.Writer.Commit();
            state.Manager.MaybeRefreshBlocking();
            return SearchWriteResult.Ok;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            throw new SearchEngineUnavailableException("Lucene 索引写入失败：" + ex.Message, ex);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private static long? StoredVersion(IndexSearcher searcher, string id)
    {
        var top = searcher.Search(new TermQuery(new Term(Fields.Id, id)), 1);
        if (top.TotalHits == 0)
        {
            return null;
        }
        var value = searcher.Doc(top.ScoreDocs[0].Doc).Get(Fields.Version);
        return long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null;
    }

    private static Document ToLucene(SearchDocument d)
    {
        var doc = new Document
        {
            new StringField(Fields.Id, d.Id, Field.Store.YES),
            new StringField(Fields.Tenant, d.TenantId, Field.Store.YES),
            new StringField(Fields.Item, d.ContentItemId, Field.Store.YES),
            new StringField(Fields.Visible, d.Visible ? "1" : "0", Field.Store.NO),
            new StoredField(Fields.Version, d.Version.ToString(CultureInfo.InvariantCulture)),
        };
        if (!d.Visible)
        {
            return doc;
        }
        var ticks = d.PublishedUtc.Ticks;
        doc.Add(new StringField(Fields.Type, d.ContentType, Field.Store.YES));
        doc.Add(new StringField(Fields.Account, d.AccountId ?? "", Field.Store.YES));
        doc.Add(new StringField(Fields.Portal, d.Portal ? "1" : "0", Field.Store.NO));
        doc.Add(new Int64Field(Fields.Published, ticks, Field.Store.YES));
        doc.Add(new NumericDocValuesField(Fields.PublishedSort, ticks));
        doc.Add(new TextField(Fields.Title, d.Title, Field.Store.YES));
        doc.Add(new TextField(Fields.Body, d.Body, Field.Store.YES));
        doc.Add(new StoredField(Fields.Summary, d.Summary));
        // One search field for title and body (two values, CjkGramAnalyzer.ValueGap positions apart): a word is one
        // postings list to read, not one per field; the title alone again for ranking.
        doc.Add(new TextField(Fields.Text, d.Title, Field.Store.NO));
        doc.Add(new TextField(Fields.Text, d.Body, Field.Store.NO));
        doc.Add(new TextField(Fields.TitleGrams, d.Title, Field.Store.NO));
        return doc;
    }

    public Task<SearchResults> SearchAsync(SearchQuery query, CancellationToken cancellationToken)
    {
        var page = Math.Max(1, query.Page);
        var pageSize = Math.Clamp(query.PageSize, 1, 100);
        if (SearchText.Terms(query.Text).Count == 0 || page * pageSize > MaxDepth)
        {
            return Task.FromResult(SearchResults.Empty(page, pageSize));
        }
        // The slowly changing part of the filter (visible, public, disabled departments) is cached per segment as a bit set;
        // the rest (department, account, type, dates) is a zero-scoring clause that leads the conjunction.
        var filter = CachedFilter(query);
        var narrowing = BuildFilter(query);
        for (var attempt = 0; ; attempt++)
        {
            var state = _state;
            var text = BuildTextQuery(query.Text);
            if (text is null)
            {
                return Task.FromResult(SearchResults.Empty(page, pageSize));
            }
            if (narrowing is not null)
            {
                text = new BooleanQuery { { text, Occur.MUST }, { new ConstantScoreQuery(narrowing) { Boost = 0 }, Occur.MUST } };
            }
            IndexSearcher searcher;
            try
            {
                searcher = state.Manager.Acquire();
            }
            catch (Exception ex) when (attempt < 5 && ex is ObjectDisposedException)
            {
                continue; // a rebuild swapped the index between reading the state and acquiring: take the new one
            }
            try
            {
                var n = page * pageSize;
                var top = query.Sort switch
                {
                    SearchSort.Newest => searcher.Search(text, filter, n, new Sort(new SortField(Fields.PublishedSort, SortFieldType.INT64, true))),
                    SearchSort.Oldest => searcher.Search(text, filter, n, new Sort(new SortField(Fields.PublishedSort, SortFieldType.INT64, false))),
                    _ => searcher.Search(text, filter, n),
                };
                var hits = new List<SearchHit>();
                var words = SearchText.Terms(query.Text);
                foreach (var scoreDoc in top.ScoreDocs.Skip((page - 1) * pageSize))
                {
                    var doc = searcher.Doc(scoreDoc.Doc, HitFields);
                    hits.Add(ToHit(doc, words, scoreDoc.Score));
                }
                return Task.FromResult(new SearchResults(hits, top.TotalHits, page, pageSize));
            }
            finally
            {
                state.Manager.Release(searcher);
            }
        }
    }

    private static readonly ISet<string> HitFields = new HashSet<string>(StringComparer.Ordinal)
    {
        Fields.Tenant, Fields.Item, Fields.Type, Fields.Account, Fields.Published, Fields.Title, Fields.Body, Fields.Summary,
    };

    private static SearchHit ToHit(Document doc, IReadOnlyList<string> words, float score)
    {
        var title = doc.Get(Fields.Title) ?? "";
        var body = doc.Get(Fields.Body) ?? "";
        var titleHighlight = SearchHighlighter.MarkAll(title, words) ?? SearchText.Html(title);
        var snippet = SearchHighlighter.Snippet(body, words, 120)
                      ?? SearchText.Html(SearchText.Excerpt(doc.Get(Fields.Summary) ?? body, 120));
        var published = long.TryParse(doc.Get(Fields.Published), NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
            ? new DateTime(ticks, DateTimeKind.Utc) : default;
        var account = doc.Get(Fields.Account);
        return new SearchHit(doc.Get(Fields.Tenant) ?? "", doc.Get(Fields.Item) ?? "", doc.Get(Fields.Type) ?? "",
            string.IsNullOrEmpty(account) ? null : account, title, titleHighlight, snippet, published, float.IsNaN(score) ? 0 : score);
    }

    /// <summary>
    /// Every word of the reader's text must match, in the title or the body, as a run of consecutive characters; CJK grams
    /// also find sub-words (人民 in 中华人民共和国) and every segmented word of two or more characters. A title match
    /// scores higher than a body match.
    /// Per word one required clause on "text_ng" (title and body): a word of two to four CJK characters is one term, a
    /// longer one a phrase of the fewest grams that cover it; "title_ng" ranks title matches first.
    /// The segmented-word fields are searched only for a word the gram fields cannot find: one with a lone CJK character
    /// (县, 2024年: the gram fields index 县政, 年防, not 县 or 年) or with nothing left after analysis (stop words).
    /// The text is analysed, never parsed, so operators and brackets are just characters.
    /// </summary>
    internal Query? BuildTextQuery(string text)
    {
        var terms = SearchText.Terms(text);
        if (terms.Count == 0)
        {
            return null;
        }
        var all = new BooleanQuery();
        foreach (var term in terms)
        {
            var any = GramClauses(term);
            if (any is null)
            {
                continue; // only stop words
            }
            all.Add(any, Occur.MUST);
        }
        return all.Clauses.Count == 0 ? null : all;
    }

    private Query? GramClauses(string term)
    {
        var tokens = Tokens(_grams, Fields.Text, term);
        var cover = CjkGramAnalyzer.Cover(tokens);
        if (tokens.Count == 0 || tokens.Any(t => IsLoneCjk(t.Term)))
        {
            var any = new BooleanQuery();
            AddAnalyzed(any, Positions(Tokens(_words, Fields.Title, term)), Fields.Title, 3f, Occur.SHOULD);
            AddAnalyzed(any, Positions(Tokens(_words, Fields.Body, term)), Fields.Body, 1f, Occur.SHOULD);
            AddAnalyzed(any, cover, Fields.Text, 0.7f, Occur.SHOULD);
            AddAnalyzed(any, cover, Fields.TitleGrams, 2f, Occur.SHOULD);
            return any.Clauses.Count == 0 ? null : any;
        }
        // One postings list decides the match (no disjunction of a title and a body clause to merge); the title field
        // only adds to the score of documents already matched (the title is part of text_ng, so it finds no others).
        return new BonusQuery(Analyzed(cover, Fields.Text, 0.7f), Analyzed(cover, Fields.TitleGrams, 2f));
    }

    private static List<(string Term, int Position)> Positions(List<(string Term, int Position, int Start, int End)> tokens)
        => tokens.Select(t => (t.Term, t.Position)).ToList();

    /// <summary>A single CJK character as a token: the gram analyser emits it only where the character stands alone.</summary>
    internal static bool IsLoneCjk(string token)
        => Rune.DecodeFromUtf16(token, out var rune, out var length) == OperationStatus.Done && length == token.Length
           && Rune.GetUnicodeCategory(rune) == UnicodeCategory.OtherLetter;

    private static void AddAnalyzed(BooleanQuery target, List<(string Term, int Position)> tokens, string field, float boost, Occur occur)
    {
        if (tokens.Count > 0)
        {
            target.Add(Analyzed(tokens, field, boost), occur);
        }
    }

    /// <summary>One term, or a phrase of the tokens at their positions.</summary>
    private static Query Analyzed(List<(string Term, int Position)> tokens, string field, float boost)
    {
        Query q;
        if (tokens.Count == 1)
        {
            q = new TermQuery(new Term(field, tokens[0].Term));
        }
        else
        {
            var phrase = new PhraseQuery();
            foreach (var (term, position) in tokens)
            {
                phrase.Add(new Term(field, term), position);
            }
            q = phrase;
        }
        q.Boost = boost;
        return q;
    }

    /// <summary>
    /// Term, position, start and end offset of each token (stacked tokens share a position); at most 320, enough for the
    /// grams of a query of <see cref="SearchText.MaxQueryLength"/> characters (up to three per character).
    /// </summary>
    internal static List<(string Term, int Position, int Start, int End)> Tokens(Analyzer analyzer, string field, string text)
    {
        var result = new List<(string, int, int, int)>();
        using var stream = analyzer.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        var position = -1;
        while (stream.IncrementToken() && result.Count < 320)
        {
            position += result.Count == 0 ? Math.Max(1, increment.PositionIncrement) : increment.PositionIncrement;
            result.Add((term.ToString(), position, offset.StartOffset, offset.EndOffset));
        }
        stream.End();
        return result;
    }

    private static Query? BuildFilter(SearchQuery query)
    {
        var filter = new BooleanQuery();
        if (query.TenantId is { } tenant)
        {
            filter.Add(new TermQuery(new Term(Fields.Tenant, tenant)), Occur.MUST);
        }
        if (query.AccountId is { } account)
        {
            filter.Add(new TermQuery(new Term(Fields.Account, account)), Occur.MUST);
        }
        if (query.ContentType is { } type)
        {
            filter.Add(new TermQuery(new Term(Fields.Type, type)), Occur.MUST);
        }
        if (query.FromUtc is not null || query.ToUtc is not null)
        {
            filter.Add(NumericRangeQuery.NewInt64Range(Fields.Published, query.FromUtc?.Ticks, query.ToUtc?.Ticks, true, false), Occur.MUST);
        }
        return filter.Clauses.Count == 0 ? null : filter;
    }

    /// <summary>
    /// Visible documents (and public ones for the portal), minus disabled departments: one bit set per segment, cached
    /// for the segment's lifetime and handed to the scorers as accepted documents (random access, no leap-frogging).
    /// Disabled departments change rarely: a handful of combinations is cached.
    /// </summary>
    private Filter CachedFilter(SearchQuery query)
    {
        var excluded = query.ExcludedTenants.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(BooleanQuery.MaxClauseCount / 2).ToList();
        var portal = query.Scope == SearchScope.Portal;
        var key = (portal ? "portal" : "visible") + "\n" + string.Join("\n", excluded);
        if (_filters.TryGetValue(key, out var cached))
        {
            return cached;
        }
        var allowed = new BooleanQuery { { new TermQuery(new Term(Fields.Visible, "1")), Occur.MUST } };
        if (portal)
        {
            allowed.Add(new TermQuery(new Term(Fields.Portal, "1")), Occur.MUST);
        }
        foreach (var tenant in excluded)
        {
            allowed.Add(new TermQuery(new Term(Fields.Tenant, tenant)), Occur.MUST_NOT);
        }
        if (_filters.Count >= 32)
        {
            _filters.Clear(); // the set of disabled departments changed often: start over rather than grow
        }
        return _filters.GetOrAdd(key, _ => new BitSetCachingWrapperFilter(new QueryWrapperFilter(allowed)));
    }

    public async Task RebuildAsync(IAsyncEnumerable<SearchDocument> documents, long total, IReadOnlyCollection<string> tenantIds,
        IProgress<RebuildProgress>? progress, CancellationToken cancellationToken)
    {
        var name = "index-" + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
        var path = Path.Combine(_root, name);
        long done = 0;
        using (var directory = new NIOFSDirectory(new DirectoryInfo(path)))
        using (var writer = new IndexWriter(directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE, RAMBufferSizeMB = 128 }))
        {
            // Analysis is the cost: feed the one writer from several threads.
            var channel = Channel.CreateBounded<SearchDocument>(new BoundedChannelOptions(1000) { SingleWriter = true });
            var workers = Enumerable.Range(0, Math.Max(1, Environment.ProcessorCount)).Select(_ => Task.Run(async () =>
            {
                await foreach (var d in channel.Reader.ReadAllAsync(cancellationToken))
                {
                    if (d.Visible)
                    {
                        writer.UpdateDocument(new Term(Fields.Id, d.Id), ToLucene(d));
                    }
                    var n = Interlocked.Increment(ref done);
                    if (n % 1000 == 0)
                    {
                        progress?.Report(new RebuildProgress(n, total));
                    }
                }
            }, cancellationToken)).ToList();
            try
            {
                await foreach (var d in documents.WithCancellation(cancellationToken))
                {
                    await channel.Writer.WriteAsync(d, cancellationToken);
                }
            }
            finally
            {
                channel.Writer.TryComplete();
            }
            await Task.WhenAll(workers);
            writer.SetCommitData(LayoutData());
            writer.Commit();
        }
        progress?.Report(new RebuildProgress(done, Math.Max(total, done)));

        await _writeLock.WaitAsync(cancellationToken);
        IndexState old;
        try
        {
            WritePointer(name);
            old = _state;
            _state = Open(name, OpenMode.APPEND) ?? throw new InvalidOperationException("重建的 Lucene 索引格式不符：" + name);
        }
        finally
        {
            _writeLock.Release();
        }
        // Searches holding the old searcher finish on it; the files go when the last one is released (unlink on Linux).
        // After a refused index: the interim index goes with the instance, the refused one's directory from the disk.
        old.Dispose();
        TryDelete(Path.Combine(_root, old.Name));
        _logger.LogInformation("Lucene 索引已重建为 {Index}，共 {Count} 条", name, done);
    }

    private void TryDelete(string path)
    {
        try
        {
            System.IO.Directory.Delete(path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ObjectDisposedException)
        {
            _logger.LogWarning(ex, "旧索引目录 {Path} 暂时无法删除", path);
        }
    }

    private string? ReadPointer()
    {
        var file = Path.Combine(_root, PointerFile);
        if (!File.Exists(file))
        {
            return null;
        }
        var name = File.ReadAllText(file).Trim();
        return name.Length > 0 && System.IO.Directory.Exists(Path.Combine(_root, name)) ? name : null;
    }

    /// <summary>Atomic swap: write a temporary file, then rename it over the pointer.</summary>
    private void WritePointer(string name)
    {
        var tmp = Path.Combine(_root, PointerFile + ".tmp");
        File.WriteAllText(tmp, name);
        File.Move(tmp, Path.Combine(_root, PointerFile), overwrite: true);
    }

    private string CreateFirstIndex()
    {
        const string name = "index-1";
        System.IO.Directory.CreateDirectory(Path.Combine(_root, name));
        WritePointer(name);
        return name;
    }

    /// <summary>The index named <paramref name="name"/>, or null (logged) when it is of another layout than the current one.</summary>
    private IndexState? Open(string name, OpenMode mode)
    {
        // NIOFSDirectory: FSDirectory.Open picks MMapDirectory on Linux, which can crash the process under concurrent search in beta00017.
        var directory = new NIOFSDirectory(new DirectoryInfo(Path.Combine(_root, name)));
        var writer = new IndexWriter(directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = mode });
        var layout = writer.CommitData.TryGetValue(LayoutKey, out var value) ? value : null;
        if (layout != CurrentLayoutText && writer.MaxDoc > 0)
        {
            // Its documents were indexed in other fields: searched the current way it would find nothing, or wrongly.
            writer.Rollback(); // closes it without writing anything: the refused index stays as it was until a rebuild deletes it
            directory.Dispose();
            _logger.LogError("Lucene 索引 {Index} 的格式为 {Layout}，不是当前格式 {Current}，拒绝打开；将从内容库重建索引，重建完成前检索结果不完整",
                name, layout ?? "（未标明）", CurrentLayoutText);
            return null;
        }
        // Every later commit of this writer carries the layout; a new or empty index gets it at once.
        writer.SetCommitData(LayoutData());
        if (layout != CurrentLayoutText)
        {
            writer.Commit();
        }
        var manager = new SearcherManager(writer, true, ParallelSegments.Instance);
        return new IndexState(name, directory, writer, manager, Refused: false);
    }

    /// <summary>
    /// In place of a refused index: an empty one in memory (writes land in it, searches find only those) until a rebuild
    /// swaps a new index in. It keeps the refused index's name, so the rebuild deletes that directory when it swaps.
    /// </summary>
    private IndexState Interim(string refusedName)
    {
        var directory = new RAMDirectory();
        var writer = new IndexWriter(directory, new IndexWriterConfig(Version, _analyzer) { OpenMode = OpenMode.CREATE });
        writer.SetCommitData(LayoutData());
        writer.Commit();
        var manager = new SearcherManager(writer, true, ParallelSegments.Instance);
        return new IndexState(refusedName, directory, writer, manager, Refused: true);
    }

    private static readonly string CurrentLayoutText = CurrentLayout.ToString(CultureInfo.InvariantCulture);

    private static Dictionary<string, string> LayoutData() => new() { [LayoutKey] = CurrentLayoutText };

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _state.Dispose();
        _analyzer.Dispose();
        _words.Dispose();
        _grams.Dispose();
        _writeLock.Dispose();
    }

    /// <summary>
    /// Searches the segments of one query in parallel on the thread pool: a large index has several segments, and a
    /// reader waiting on one query should not leave the other cores idle. Same hits and counts; only latency changes.
    /// </summary>
    private sealed class ParallelSegments : SearcherFactory
    {
        public static readonly ParallelSegments Instance = new();

        public override IndexSearcher NewSearcher(IndexReader reader) => new(reader, TaskScheduler.Default);
    }

    private sealed record IndexState(string Name, LuceneDirectory Directory, IndexWriter Writer, SearcherManager Manager, bool Refused) : IDisposable
    {
        public void Dispose()
        {
            Manager.Dispose();
            Writer.Dispose();
            Directory.Dispose();
        }
    }
}

/// <summary>
/// CachingWrapperFilter keeps a compressed (WAH8) set, which offers no random access: FilteredQuery then leap-frogs the
/// filter's iterator against the query for every candidate. A FixedBitSet (maxDoc/8 bytes per segment) is handed to the
/// scorers as accepted documents instead.
/// </summary>
internal sealed class BitSetCachingWrapperFilter(Filter filter) : CachingWrapperFilter(filter)
{
    protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        bits.Or(iterator);
        return bits;
    }
}
