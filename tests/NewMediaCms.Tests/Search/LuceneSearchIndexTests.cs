using System.Runtime.CompilerServices;
using NewMediaCms.Search;
using NewMediaCms.Search.Lucene;

namespace NewMediaCms.Tests.Search;

/// <summary>The embedded engine on real index files in a temporary folder.</summary>
public sealed class LuceneSearchIndexTests : IDisposable
{
    private static readonly DateTime Day = new(2026, 3, 1, 2, 0, 0, DateTimeKind.Utc);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "nmc-lucene-tests", Guid.NewGuid().ToString("N"));
    private readonly List<LuceneSearchIndex> _open = [];

    private LuceneSearchIndex Open(string? root = null)
    {
        var index = new LuceneSearchIndex(root ?? _root);
        _open.Add(index);
        return index;
    }

    private static SearchDocument Notice(string tenant, string id, string title, string body, int daysAfter = 0, long version = 1,
        string type = "notice", string? account = null, bool portal = true)
        => new(tenant, id, version, true, type, account ?? tenant + "-site", title, body.Length > 20 ? body[..20] : body, body, Day.AddDays(daysAfter), portal);

    private static SearchQuery Admin(string text) => new() { Text = text, Scope = SearchScope.Admin };

    private static async Task<List<string>> IdsAsync(LuceneSearchIndex index, SearchQuery query)
        => (await index.SearchAsync(query, CancellationToken.None)).Hits.Select(h => h.ContentItemId).ToList();

    [Fact]
    public async Task Chinese_words_are_found_and_a_sub_word_finds_the_longer_word()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("gaj", "a", "关于办理居民身份证的通告", "为贯彻落实中华人民共和国居民身份证法，现将有关事项通告如下。"),
            Notice("wjw", "b", "流感疫苗接种的通知", "接种对象为六十岁以上老人。"),
        ], CancellationToken.None);

        Assert.Equal(["a"], await IdsAsync(index, Admin("身份证")));
        Assert.Equal(["b"], await IdsAsync(index, Admin("疫苗接种")));
        // 人民 is inside the word 中华人民共和国: only the bigram sub-field finds it.
        Assert.Equal(["a"], await IdsAsync(index, Admin("人民")));
        Assert.Equal(["a"], await IdsAsync(index, Admin("人民共和")));
        Assert.Empty(await IdsAsync(index, Admin("高铁")));
    }

    [Fact]
    public async Task Every_word_of_the_query_must_match()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("gaj", "a", "冬季交通安全提示", "雨雪天气请减速慢行。"),
            Notice("gaj", "b", "冬季安全生产工作", "消防检查。"),
        ], CancellationToken.None);

        Assert.Equal(["a"], await IdsAsync(index, Admin("冬季 交通")));
        Assert.Equal(2, (await IdsAsync(index, Admin("冬季"))).Count);
    }

    [Fact]
    public async Task Several_words_each_found_as_a_sub_word_must_all_match()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("gaj", "a", "关于办理居民身份证的通告", "为贯彻落实中华人民共和国居民身份证法，现将有关事项通告如下。"),
            Notice("gaj", "b", "人民调解工作", "街道调解委员会名单。"),
        ], CancellationToken.None);

        // 人民 and 共和 are both inside the one segmented word 中华人民共和国.
        Assert.Equal(["a"], await IdsAsync(index, Admin("人民 共和")));
        Assert.Equal(["a"], await IdsAsync(index, Admin("共和 身份证")));
        Assert.Equal(["a", "b"], (await IdsAsync(index, Admin("人民"))).Order());
        Assert.Empty(await IdsAsync(index, Admin("人民 高铁")));
    }

    [Fact]
    public async Task A_word_matches_only_as_a_contiguous_run_of_characters()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("wjw", "a", "疫苗到货通知", "新一批疫苗已经到货，请按时前往接种。"),
            Notice("wjw", "b", "流感疫苗接种安排", "接种点设在社区卫生服务中心。"),
        ], CancellationToken.None);

        // Both documents hold the bigrams 疫苗 and 接种; only b holds them as one run (疫苗接种).
        Assert.Equal(["b"], await IdsAsync(index, Admin("疫苗接种")));
        Assert.Equal(["a", "b"], (await IdsAsync(index, Admin("疫苗 接种"))).Order());
    }

    [Fact]
    public async Task Words_with_a_lone_character_are_found_through_the_segmented_words()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("fgw", "a", "持续优化营商环境", "打造一流营商环境。"),
            Notice("sl", "b", "关于做好2024年防汛工作的通知", "各单位做好汛期值班。"),
            Notice("sl", "c", "关于做好2025年防汛工作的通知", "各单位做好汛期值班。"),
        ], CancellationToken.None);

        // The bigram fields hold 营商 and 年防, never 营 or 年 alone: these words need the segmented-word fields.
        Assert.Equal(["a"], await IdsAsync(index, Admin("营")));
        Assert.Equal(["b"], await IdsAsync(index, Admin("2024年")));
        Assert.Equal(["b", "c"], (await IdsAsync(index, Admin("防汛"))).Order());
    }

    [Fact]
    public async Task A_match_in_the_title_ranks_above_a_match_only_in_the_body()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("sl", "body1", "汛期值班安排", "做好防汛准备，值班人员二十四小时在岗。", daysAfter: 3),
            Notice("sl", "title", "防汛通知", "值班人员二十四小时在岗，物资提前到位，确保安全度汛。", daysAfter: 1),
            Notice("sl", "body2", "水库巡查安排", "巡查人员注意防汛物资。", daysAfter: 2),
        ], CancellationToken.None);

        var hits = await IdsAsync(index, Admin("防汛"));
        Assert.Equal(3, hits.Count);
        Assert.Equal("title", hits[0]);
        Assert.Equal(["body1", "body2", "title"], (await IdsAsync(index, Admin("防汛") with { Sort = SearchSort.Oldest })).Order());
    }

    [Fact]
    public async Task Cached_visibility_filters_follow_later_writes_and_disabled_departments()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "消防检查", "消防"), Notice("wjw", "b", "消防演练", "消防")], CancellationToken.None);
        var portal = new SearchQuery { Text = "消防", Scope = SearchScope.Portal, ExcludedTenants = ["x"] };
        Assert.Equal(["a", "b"], (await IdsAsync(index, portal)).Order());

        // A new document lands in a new segment; an unpublished one is replaced by a tombstone.
        await index.WriteAsync([Notice("gaj", "c", "消防宣传", "消防"), SearchDocument.Tombstone("wjw", "b", 2)], CancellationToken.None);
        Assert.Equal(["a", "c"], (await IdsAsync(index, portal)).Order());

        // Disabling a department, then enabling it again.
        Assert.Empty(await IdsAsync(index, portal with { ExcludedTenants = ["gaj", "x"] }));
        Assert.Equal(["a", "c"], (await IdsAsync(index, portal with { ExcludedTenants = [] })).Order());
        Assert.Empty(await IdsAsync(index, Admin("宣传") with { ExcludedTenants = ["gaj"] }));
        Assert.Equal(["c"], await IdsAsync(index, Admin("宣传")));
    }

    [Fact]
    public async Task Filters_narrow_by_department_account_type_and_date()
    {
        var index = Open();
        await index.WriteAsync(
        [
            Notice("gaj", "a", "安全提示一", "安全", daysAfter: 0, account: "gaj-site"),
            Notice("gaj", "b", "安全提示二", "安全", daysAfter: 10, account: "gaj-wechat"),
            Notice("wjw", "c", "安全提示三", "安全", daysAfter: 20, type: "news"),
        ], CancellationToken.None);

        Assert.Equal(["a", "b"], (await IdsAsync(index, Admin("安全") with { TenantId = "gaj" })).Order());
        Assert.Equal(["b"], await IdsAsync(index, Admin("安全") with { AccountId = "gaj-wechat" }));
        Assert.Equal(["c"], await IdsAsync(index, Admin("安全") with { ContentType = "news" }));
        Assert.Equal(["b"], await IdsAsync(index, Admin("安全") with { FromUtc = Day.AddDays(5), ToUtc = Day.AddDays(15) }));
        Assert.Equal(["c"], await IdsAsync(index, Admin("安全") with { ExcludedTenants = ["gaj", "x"] }));
        Assert.Equal(["a"], await IdsAsync(index, Admin("安全") with { ToUtc = Day.AddDays(1), TenantId = "gaj" }));
        Assert.Empty(await IdsAsync(index, Admin("安全") with { ExcludedTenants = ["gaj", "wjw"] }));
    }

    [Fact]
    public async Task The_portal_scope_leaves_out_content_that_is_not_public()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "内部通知", "内部", portal: false), Notice("gaj", "b", "公开通知", "公开")], CancellationToken.None);

        Assert.Equal(["b"], await IdsAsync(index, new SearchQuery { Text = "通知", Scope = SearchScope.Portal }));
        Assert.Equal(2, (await IdsAsync(index, Admin("通知"))).Count);
    }

    [Fact]
    public async Task Sorting_by_date_and_paging_walk_through_all_results_once()
    {
        var index = Open();
        await index.WriteAsync(Enumerable.Range(0, 25).Select(i => Notice("gaj", $"n{i:D2}", $"防汛通知第{i}号", "防汛抗旱", daysAfter: i)).ToList(), CancellationToken.None);

        var seen = new List<string>();
        for (var page = 1; page <= 3; page++)
        {
            var r = await index.SearchAsync(Admin("防汛") with { Sort = SearchSort.Newest, Page = page, PageSize = 10 }, CancellationToken.None);
            Assert.Equal(25, r.Total);
            Assert.Equal(3, r.PageCount);
            seen.AddRange(r.Hits.Select(h => h.ContentItemId));
        }
        Assert.Equal(Enumerable.Range(0, 25).Reverse().Select(i => $"n{i:D2}"), seen);
        var oldest = await index.SearchAsync(Admin("防汛") with { Sort = SearchSort.Oldest, PageSize = 1 }, CancellationToken.None);
        Assert.Equal("n00", oldest.Hits.Single().ContentItemId);
    }

    [Fact]
    public async Task Hits_carry_highlighted_title_and_an_escaped_snippet()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "中华人民共和国国旗法<b>", "第一条 为了维护国旗的尊严，根据中华人民共和国宪法，制定本法。<script>x</script>")], CancellationToken.None);

        var hit = (await index.SearchAsync(Admin("人民"), CancellationToken.None)).Hits.Single();
        Assert.True(hit.TitleHighlight.Contains("<mark>"), hit.TitleHighlight);
        Assert.Contains("人民", hit.TitleHighlight.Replace("<mark>", "").Replace("</mark>", ""));
        Assert.True(hit.TitleHighlight.Contains("&lt;b&gt;"), hit.TitleHighlight);
        Assert.True(hit.Snippet.Contains("<mark>"), hit.Snippet);
        Assert.DoesNotContain("<script>", hit.Snippet);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\"")]
    [InlineData("*")]
    [InlineData("AND")]
    [InlineData("身份证 AND (人民:")]
    [InlineData("title:身份证 OR NOT")]
    [InlineData("[{\"*?~^:\\/")]
    public async Task Operator_laden_or_empty_queries_answer_without_throwing(string text)
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "身份证办理", "人民群众")], CancellationToken.None);

        var r = await index.SearchAsync(Admin(text), CancellationToken.None);
        Assert.True(r.Total >= 0);
        if (text.StartsWith("身份证", StringComparison.Ordinal))
        {
            Assert.Equal(["a"], r.Hits.Select(h => h.ContentItemId));
        }
    }

    [Fact]
    public async Task A_ten_thousand_character_query_answers()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "身份证办理", "人民群众")], CancellationToken.None);

        var r = await index.SearchAsync(Admin(string.Concat(Enumerable.Repeat("身份证(*:", 1250))), CancellationToken.None);
        Assert.Equal(["a"], r.Hits.Select(h => h.ContentItemId));
    }

    [Fact]
    public async Task A_late_or_replayed_write_never_overwrites_newer_content()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "第二版标题", "正文", version: 5)], CancellationToken.None);
        await index.WriteAsync([Notice("gaj", "a", "第一版标题", "正文", version: 3)], CancellationToken.None);
        Assert.Equal("第二版标题", (await index.SearchAsync(Admin("正文"), CancellationToken.None)).Hits.Single().Title);

        // A tombstone (unpublished) at version 6, then a replayed publish at version 5: the item stays hidden.
        await index.WriteAsync([SearchDocument.Tombstone("gaj", "a", 6)], CancellationToken.None);
        await index.WriteAsync([Notice("gaj", "a", "第二版标题", "正文", version: 5)], CancellationToken.None);
        Assert.Empty(await IdsAsync(index, Admin("正文")));

        // A newer publish brings it back.
        await index.WriteAsync([Notice("gaj", "a", "第三版标题", "正文", version: 7)], CancellationToken.None);
        Assert.Equal("第三版标题", (await index.SearchAsync(Admin("正文"), CancellationToken.None)).Hits.Single().Title);
    }

    [Fact]
    public async Task A_rebuild_swaps_in_a_new_index_while_searches_keep_answering()
    {
        var index = Open();
        await index.WriteAsync(Enumerable.Range(0, 50).Select(i => Notice("gaj", $"old{i}", "旧的安全通知", "安全生产")).ToList(), CancellationToken.None);
        var before = index.CurrentIndex;
        var gate = new SemaphoreSlim(0);

        async IAsyncEnumerable<SearchDocument> Source([EnumeratorCancellation] CancellationToken ct = default)
        {
            for (var i = 0; i < 300; i++)
            {
                if (i == 150)
                {
                    await gate.WaitAsync(ct); // hold the rebuild half-way until searches have run against the old index
                }
                yield return Notice("gaj", $"new{i}", "新的安全通知", "安全生产");
            }
        }

        var rebuild = index.RebuildAsync(Source(), 300, ["gaj"], null, CancellationToken.None);
        for (var i = 0; i < 20; i++)
        {
            var during = await index.SearchAsync(Admin("安全"), CancellationToken.None);
            Assert.Equal(50, during.Total); // the old index answers, complete, during the rebuild
        }
        gate.Release();
        var searching = Task.Run(async () =>
        {
            var totals = new List<long>();
            while (!rebuild.IsCompleted)
            {
                totals.Add((await index.SearchAsync(Admin("安全"), CancellationToken.None)).Total);
            }
            return totals;
        });
        await rebuild;
        var seen = await searching;
        Assert.All(seen, t => Assert.Contains(t, new long[] { 50, 300 }));
        Assert.Equal(300, (await index.SearchAsync(Admin("安全"), CancellationToken.None)).Total);
        Assert.NotEqual(before, index.CurrentIndex);
        Assert.False(Directory.Exists(Path.Combine(_root, before)));

        index.Dispose();
        var reopened = Open();
        Assert.Equal(300, (await reopened.SearchAsync(Admin("安全"), CancellationToken.None)).Total);
    }

    [Fact]
    public async Task After_a_crash_the_committed_writes_are_there()
    {
        var index = Open();
        await index.WriteAsync([Notice("gaj", "a", "已提交的通知", "防汛")], CancellationToken.None);

        // A crash leaves the files as they are on disk: copy them while the writer is still open, then open the copy.
        var crashed = Path.Combine(Path.GetTempPath(), "nmc-lucene-tests", Guid.NewGuid().ToString("N"));
        CopyDirectory(_root, crashed);
        try
        {
            var recovered = Open(crashed);
            Assert.Equal(["a"], await IdsAsync(recovered, Admin("防汛")));
            await recovered.WriteAsync([Notice("gaj", "b", "恢复后的通知", "防汛")], CancellationToken.None);
            Assert.Equal(2, (await IdsAsync(recovered, Admin("防汛"))).Count);
        }
        finally
        {
            foreach (var o in _open.Where(o => o != index))
            {
                o.Dispose();
            }
            Directory.Delete(crashed, true);
        }
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            if (Path.GetFileName(file) != "write.lock")
            {
                File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
            }
        }
        foreach (var dir in Directory.GetDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }

    public void Dispose()
    {
        foreach (var index in _open)
        {
            index.Dispose();
        }
        try
        {
            Directory.Delete(_root, true);
        }
        catch (IOException)
        {
        }
    }
}
