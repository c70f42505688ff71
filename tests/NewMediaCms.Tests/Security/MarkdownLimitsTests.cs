using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using NewMediaCms.Content;
using NewMediaCms.Content.Markdown;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Editorial;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// The Markdown limits (length, nesting of lists and quotes, render time) are checked before the renderer runs: at
/// save (editor, API, recipe), in the preview and at publication, each with a Chinese sentence; a body that got past
/// them before (saved by an older version) is refused at submission and publication and never breaks its item page.
/// </summary>
public sealed class MarkdownLimitsTests(NmcAppFactory app) : IClassFixture<NmcAppFactory>
{
    private readonly EditorialDesk _desk = new(app);

    private static string NestedList(int depth) => string.Concat(Enumerable.Range(0, depth).Select(i => new string(' ', i * 2) + "- 第" + (i + 1) + "层\n"));

    private static string NestedQuote(int depth) => new string('>', depth) + " 引用";

    private static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));

    /// <summary>Markdig throws on each of these (lists 100 deep, quotes 1,000 deep, emphasis 200 deep).</summary>
    public static TheoryData<string, string> Unrenderable() => new()
    {
        { NestedList(100), "嵌套了 100 层" },
        { NestedQuote(1000), "嵌套了 1000 层" },
        { "> - > - > - > - > - > - > - > - > - 混合", "嵌套了 18 层" },
        { Repeat("*强调 ", 200) + Repeat(" 结束*", 200), "格式嵌套过深" },
    };

    [Theory]
    [MemberData(nameof(Unrenderable))]
    public async Task A_draft_that_cannot_be_rendered_is_not_saved_and_the_editor_is_told_why(string body, string message)
    {
        var saved = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("notice", "gaj-site", "嵌套过深的草稿", body, null)));
        Assert.Equal(EditorialOutcome.ValidationFailed, saved.Outcome);
        Assert.Contains(message, saved.Validation!.Errors["markdown"]);
    }

    [Fact]
    public async Task The_api_save_refuses_a_deep_list_per_field_in_chinese()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var response = await editor.PostAsJsonAsync("/gaj/api/admin/content", new { type = "notice", accountId = "gaj-site", title = "接口草稿", markdown = NestedList(100) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        Assert.Contains("超过上限 16 层", errors.GetProperty("markdown")[0].GetString());
    }

    [Fact]
    public async Task The_limits_allow_ordinary_nesting_and_long_ordinary_text()
    {
        var saved = await _desk.NewAsync("正常嵌套", NestedList(16) + "\n" + NestedQuote(16) + "\n\n- - -\n\n```\n" + NestedList(40) + "```\n" + Repeat("政务公开正文。", 20_000));
        Assert.True(saved.Ok, saved.Message + string.Join(" ", saved.Validation?.Errors.Values.ToList() ?? []));
    }

    [Fact]
    public async Task A_body_over_the_length_limit_is_refused_with_its_length()
    {
        var saved = await _desk.DoAsync(s => s.CreateDraftAsync(People.Editor, new DraftInput("notice", "gaj-site", "过长", new string('字', 200_001), null)));
        Assert.Equal(EditorialOutcome.ValidationFailed, saved.Outcome);
        Assert.Contains("共 200,001 个字符，超过上限 200,000 个字符", saved.Validation!.Errors["markdown"]);
    }

    [Fact]
    public async Task The_preview_refuses_deep_nesting_and_an_oversized_body_with_a_problem_in_chinese()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var ok = await editor.PostAsJsonAsync("/gaj/api/admin/content/preview", new { markdown = "## 标题\n\n正文" });
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Contains("user-content-标题", await ok.Content.ReadAsStringAsync());

        var deep = await editor.PostAsJsonAsync("/gaj/api/admin/content/preview", new { markdown = NestedQuote(1000) });
        Assert.Equal(HttpStatusCode.BadRequest, deep.StatusCode);
        Assert.Contains("嵌套了 1000 层", JsonDocument.Parse(await deep.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());

        // 1.3 MB (the body that took 26 s): with its length declared, refused before it is read.
        var body = JsonSerializer.Serialize(new { markdown = Repeat("[a](", 325_000) });
        var big = await editor.PostAsync("/gaj/api/admin/content/preview", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, big.StatusCode);
        Assert.Contains("正文过长", JsonDocument.Parse(await big.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
        // Sent without a length (chunked): Kestrel stops reading at the same size; read in full (the test server has no
        // such limit), the length check refuses it before Markdig runs.
        var chunked = await editor.PostAsJsonAsync("/gaj/api/admin/content/preview", new { markdown = Repeat("[a](", 325_000) });
        Assert.Contains(chunked.StatusCode, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest });
        Assert.Contains("超过上限 200,000 个字符", JsonDocument.Parse(await chunked.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task The_preview_stops_at_the_configured_time_budget()
    {
        await using var slow = NmcAppFactory.Create();
        slow.Settings["Markdown:RenderTimeout"] = "00:00:00.100";
        var editor = await slow.SignInAsync("gaj.editor");
        // Quadratic in Markdig: 200,000 characters of "[a](" take far longer than 0.1 s on any machine.
        var response = await editor.PostAsJsonAsync("/gaj/api/admin/content/preview", new { markdown = Repeat("[a](", 50_000) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("0.1 秒内未能排版完成", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public void A_render_stops_when_its_caller_cancels()
    {
        var renderer = new MarkdownRenderer(Options.Create(new MarkdownLimits { RenderTimeout = TimeSpan.FromMinutes(5) }));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => renderer.TryRender(Repeat("[a](", 50_000), cancel.Token));
    }

    [Fact]
    public async Task A_recipe_with_a_body_that_cannot_be_rendered_is_refused_before_anything_is_applied()
    {
        await using var scope = app.TenantScope(null);
        var recipe = JsonSerializer.Serialize(new
        {
            name = "deep-recipe",
            steps = new object[] { new { name = "content", items = new object[] { new { id = "gaj-n-deep", type = "notice", tenant = "gaj", account = "gaj-site", title = "深层列表", body = NestedList(100) } } } },
        });
        var error = await Assert.ThrowsAnyAsync<Exception>(() => scope.ServiceProvider.GetRequiredService<RecipeRunner>().RunAsync("deep-recipe.recipe.json", recipe));
        Assert.Contains("嵌套了 100 层", error.Message);
        Assert.False(await app.Db(scope).Set<ContentItem>().IgnoreQueryFilters().AnyAsync(i => i.Id == "gaj-n-deep"));
    }

    [Fact]
    public async Task A_body_saved_before_the_limits_is_refused_at_publication_and_its_item_page_still_opens()
    {
        var id = await _desk.ApprovedAsync("旧版本保存的深层列表", "正文");
        // As an older version could store it: the body changed behind the editorial commands (hash and approvals unchanged).
        await _desk.InAsync("gaj", async sp =>
        {
            var db = sp.GetRequiredService<NewMediaCms.Core.Data.NmcDbContext>();
            var latest = await db.Set<ContentVersion>().SingleAsync(v => v.ContentItemId == id && v.Latest);
            latest.Markdown = NestedList(100);
            await db.SaveChangesAsync();
            return 0;
        });
        var refused = await _desk.DoAsync(s => s.PublishAsync(People.Editor, id));
        Assert.False(refused.Ok);
        Assert.Contains("正文无法排版，不能发布", refused.Message);
        Assert.Null(await _desk.PublicAsync(id));

        var editor = await app.SignInAsync("gaj.editor");
        var page = await editor.GetAsync($"/gaj/admin/content/{id}");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("正文无法排版", await page.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("- a\n  - b\n    - c", 3)]
    [InlineData("> > > a", 3)]
    [InlineData("- > - > a", 4)]
    [InlineData("- - -\n* * *", 0)]
    [InlineData("1. a\n   2. b\n      3) c\n- d", 3)]
    [InlineData("```\n- a\n  - b\n    - c\n```\n- x", 1)]
    [InlineData("- a\n\n  - b\n\n- c\n  - d", 2)]
    [InlineData("- a\n  - b\n> > c", 2)]
    [InlineData("- a\n  > b\n  > - c", 3)]
    public void The_nesting_is_counted_on_the_source_as_markdown_nests(string markdown, int depth)
        => Assert.Equal(depth, MarkdownNesting.Deepest(markdown).Depth);
}
