using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Editorial;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Editorial;

/// <summary>Publishing without the complete review chain is impossible through every route: item page, schedule, API and the schedule job.</summary>
public sealed partial class PublishingRoutesTests
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string handler, params (string Key, string Value)[] fields)
    {
        var token = Token().Match(await client.GetStringAsync(url)).Groups[1].Value;
        return await client.PostAsync($"{url}?handler={handler}", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));
    }

    [Fact]
    public async Task A_version_approved_by_two_of_three_levels_cannot_be_published_by_any_route()
    {
        await using var app = NmcAppFactory.Create();
        var desk = new EditorialDesk(app);
        var id = await desk.SubmittedAsync("两级审核后的通知");
        Assert.True((await desk.DoAsync(s => s.ApproveAsync(People.Reviewer1, id))).Ok);
        Assert.True((await desk.DoAsync(s => s.ApproveAsync(People.Reviewer2, id))).Ok);
        const string refusal = "该版本尚未通过全部审核（已通过 2/3 级），不能发布。";

        // The item page: publish now, and a schedule whose time has already come.
        var editor = await app.SignInAsync("gaj.editor");
        var page = await PostAsync(editor, $"/gaj/admin/content/{id}", "Publish");
        Assert.Equal(HttpStatusCode.Conflict, page.StatusCode);
        Assert.Contains(refusal, await page.Content.ReadAsStringAsync());
        var admin = await app.SignInAsync("gaj.admin");
        var past = DateTime.UtcNow.AddHours(8).AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm");
        var schedule = await PostAsync(admin, $"/gaj/admin/content/{id}", "Schedule", ("publishAtLocal", past));
        Assert.Equal(HttpStatusCode.Redirect, schedule.StatusCode);
        Assert.Contains("尚未通过全部审核", await admin.GetStringAsync($"/gaj/admin/content/{id}"));

        // The API: now and at a time.
        var api = await editor.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { });
        Assert.Equal(HttpStatusCode.Conflict, api.StatusCode);
        var apiAt = await admin.PostAsJsonAsync($"/gaj/api/admin/content/{id}/publish", new { publishAtUtc = DateTime.UtcNow.AddMinutes(-1) });
        Assert.Equal(HttpStatusCode.Conflict, apiAt.StatusCode);

        // The schedule job, whose time has come.
        var versionId = (await desk.VersionsAsync(id)).Single(v => v.Latest).Id;
        var job = await desk.DoAsync(s => s.PublishDueAsync(versionId));
        Assert.False(job.Ok);
        Assert.Equal(refusal, job.Message);

        Assert.Null(await desk.PublicAsync(id));
        Assert.Equal(HttpStatusCode.NotFound, (await app.Client().GetAsync($"/gaj/notices/{id}")).StatusCode);
        Assert.Equal(ReviewState.InReview, await desk.StateAsync(id));
    }

    [Fact]
    public async Task The_item_page_reports_the_missing_service_guide_elements_to_the_editor()
    {
        await using var app = NmcAppFactory.Create();
        var editor = await app.SignInAsync("gaj.editor");
        var created = await editor.PostAsJsonAsync("/gaj/api/admin/content", new
        {
            type = "guide", title = "居民身份证办理指南", markdown = "正文",
            fields = new Dictionary<string, string> { ["itemName"] = "居民身份证申领", ["location"] = "县公安局户政大厅", ["phone"] = "0000-1234567" },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("itemId").GetString()!;

        var page = await editor.GetStringAsync($"/gaj/admin/content/{id}");
        Assert.Contains("id=\"missing-elements\"", page);
        Assert.Contains("尚缺 7 项要素", page);
        foreach (var element in new[] { "设定依据", "申请条件", "办理材料", "办理机构", "收费标准", "办理时间", "办理流程" })
        {
            Assert.Contains($"缺少“{element}”", page);
        }
        Assert.DoesNotContain("缺少“事项名称”", page);

        // A notice has no required elements: nothing is reported.
        Assert.DoesNotContain("id=\"missing-elements\"", await editor.GetStringAsync("/gaj/admin/content/gaj-draft-1"));
    }
}
