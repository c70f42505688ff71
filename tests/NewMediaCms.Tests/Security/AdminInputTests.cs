using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Recipes;
using NewMediaCms.Editorial;
using NewMediaCms.Recipes;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// What department admins and scripts send to the admin pages, the admin API and recipes: reviewers that cannot review,
/// null and malformed JSON, control characters and megabyte names, unreadable dates. Each is refused with a Chinese
/// sentence that says what to fix; none is a 500, none is dropped silently.
/// </summary>
public sealed partial class AdminInputTests : IAsyncLifetime
{
    private readonly NmcAppFactory _app = NmcAppFactory.Create();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<string> TokenAsync(HttpClient client, string url) => Token().Match(await client.GetStringAsync(url)).Groups[1].Value;

    private async Task<IReadOnlyList<ReviewLevel>> ChainAsync()
    {
        await using var scope = _app.TenantScope("gaj");
        return await scope.ServiceProvider.GetRequiredService<ReviewChainService>().LevelsAsync();
    }

    private static object[] Chain(params string[] users) => [new { level = 1, name = "初审", role = (string?)null, users }];

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    [Theory]
    [InlineData("wjw.reviewer1", "不是本部门的用户")]
    [InlineData("nobody.here", "不存在或已停用")]
    [InlineData("gaj.editor", "没有“审核人”角色")]
    public async Task A_review_chain_naming_someone_who_cannot_review_here_is_refused_through_the_api(string user, string reason)
    {
        var admin = await _app.SignInAsync("gaj.admin");
        var before = await ChainAsync();
        var response = await admin.PutAsJsonAsync("/gaj/api/admin/review-chain", Chain(user));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var detail = (await ProblemAsync(response)).GetProperty("detail").GetString()!;
        Assert.Contains($"第 1 级“初审”的审核人“{user}”{reason}", detail);
        Assert.Equal(before.Select(l => l.Name), (await ChainAsync()).Select(l => l.Name));

        var ok = await admin.PutAsJsonAsync("/gaj/api/admin/review-chain", Chain("gaj.reviewer1"));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal(["gaj.reviewer1"], Assert.Single(await ChainAsync()).Users);
    }

    [Fact]
    public async Task The_review_chain_page_refuses_another_departments_reviewer_and_keeps_the_form()
    {
        var admin = await _app.SignInAsync("gaj.admin");
        var token = await TokenAsync(admin, "/gaj/admin/review-chain");
        var response = await admin.PostAsync("/gaj/admin/review-chain", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Levels[0].Name"] = "初审",
            ["Levels[0].Users"] = "gaj.reviewer1,wjw.reviewer1",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("第 1 级“初审”的审核人“wjw.reviewer1”不是本部门的用户", html);
        Assert.Contains("value=\"gaj.reviewer1,wjw.reviewer1\"", html);
    }

    [Fact]
    public async Task A_null_level_name_or_user_list_is_a_chinese_error_not_a_500()
    {
        var admin = await _app.SignInAsync("gaj.admin");
        var response = await admin.PutAsync("/gaj/api/admin/review-chain",
            new StringContent("""[{"level":1,"name":null,"role":"Reviewer","users":null}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("第 1 级需要名称", (await ProblemAsync(response)).GetProperty("detail").GetString());

        var noUsers = await admin.PutAsync("/gaj/api/admin/review-chain",
            new StringContent("""[{"level":1,"name":"初审","role":"Reviewer","users":null}]""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, noUsers.StatusCode);
    }

    public static TheoryData<string, string, string> BadJson => new()
    {
        { "/gaj/api/admin/review-chain", "[{\"level\":1,", "请求正文不是有效的 JSON" },
        { "/gaj/api/admin/review-chain", "{\"level\":1}", "请求正文不是有效的 JSON" },
        { "/gaj/api/admin/content/", "{\"type\":\"notice\",\"title\":42}", "请求正文不是有效的 JSON" },
        { "/gaj/api/admin/content/preview", "", "请求有误" },
    };

    [Theory]
    [MemberData(nameof(BadJson))]
    public async Task Malformed_json_to_the_admin_api_is_a_chinese_problem_details_400(string url, string body, string title)
    {
        var editor = await _app.SignInAsync("gaj.admin");
        var request = new HttpRequestMessage(url.EndsWith("review-chain", StringComparison.Ordinal) ? HttpMethod.Put : HttpMethod.Post, url)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        var response = await editor.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await ProblemAsync(response);
        Assert.Equal(400, problem.GetProperty("status").GetInt32());
        Assert.Equal(title, problem.GetProperty("title").GetString());
        Assert.Matches("[\u4e00-\u9fff]", problem.GetProperty("detail").GetString()!);
    }

    private async Task<string> RecipeErrorAsync(string json)
    {
        await using var scope = _app.TenantScope(null);
        var runner = scope.ServiceProvider.GetRequiredService<RecipeRunner>();
        return (await Assert.ThrowsAsync<RecipeException>(() => runner.RunAsync("bad.recipe.json", json))).Message;
    }

    [Fact]
    public async Task A_recipe_with_a_nul_in_a_department_name_is_refused_naming_the_step_and_the_field()
    {
        var message = await RecipeErrorAsync("""
            { "name": "bad", "steps": [ { "name": "tenants", "tenants": [ { "id": "nul-dept", "displayName": "带\u0000空字符的部门" } ] } ] }
            """);
        Assert.Contains("第 1 步 “tenants”", message);
        Assert.Contains("tenants[0].displayName", message);
        Assert.Contains("U+0000", message);
        Assert.Null(_app.Services.GetRequiredService<NewMediaCms.Tenancy.TenantRegistry>().Find("nul-dept"));
    }

    [Fact]
    public async Task A_recipe_with_a_five_megabyte_department_name_is_refused_with_the_limit()
    {
        var name = new string('长', 5 * 1024 * 1024 / 3);
        var message = await RecipeErrorAsync($$"""
            { "name": "bad", "steps": [ { "name": "tenants", "tenants": [ { "id": "long-dept", "displayName": "{{name}}" } ] } ] }
            """);
        Assert.Contains("第 1 步 “tenants” 条目 “long-dept”：字段 “displayName” 过长", message);
        Assert.Contains("不能超过 200 字", message);
        Assert.True(message.Length < 1000, "the message does not repeat the name");
    }

    [Fact]
    public async Task A_line_break_in_an_account_name_is_refused_but_a_markdown_body_keeps_its_lines()
    {
        var message = await RecipeErrorAsync("""
            { "name": "bad", "steps": [ { "name": "accounts", "accounts": [ { "id": "gaj-x", "tenant": "gaj", "name": "两行\n名称", "platform": "Weibo" } ] } ] }
            """);
        Assert.Contains("“accounts” 条目 “gaj-x”：字段 “name” 含有换行或其他控制字符", message);
    }

    [Fact]
    public async Task An_unreadable_publish_time_on_the_edit_form_is_an_error_next_to_the_field_and_keeps_what_was_typed()
    {
        var editor = await _app.SignInAsync("gaj.editor");
        var token = await TokenAsync(editor, "/gaj/admin/content/edit?type=notice");
        var response = await editor.PostAsync("/gaj/admin/content/edit?type=notice", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Type"] = "notice",
            ["Title"] = "日期写错的通知",
            ["Markdown"] = "正文保留",
            ["PublishAtLocal"] = "2026-13-45T25:00",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("<span class=\"error field-error\" id=\"err-PublishAtLocal\">计划发布时间“2026-13-45T25:00”无法识别", html);
        Assert.Contains("value=\"日期写错的通知\"", html);
        Assert.Contains(">正文保留</textarea>", html);
        Assert.Contains("value=\"2026-13-45T25:00\"", html);
        await using var scope = _app.TenantScope("gaj");
        Assert.DoesNotContain((await scope.ServiceProvider.GetRequiredService<NewMediaCms.Content.ContentStore>().LatestVersionsAsync(500, default)), v => v.Title == "日期写错的通知");
    }
}
