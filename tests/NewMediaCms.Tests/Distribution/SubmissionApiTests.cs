using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using NewMediaCms.Distribution.Submissions;

namespace NewMediaCms.Tests.Distribution;

/// <summary>The 信息报送 API beside /api/admin/content: the same commands over HTTP, the department policies, ProblemDetails in Chinese.</summary>
public sealed class SubmissionApiTests(SubmissionCounty app) : IClassFixture<SubmissionCounty>
{
    private readonly SubmissionDriver _desk = new(app);

    [Fact]
    public async Task A_township_submits_over_the_api_and_the_county_desk_returns_then_another_is_adopted()
    {
        var town = await app.SignInAsync("town.editor", pathBase: "/town");
        var desk = await app.SignInAsync("portal.editor");
        var itemId = await _desk.ApprovedAsync("青山镇接口报送稿件");

        var created = await town.PostAsJsonAsync("/town/api/admin/submissions", new { itemId, to = "portal", note = "接口报送" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetInt64();
        var inbox = await desk.GetFromJsonAsync<JsonElement>("/api/admin/submissions/inbox");
        Assert.Contains(inbox.EnumerateArray(), s => s.GetProperty("id").GetInt64() == id && s.GetProperty("state").GetString() == "Open");

        var again = await town.PostAsJsonAsync("/town/api/admin/submissions", new { itemId, to = "portal" });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("不能重复报送", (await again.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        var noReason = await desk.PostAsJsonAsync($"/api/admin/submissions/{id}/return", new { reason = "" });
        Assert.Equal(HttpStatusCode.Conflict, noReason.StatusCode);
        Assert.Contains("退回理由", (await noReason.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await desk.PostAsJsonAsync($"/api/admin/submissions/{id}/return", new { reason = "请补充现场照片。" })).StatusCode);
        var mine = await town.GetFromJsonAsync<JsonElement>($"/town/api/admin/submissions/{id}");
        Assert.Equal(("Returned", "请补充现场照片。"), (mine.GetProperty("state").GetString(), mine.GetProperty("returnReason").GetString()));

        var second = (await (await town.PostAsJsonAsync("/town/api/admin/submissions", new { itemId = await _desk.ApprovedAsync("青山镇接口采用稿件") }))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetInt64();
        var closed = await desk.PostAsJsonAsync($"/api/admin/submissions/{second}/adopt", new { accountId = "portal-closed" });
        Assert.Equal(HttpStatusCode.Conflict, closed.StatusCode);
        var adopted = await desk.PostAsJsonAsync($"/api/admin/submissions/{second}/adopt", new { accountId = "portal-site" });
        Assert.Equal(HttpStatusCode.OK, adopted.StatusCode);
        Assert.Equal(SubmissionState.Adopting, (await _desk.FindAsync(second))!.State);
    }

    [Fact]
    public async Task Other_departments_get_403_at_the_desk_and_404_at_home_and_only_matrix_roles_read_the_figures()
    {
        var id = (await _desk.SubmitAsync(await _desk.ApprovedAsync("青山镇接口隔离稿件"))).SubmissionId!.Value;
        var gaj = await app.SignInAsync("gaj.editor");

        Assert.Equal(HttpStatusCode.Forbidden, (await gaj.GetAsync($"/api/admin/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gaj.PostAsJsonAsync($"/api/admin/submissions/{id}/return", new { reason = "越权" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gaj.GetAsync($"/gaj/api/admin/submissions/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await gaj.PostAsJsonAsync($"/gaj/api/admin/submissions/{id}/adopt", new { accountId = "gaj-site" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await gaj.GetAsync("/gaj/api/admin/submissions/figures")).StatusCode);

        var auditor = await app.SignInAsync("auditor");
        var figures = await auditor.GetFromJsonAsync<JsonElement>("/api/admin/submissions/figures");
        Assert.Contains(figures.GetProperty("rows").EnumerateArray(), r => r.GetProperty("tenantId").GetString() == "town" && r.GetProperty("submitted").GetInt32() >= 1);
        var csv = await auditor.GetAsync("/api/admin/submissions/figures/csv?from=2026-01-01&to=2030-12-31");
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Contains("测试县青山镇人民政府,town,", await csv.Content.ReadAsStringAsync());
        var bad = await auditor.GetAsync("/api/admin/submissions/figures?from=2026-12-31&to=2026-12-01");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("结束日期不能早于开始日期", (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }
}
