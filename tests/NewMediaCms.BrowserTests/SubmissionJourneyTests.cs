using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using NewMediaCms.Core.Identity;
using NewMediaCms.Editorial;

namespace NewMediaCms.BrowserTests;

/// <summary>The submission-county recipe: a township under the county government, whose desk has an editor and three reviewers.</summary>
public sealed class SubmissionCountyBrowserApp() : BrowserApp("submission-county");

/// <summary>信息报送 in a real browser: a township editor submits, the county desk adopts and publishes through its chain, readers see the source, the matrix counts it.</summary>
public sealed class SubmissionJourneyTests(SubmissionCountyBrowserApp browser) : IClassFixture<SubmissionCountyBrowserApp>
{
    private async Task<T> InAsync<T>(string tenant, Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = browser.App.TenantScope(tenant);
        return await action(scope.ServiceProvider);
    }

    private async Task ApproveAsync(string tenant, string itemId, params string[] reviewers)
    {
        foreach (var name in reviewers)
        {
            var approved = await InAsync(tenant, sp => sp.GetRequiredService<ReviewService>().ApproveAsync(EditorialActor.Of(name, tenant, Roles.Reviewer), itemId));
            Assert.True(approved.Ok, approved.Message);
        }
    }

    [Fact]
    public async Task A_township_item_is_submitted_adopted_by_the_county_desk_published_with_its_source_and_counted()
    {
        var title = "青山镇开展冬季消防安全大检查 " + Guid.NewGuid().ToString("N")[..6];
        var townEditor = EditorialActor.Of("town.editor", "town", Roles.Editor);
        // The township's own chain has approved the news item (three levels, as the editorial journey shows in the browser).
        var created = await InAsync("town", sp => sp.GetRequiredService<DraftService>().CreateDraftAsync(townEditor,
            new DraftInput("news", "town-site", title, "青山镇组织对全镇 **32 家**人员密集场所开展消防安全检查。", null)));
        Assert.True(created.Ok, created.Message);
        Assert.True((await InAsync("town", sp => sp.GetRequiredService<ReviewService>().SubmitAsync(townEditor, created.ItemId!))).Ok);
        await ApproveAsync("town", created.ItemId!, "town.reviewer1", "town.reviewer2", "town.reviewer3");

        // The township editor submits it to the county government from the item page.
        var town = await browser.SignedInAsync("town.editor", "town");
        await town.GotoAsync($"/town/admin/content/{created.ItemId}");
        await town.GetByRole(AriaRole.Link, new() { Name = "报送上级" }).ClickAsync();
        await town.GetByLabel("测试县人民政府（上级部门（主账号））").CheckAsync();
        await town.GetByLabel("报送说明").FillAsync("消防检查成效明显，建议县政府网站采用。");
        await town.GetByRole(AriaRole.Button, new() { Name = "报送", Exact = true }).ClickAsync();
        await Assertions.Expect(town.Locator("#flash")).ToContainTextAsync("报送给测试县人民政府");
        await Assertions.Expect(town.Locator("#state")).ToHaveTextAsync("待处理");
        var submissionUrl = town.Url;
        await BrowserApp.ScreenshotAsync(town, "submission/1-township-submitted");

        // The county desk finds it in its inbox and adopts it onto its site channel.
        var desk = await browser.SignedInAsync("portal.editor", "");
        await desk.GotoAsync("/admin/submissions");
        await Assertions.Expect(desk.Locator("#inbox")).ToContainTextAsync(title);
        await desk.Locator("#inbox").GetByRole(AriaRole.Link, new() { Name = title }).ClickAsync();
        await desk.GetByLabel("发布账号").SelectOptionAsync("portal-site");
        await BrowserApp.ScreenshotAsync(desk, "submission/2-desk-before-adoption");
        await desk.GetByRole(AriaRole.Button, new() { Name = "采用并提交审核" }).ClickAsync();
        await Assertions.Expect(desk.Locator("#flash")).ToContainTextAsync("已采用");
        await Assertions.Expect(desk.Locator("#state")).ToHaveTextAsync("已采用，审核发布中");

        // The copy goes through the desk's own three levels, then the desk's editor publishes it.
        await desk.Locator("#adopted-item").ClickAsync();
        var copyId = desk.Url.Split('/').Last();
        await Assertions.Expect(desk.Locator("#state")).ToHaveTextAsync("审核中");
        await ApproveAsync("portal", copyId, "portal.reviewer1", "portal.reviewer2", "portal.reviewer3");
        await desk.ReloadAsync();
        await desk.GetByRole(AriaRole.Button, new() { Name = "发布", Exact = true }).ClickAsync();
        await Assertions.Expect(desk.Locator("#flash")).ToHaveTextAsync("第 1 版已发布。");

        // A reader sees it on the county government's site with the township as its source.
        var reader = await browser.PageAsync();
        await reader.GotoAsync($"/notices/{copyId}");
        await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync(title);
        await Assertions.Expect(reader.Locator("article")).ToContainTextAsync("测试县青山镇人民政府");
        await BrowserApp.ScreenshotAsync(reader, "submission/3-public-page-with-source");

        // The township sees it adopted; the matrix counts one adoption for the township today.
        await town.GotoAsync(submissionUrl);
        await Assertions.Expect(town.Locator("#state")).ToHaveTextAsync("已采用");
        var today = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).ToString("yyyy-MM-dd");
        var auditor = await browser.SignedInAsync("auditor", "");
        await auditor.GotoAsync($"/admin/submissions/figures?From={today}&To={today}");
        await Assertions.Expect(auditor.Locator("#figures tr[data-tenant=town] .adopted")).ToHaveTextAsync("1");
        await BrowserApp.ScreenshotAsync(auditor, "submission/4-adoption-figures");
    }
}
