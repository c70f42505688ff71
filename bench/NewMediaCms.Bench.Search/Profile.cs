using System.Diagnostics;
using System.Runtime.InteropServices;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;

/// <summary>
/// Where the time of one query goes, on an index a previous run built (--profile): thread CPU time per stage
/// (count only, top 10, stored fields, highlighting) and per query shape, so that a loaded machine does not hide it.
/// </summary>
internal static class Profile
{
    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int ClockGetTime(int clock, out TimeSpec ts);

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Sec;
        public long Nsec;
    }

    /// <summary>CPU time of the whole process in ms (CLOCK_PROCESS_CPUTIME_ID): all threads, for parallel segment search.</summary>
    public static double ProcessCpuMs()
    {
        ClockGetTime(2, out var ts);
        return ts.Sec * 1000.0 + ts.Nsec / 1e6;
    }

    /// <summary>CPU time of the calling thread in ms (CLOCK_THREAD_CPUTIME_ID).</summary>
    public static double ThreadCpuMs()
    {
        ClockGetTime(3, out var ts);
        return ts.Sec * 1000.0 + ts.Nsec / 1e6;
    }

    public static async Task RunAsync(string indexRoot, string[] queries, int runs)
    {
        // The production code path, per query: process CPU ms of SearchAsync (search on pool threads, stored fields, highlighting).
        using (var index = new NewMediaCms.Search.Lucene.LuceneSearchIndex(indexRoot))
        {
            if (index.RebuildRequired)
            {
                Console.WriteLine("the index is not of the current layout (refused, see the log): build it again without --reuse");
                return;
            }
            Console.WriteLine("## production SearchAsync, process CPU ms per query (portal; department dept042)");
            foreach (var q in queries)
            {
                var line = $"| {q} |";
                foreach (var tenant in new string?[] { null, "dept042" })
                {
                    var query = new NewMediaCms.Search.SearchQuery
                    {
                        Text = q,
                        Scope = tenant is null ? NewMediaCms.Search.SearchScope.Portal : NewMediaCms.Search.SearchScope.Department,
                        TenantId = tenant,
                        ExcludedTenants = ["dept100"],
                    };
                    for (var i = 0; i < Math.Max(10, runs / 2); i++)
                    {
                        await index.SearchAsync(query, CancellationToken.None); // JIT warm-up
                    }
                    var samples = new List<double>();
                    for (var i = 0; i < runs; i++)
                    {
                        var c = ProcessCpuMs();
                        await index.SearchAsync(query, CancellationToken.None);
                        samples.Add(ProcessCpuMs() - c);
                    }
                    samples.Sort();
                    line += $" min {samples[0]:F1} median {samples[samples.Count / 2]:F1} max {samples[^1]:F1} |";
                }
                Console.WriteLine(line);
            }
        }
        if (Environment.GetEnvironmentVariable("NMC_PROFILE_ONLY_PRODUCTION") == "1")
        {
            return;
        }
        var current = File.ReadAllText(Path.Combine(indexRoot, "current")).Trim();
        using var directory = new NIOFSDirectory(new DirectoryInfo(Path.Combine(indexRoot, current)));
        using var reader = DirectoryReader.Open(directory);
        var searcher = new IndexSearcher(reader);
        Console.WriteLine($"index {current}: {reader.MaxDoc:N0} docs, {reader.Leaves.Count} segments");
        var words = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48);
        foreach (var q in queries)
        {
            Console.WriteLine($"{q}: words [{string.Join(" ", Tokens(words, q))}]");
        }

        var visible = new TermQuery(new Term("visible", "1"));
        var portalQ = new BooleanQuery { { visible, Occur.MUST }, { new TermQuery(new Term("portal", "1")), Occur.MUST } };
        var bits = new BitSetCachingFilter(new QueryWrapperFilter(new BooleanQuery
        {
            { portalQ, Occur.MUST },
            { new TermQuery(new Term("tenant", "dept100")), Occur.MUST_NOT },
        }));
        using var grams = new NewMediaCms.Search.Lucene.CjkGramAnalyzer(LuceneVersion.LUCENE_48);
        Query Gram(string q, bool titleClause, bool boolean = false)
        {
            var cover = NewMediaCms.Search.Lucene.CjkGramAnalyzer.Cover(NewMediaCms.Search.Lucene.LuceneSearchIndex.Tokens(grams, "text_ng", q));
            Query On(string field, float boost)
            {
                Query x;
                if (cover.Count == 1)
                {
                    x = new TermQuery(new Term(field, cover[0].Term));
                }
                else
                {
                    var p = new PhraseQuery();
                    foreach (var (term, position) in cover)
                    {
                        p.Add(new Term(field, term), position);
                    }
                    x = p;
                }
                x.Boost = boost;
                return x;
            }
            if (!titleClause)
            {
                return On("text_ng", 0.7f);
            }
            return boolean
                ? new BooleanQuery { { On("text_ng", 0.7f), Occur.MUST }, { On("title_ng", 2f), Occur.SHOULD } }
                : new NewMediaCms.Search.Lucene.BonusQuery(On("text_ng", 0.7f), On("title_ng", 2f));
        }
        var variants = new (string Name, Func<string, Query> Query, Filter Filter)[]
        {
            ("production: BonusQuery(text_ng gram term/phrase, title_ng bonus), bitset filter", q => Gram(q, true), bits),
            ("as BooleanQuery { text_ng MUST, title_ng SHOULD } (not used: BooleanScorer2 overhead), bitset filter", q => Gram(q, true, boolean: true), bits),
            ("without the title ranking clause: text_ng only, bitset filter", q => Gram(q, false), bits),
        };
        for (var pass = 0; pass < 2; pass++)
        foreach (var (name, build, filter) in variants)
        {
            if (pass == 0)
            {
                // First pass: JIT warm-up of every shape, not printed.
                foreach (var q in queries)
                {
                    for (var i = 0; i < Math.Max(3, runs / 2); i++)
                    {
                        searcher.Search(build(q), filter, 10);
                        searcher.Search(build(q), filter, new TotalHitCountCollector());
                        searcher.Search(build(q), filter, 10, new Sort(new SortField("published_sort", SortFieldType.INT64, true)));
                    }
                }
                continue;
            }
            Console.WriteLine();
            Console.WriteLine($"## {name}");
            Console.WriteLine("| query | hits | count cpu ms | top10 cpu ms | top10 newest cpu ms |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            double sumCount = 0, sumTop = 0, sumNewest = 0;
            foreach (var q in queries)
            {
                var query = build(q);
                var counter = new TotalHitCountCollector();
                searcher.Search(query, filter, counter); // warm-up
                searcher.Search(query, filter, 10);
                var c0 = ThreadCpuMs();
                for (var i = 0; i < runs; i++)
                {
                    searcher.Search(query, filter, new TotalHitCountCollector());
                }
                var c1 = ThreadCpuMs();
                TopDocs top = null!;
                for (var i = 0; i < runs; i++)
                {
                    top = searcher.Search(query, filter, 10);
                }
                var c2 = ThreadCpuMs();
                var sort = new Sort(new SortField("published_sort", SortFieldType.INT64, true));
                for (var i = 0; i < runs; i++)
                {
                    searcher.Search(query, filter, 10, sort);
                }
                var c3 = ThreadCpuMs();
                var (count, tops, newest) = ((c1 - c0) / runs, (c2 - c1) / runs, (c3 - c2) / runs);
                sumCount += count;
                sumTop += tops;
                sumNewest += newest;
                Console.WriteLine($"| {q} | {top.TotalHits:N0} | {count:F1} | {tops:F1} | {newest:F1} |");
            }
            Console.WriteLine($"| mean | | {sumCount / queries.Length:F1} | {sumTop / queries.Length:F1} | {sumNewest / queries.Length:F1} |");
        }

    }

    private static List<string> Tokens(Analyzer analyzer, string text)
    {
        var result = new List<string>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            result.Add(term.ToString());
        }
        stream.End();
        return result;
    }
}

/// <summary>Caches a filter per segment as a FixedBitSet, which (unlike the WAH8 set CachingWrapperFilter builds) offers random access.</summary>
internal sealed class BitSetCachingFilter(Filter inner) : CachingWrapperFilter(inner)
{
    protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        bits.Or(iterator);
        return bits;
    }
}
