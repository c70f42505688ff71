using NewMediaCms.Search;

namespace NewMediaCms.Tests.Search;

/// <summary>Marks in titles and snippets are found in the stored text itself, without analysing it again.</summary>
public sealed class SearchHighlighterTests
{
    [Fact]
    public void Every_occurrence_of_every_word_is_marked_and_the_rest_is_escaped()
    {
        var html = SearchHighlighter.MarkAll("<b>中华人民共和国</b>人民代表大会", ["人民", "大会"]);

        Assert.Equal("&lt;b&gt;中华<mark>人民</mark>共和国&lt;/b&gt;<mark>人民</mark>代表<mark>大会</mark>", html);
    }

    [Fact]
    public void Case_and_full_width_forms_do_not_matter_and_overlapping_words_merge()
    {
        Assert.Equal("<mark>ＣＯＶＩＤ</mark>-19防控", SearchHighlighter.MarkAll("ＣＯＶＩＤ-19防控", ["covid"]));
        Assert.Equal("中华<mark>人民共和</mark>国", SearchHighlighter.MarkAll("中华人民共和国", ["人民", "民共和"]));
    }

    [Fact]
    public void Text_without_the_words_gives_no_highlight()
    {
        Assert.Null(SearchHighlighter.MarkAll("防汛通知", ["消防"]));
        Assert.Null(SearchHighlighter.Snippet("防汛通知", ["消防"], 120));
        Assert.Null(SearchHighlighter.MarkAll("", ["消防"]));
    }

    [Fact]
    public void A_snippet_of_a_long_text_is_a_window_around_the_words_with_ellipses()
    {
        var text = new string('甲', 300) + "做好防汛准备" + new string('乙', 300);

        var snippet = SearchHighlighter.Snippet(text, ["防汛"], 120)!;

        Assert.StartsWith("…", snippet);
        Assert.EndsWith("…", snippet);
        Assert.Contains("做好<mark>防汛</mark>准备", snippet);
        Assert.Equal(120 + 2, snippet.Replace("<mark>", "").Replace("</mark>", "").Length);
    }

    [Fact]
    public void A_snippet_prefers_the_place_where_more_distinct_words_occur_together()
    {
        var text = "防汛" + new string('甲', 200) + "防汛物资和抢险队伍" + new string('乙', 200);

        var snippet = SearchHighlighter.Snippet(text, ["防汛", "抢险"], 60)!;

        Assert.Contains("<mark>防汛</mark>物资和<mark>抢险</mark>队伍", snippet);
    }

    [Fact]
    public void A_snippet_never_cuts_a_character_outside_the_basic_plane_in_half()
    {
        var pairs = string.Concat(Enumerable.Repeat("𠀀", 100)); // each a surrogate pair
        var text = "甲" + pairs + "防汛" + pairs;

        var snippet = SearchHighlighter.Snippet(text, ["防汛"], 44)!; // both window edges fall between the two halves of a pair

        Assert.False(char.IsLowSurrogate(snippet.TrimStart('…')[0]));
        Assert.False(char.IsHighSurrogate(snippet.TrimEnd('…')[^1]));
    }
}
