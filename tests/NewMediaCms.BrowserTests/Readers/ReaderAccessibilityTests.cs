using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace NewMediaCms.BrowserTests.Readers;

/// <summary>
/// axe-core (Deque.AxeCore.Playwright) finds no WCAG 2.x A/AA violation on the demo county's portal home, a department
/// home, a notice page and list pages, in the matrix theme (portal) and the department theme, in standard and elder mode,
/// on a desktop and a phone-sized screen.
/// </summary>
[Collection(DemoSiteCollection.Name)]
public sealed class ReaderAccessibilityTests(DemoSite site)
{
    private static readonly List<string> WcagTags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    public static TheoryData<string, int, bool> Pages()
    {
        // Portal pages use the matrix theme; /gaj (青禾县公安局) uses the department theme.
        string[] paths = ["/", "/notices/xzf-n-0071", "/notices", "/category/policy", "/gaj/", "/gaj/notices/gaj-n-0035", "/gaj/notices", "/gaj/category/notice"];
        var data = new TheoryData<string, int, bool>();
        foreach (var path in paths)
        {
            data.Add(path, 0, false);
            data.Add(path, 20, false);
        }
        data.Add("/", 30, false);
        data.Add("/gaj/notices/gaj-n-0035", 30, false);
        data.Add("/", 0, true);
        data.Add("/gaj/notices/gaj-n-0035", 24, true);
        return data;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Public_pages_have_no_WCAG_A_or_AA_violations(string path, int elderSize, bool phone)
    {
        var page = await site.ReaderAsync(phone ? new ViewportSize { Width = 375, Height = 740 } : null, elderSize == 0 ? null : elderSize);
        var response = await page.GotoAsync(path);
        Assert.Equal(200, response!.Status);
        if (elderSize > 0)
        {
            await Assertions.Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex($@"\belder-{elderSize}\b"));
        }
        var result = await page.RunAxe(new AxeRunOptions { RunOnly = new RunOnlyOptions { Type = "tag", Values = WcagTags } });
        var violations = result.Violations.Select(v => $"{v.Id} ({v.Impact}): {v.Help} — {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
        Assert.True(violations.Count == 0, $"{path} (elder {elderSize}, phone {phone}):\n" + string.Join("\n", violations));
        Assert.NotEmpty(result.Passes);
        await page.Context.CloseAsync();
    }
}
