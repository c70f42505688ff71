using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Users.SignIn;

namespace NewMediaCms.Tests.Security;

/// <summary>Forms, cookies and client addresses for the sign-in and session tests.</summary>
internal static partial class SignInHelpers
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("id=\"login-error\">([^<]*)<")]
    private static partial Regex LoginError();

    [GeneratedRegex("name=\"ChallengeId\" value=\"([0-9a-f]+)\"")]
    private static partial Regex ChallengeId();

    public static HttpClient ClientFrom(NmcAppFactory app, string address)
    {
        var client = app.Client();
        client.DefaultRequestHeaders.Add(TestClientAddress.Header, address);
        return client;
    }

    public static async Task<HttpResponseMessage> PostFormAsync(HttpClient client, string formUrl, string postUrl, params (string Key, string Value)[] fields)
    {
        var html = await client.GetStringAsync(formUrl);
        var token = Token().Match(html).Groups[1].Value;
        return await client.PostAsync(postUrl, new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))
            .Append(new("__RequestVerificationToken", token))));
    }

    /// <summary>Posts the sign-in form; answers the arithmetic challenge (read from the store) when the form shows one and <paramref name="solve"/>.</summary>
    public static async Task<HttpResponseMessage> LoginAsync(NmcAppFactory app, HttpClient client, string userName, string password, bool solve = false, string? wrongAnswer = null)
    {
        var html = await client.GetStringAsync("/admin/login");
        var token = Token().Match(html).Groups[1].Value;
        var fields = new Dictionary<string, string> { ["UserName"] = userName, ["Password"] = password, ["__RequestVerificationToken"] = token };
        if (ChallengeId().Match(html) is { Success: true } challenge && (solve || wrongAnswer is not null))
        {
            fields["ChallengeId"] = challenge.Groups[1].Value;
            fields["ChallengeAnswer"] = wrongAnswer ?? (await AnswerAsync(app, challenge.Groups[1].Value)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return await client.PostAsync("/admin/login", new FormUrlEncodedContent(fields));
    }

    /// <summary>Answers the challenge a refused sign-in page shows (right, or with <paramref name="answer"/>), with the form of that page.</summary>
    public static async Task<HttpResponseMessage> AnswerChallengeAsync(NmcAppFactory app, HttpClient client, HttpResponseMessage refused, string userName, string password, string? answer = null)
    {
        var html = await refused.Content.ReadAsStringAsync();
        var challenge = ChallengeId().Match(html).Groups[1].Value;
        return await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["UserName"] = userName,
            ["Password"] = password,
            ["__RequestVerificationToken"] = Token().Match(html).Groups[1].Value,
            ["ChallengeId"] = challenge,
            ["ChallengeAnswer"] = answer ?? (await AnswerAsync(app, challenge)).ToString(System.Globalization.CultureInfo.InvariantCulture),
        }));
    }

    public static bool ShowsChallenge(string html) => ChallengeId().IsMatch(html);

    public static async Task<int> AnswerAsync(NmcAppFactory app, string challengeId)
    {
        await using var scope = app.TenantScope(null);
        return (await app.Db(scope).Set<SignInChallenge>().AsNoTracking().SingleAsync(c => c.Id == challengeId)).Answer;
    }

    public static async Task<string?> ErrorOfAsync(HttpResponseMessage response)
    {
        var html = await response.Content.ReadAsStringAsync();
        return LoginError().Match(html) is { Success: true } m ? WebUtility.HtmlDecode(m.Groups[1].Value) : null;
    }

    /// <summary>The sign-in cookie(s) a response set, as a Cookie header value (what an attacker would copy).</summary>
    public static string AuthCookie(HttpResponseMessage response)
        => string.Join("; ", response.Headers.GetValues("Set-Cookie").Where(c => c.StartsWith("nmc.auth", StringComparison.Ordinal)).Select(c => c.Split(';')[0]));

    public static async Task<HttpStatusCode> GetWithCookieAsync(NmcAppFactory app, string url, string cookie)
    {
        var client = app.Client();
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Cookie", cookie);
        return (await client.SendAsync(request)).StatusCode;
    }

    public static async Task SignOutAsync(HttpClient client, string pathBase)
    {
        var response = await PostFormAsync(client, pathBase + "/admin/logout", pathBase + "/admin/logout");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
    }
}
