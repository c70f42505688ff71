using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Lists;

/// <summary>The admin content list's query: filters, orders and keyset paging, on SQLite (and PostgreSQL below).</summary>
public abstract class ContentListCases(NmcAppFactory app)
{
    private readonly EditorialDesk _desk = new(app);

    private Task<ContentListPage> PageAsync(ContentListFilter filter, string? after = null, string? before = null, int size = 5)
        => _desk.InAsync("gaj", sp => sp.GetRequiredService<ContentList>().PageAsync(filter, after, before, size));

    private static string Token() => "列表" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task Keyset_pages_have_no_duplicates_and_no_gaps_while_items_are_inserted()
    {
        var token = Token();
        var created = new List<string>();
        for (var i = 0; i < 13; i++)
        {
            created.Add((await _desk.NewAsync($"{token} 第{i:00}条")).ItemId!);
        }
        foreach (var sort in Enum.GetValues<ContentListSort>().Where(s => s != ContentListSort.Published))
        {
            foreach (var descending in new[] { true, false })
            {
                var filter = new ContentListFilter(Query: token, Sort: sort, Descending: descending);
                var seen = new List<string>();
                string? after = null;
                var pages = 0;
                do
                {
                    var page = await PageAsync(filter, after);
                    seen.AddRange(page.Rows.Select(r => r.ItemId));
                    after = page.Next;
                    // Someone writes a new notice between two pages: the walk neither repeats nor skips a row it was walking.
                    created.Add((await _desk.NewAsync($"{token} 新增{sort}{descending}{pages}")).ItemId!);
                    pages++;
                }
                while (after is not null && pages < 20);
                Assert.Equal(seen.Count, seen.Distinct().Count());
                var before = created.Take(13).ToHashSet();
                Assert.Superset(before, seen.ToHashSet());
            }
        }
    }

    [Fact]
    public async Task Pages_follow_the_order_and_the_previous_page_is_the_page_before()
    {
        var token = Token();
        for (var i = 0; i < 12; i++)
        {
            await _desk.NewAsync($"{token} 标题{(char)('A' + i)}");
        }
        var filter = new ContentListFilter(Query: token, Sort: ContentListSort.Title, Descending: false);
        var first = await PageAsync(filter);
        Assert.Null(first.Previous);
        Assert.Equal(["标题A", "标题B", "标题C", "标题D", "标题E"], first.Rows.Select(r => r.Title[(token.Length + 1)..]));
        var second = await PageAsync(filter, first.Next);
        Assert.Equal(["标题F", "标题G", "标题H", "标题I", "标题J"], second.Rows.Select(r => r.Title[(token.Length + 1)..]));
        var third = await PageAsync(filter, second.Next);
        Assert.Equal(["标题K", "标题L"], third.Rows.Select(r => r.Title[(token.Length + 1)..]));
        Assert.Null(third.Next);
        var back = await PageAsync(filter, before: third.Previous);
        Assert.Equal(second.Rows.Select(r => r.ItemId), back.Rows.Select(r => r.ItemId));
        var backToFirst = await PageAsync(filter, before: back.Previous);
        Assert.Equal(first.Rows.Select(r => r.ItemId), backToFirst.Rows.Select(r => r.ItemId));
        Assert.Null(backToFirst.Previous);
        Assert.NotNull(backToFirst.Next);

        var descending = await PageAsync(filter with { Descending = true });
        Assert.Equal("标题L", descending.Rows[0].Title[(token.Length + 1)..]);
    }

    [Fact]
    public async Task A_cursor_that_does_not_parse_starts_at_the_first_page()
    {
        var token = Token();
        await _desk.NewAsync($"{token} 一");
        var page = await PageAsync(new ContentListFilter(Query: token), after: "not-a-cursor");
        Assert.Single(page.Rows);
    }

    [Fact]
    public async Task Filters_by_state_type_author_account_body_and_date_select_exactly_their_items()
    {
        var token = Token();
        var draft = (await _desk.NewAsync($"{token} 草稿", body: "正文里有关键词甲乙")).ItemId!;
        var inReview = await _desk.SubmittedAsync($"{token} 审核中");
        var approved = await _desk.ApprovedAsync($"{token} 待发布");
        var published = await _desk.ApprovedAsync($"{token} 已发布");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, published))).Ok);
        var withdrawn = await _desk.ApprovedAsync($"{token} 已下线");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, withdrawn))).Ok);
        Assert.True((await _desk.DoAsync(s => s.UnpublishAsync(People.Editor, withdrawn))).Ok);
        var rejected = await _desk.SubmittedAsync($"{token} 被退回");
        Assert.True((await _desk.DoAsync(s => s.RejectAsync(People.Reviewer1, rejected, "请修改"))).Ok);
        var scheduled = await _desk.ApprovedAsync($"{token} 已排期");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, scheduled, DateTime.UtcNow.AddDays(3)))).Ok);
        var policy = (await _desk.NewAsync($"{token} 政策", type: "policy", by: People.Editor2,
            fields: new() { ["docNumber"] = "测政发〔2026〕9号", ["issuer"] = "测试县政府", ["writtenOn"] = "2026-01-05" })).ItemId!;

        async Task<string[]> Ids(ContentListFilter f) => (await PageAsync(f with { Query = f.Query ?? token }, size: 50)).Rows.Select(r => r.ItemId).Order().ToArray();

        Assert.Equal(new[] { draft, policy }.Order(), await Ids(new(State: ListState.Draft)));
        Assert.Equal([inReview], await Ids(new(State: ListState.InReview)));
        Assert.Equal([approved], await Ids(new(State: ListState.Approved)));
        Assert.Equal([published], await Ids(new(State: ListState.Published)));
        Assert.Equal([withdrawn], await Ids(new(State: ListState.Withdrawn)));
        Assert.Equal([rejected], await Ids(new(State: ListState.Rejected)));
        Assert.Equal([scheduled], await Ids(new(State: ListState.Scheduled)));
        Assert.Empty(await Ids(new(State: ListState.Expired)));
        Assert.Equal([policy], await Ids(new(Type: "policy")));
        Assert.Equal([policy], await Ids(new(Author: "gaj.editor2")));
        Assert.Empty(await Ids(new(AccountId: "gaj-wechat")));
        Assert.Equal(8, (await Ids(new(AccountId: "gaj-site"))).Length);
        // The body is searched only when asked.
        Assert.Empty(await Ids(new(Query: "关键词甲乙")));
        Assert.Equal([draft], await Ids(new(Query: "关键词甲乙", InBody: true)));
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(DateTime.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")));
        Assert.Equal(8, (await Ids(new(From: today.AddDays(-1), To: today.AddDays(1)))).Length);
        Assert.Empty(await Ids(new(To: today.AddDays(-2))));
        var publishedToday = await Ids(new(DateField: ContentListDate.Published, From: today.AddDays(-1)));
        Assert.Contains(published, publishedToday);
        Assert.DoesNotContain(draft, publishedToday);

        // The state shown agrees with the state filtered.
        var rows = (await PageAsync(new ContentListFilter(Query: token), size: 50)).Rows;
        Assert.Equal(ListState.Withdrawn, rows.Single(r => r.ItemId == withdrawn).State);
        Assert.Equal(ListState.Scheduled, rows.Single(r => r.ItemId == scheduled).State);
        Assert.Equal(0, rows.Single(r => r.ItemId == inReview).ApprovedLevels);
        Assert.StartsWith("初审", rows.Single(r => r.ItemId == inReview).NextLevelName);
    }

    [Fact]
    public async Task Sorting_by_publication_lists_only_what_was_published_newest_first()
    {
        var token = Token();
        await _desk.NewAsync($"{token} 未发布");
        var a = await _desk.ApprovedAsync($"{token} 甲");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, a))).Ok);
        var b = await _desk.ApprovedAsync($"{token} 乙");
        Assert.True((await _desk.DoAsync(s => s.PublishAsync(People.Editor, b))).Ok);
        var page = await PageAsync(new ContentListFilter(Query: token, Sort: ContentListSort.Published), size: 50);
        Assert.Equal([b, a], page.Rows.Select(r => r.ItemId));
    }

    [Fact]
    public async Task The_list_is_the_departments_own()
    {
        var token = Token();
        await _desk.DoAsync(s => s.CreateDraftAsync(People.WjwEditor, new DraftInput("notice", "wjw-site", $"{token} 卫健", "正文", null)), "wjw");
        Assert.Empty((await PageAsync(new ContentListFilter(Query: token))).Rows);
    }
}

public sealed class ContentListTests(NmcAppFactory app) : ContentListCases(app), IClassFixture<NmcAppFactory>;

/// <summary>The same query on PostgreSQL (its collation orders the titles; the keyset conditions are the same SQL).</summary>
public sealed class PostgresContentListTests(PostgresAppFactory app) : ContentListCases(app), IClassFixture<PostgresAppFactory>;
