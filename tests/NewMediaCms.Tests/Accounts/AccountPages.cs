using System.Net;
using System.Text.RegularExpressions;

namespace NewMediaCms.Tests.Accounts;

/// <summary>An administrator at the account screens: real HTTP, the page's own antiforgery token.</summary>
internal static partial class AccountPages
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string pageUrl, string? handler, params (string Key, string Value)[] fields)
    {
        var html = await client.GetStringAsync(pageUrl);
        var form = fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", Token().Match(html).Groups[1].Value));
        return await client.PostAsync(handler is null ? pageUrl : $"{pageUrl}?handler={handler}", new FormUrlEncodedContent(form));
    }

    /// <summary>Opens a WeChat account in <paramref name="department"/> through the form; returns its id (from the redirect).</summary>
    public static async Task<string> OpenAsync(HttpClient admin, string department, string name, string unit = "测试县公安局", string platform = "WeChat")
    {
        var response = await PostAsync(admin, $"/{department}/admin/accounts/new", null,
            ("Platform", platform), ("Kind", "Publishing"), ("Name", name), ("OperatingUnit", unit), ("SupervisingUnit", "测试县人民政府办公室"),
            ("ResponsiblePerson", "王主任"), ("Contact", "0000-1234567"), ("PlatformAccountId", "gh_" + Guid.NewGuid().ToString("N")[..10]),
            ("Url", "https://mp.example.cn/" + Guid.NewGuid().ToString("N")[..8]), ("Description", "测试账号"), ("FilingNumber", "备-2026-01"), ("FiledOn", "2026-11-30"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!.ToString();
        Assert.StartsWith($"/{department}/admin/accounts/", location);
        return Uri.UnescapeDataString(location[$"/{department}/admin/accounts/".Length..]);
    }

    public static async Task<string> HtmlAsync(HttpClient client, string url) => WebUtility.HtmlDecode(await client.GetStringAsync(url));
}
