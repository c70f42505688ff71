using NewMediaCms.Search;

namespace NewMediaCms.Tests.Search;

public sealed class SearchTextTests
{
    [Theory]
    [InlineData("县", true)]
    [InlineData("2024年", true)]
    [InlineData("年2024", true)]
    [InlineData("人民", false)]
    [InlineData("疫苗接种", false)]
    [InlineData("2024年度", false)]
    [InlineData("covid19", false)]
    [InlineData("𠀀", true)]
    [InlineData("𠀀𠀁", false)]
    public void A_word_with_a_lone_cjk_character_is_recognised(string word, bool lone)
        => Assert.Equal(lone, SearchText.HasLoneCjkCharacter(word));
}
