using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Core.Data;
using NewMediaCms.Interaction;
using NewMediaCms.Tests.Infrastructure;

namespace NewMediaCms.Tests.Interaction;

/// <summary>A citizen at the public message form of a department site (real HTTP, real antiforgery token).</summary>
internal static partial class MessageSite
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<strong class=\"query-code\">([A-Z0-9-]+)</strong>")]
    private static partial Regex Code();

    public static async Task<string> TokenAsync(HttpClient client, string url)
    {
        var page = await client.GetStringAsync(url);
        return Token().Match(page).Groups[1].Value;
    }

    public static Dictionary<string, string> Valid(string subject = "路灯不亮", string body = "幸福路与和平街路口的路灯已经坏了一周，夜间出行不便。") => new()
    {
        ["name"] = "张先生",
        ["contact"] = "13800001234",
        ["subject"] = subject,
        ["body"] = body,
        ["accountId"] = "",
        ["website"] = "",
    };

    /// <summary>Posts the form of <paramref name="department"/> ("gaj": /gaj/messages/new) with a fresh token unless one is given.</summary>
    public static async Task<(HttpStatusCode Status, string Html)> SubmitAsync(HttpClient client, string department, Dictionary<string, string> fields, bool withToken = true)
    {
        var url = $"/{department}/messages/new";
        var form = new Dictionary<string, string>(fields);
        if (withToken)
        {
            form["__RequestVerificationToken"] = await TokenAsync(client, url);
        }
        var response = await client.PostAsync(url, new FormUrlEncodedContent(form));
        if (response.StatusCode == HttpStatusCode.SeeOther)
        {
            // Post/redirect/get: the browser follows to the receipt page.
            response = await client.GetAsync(response.Headers.Location);
        }
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static string? QueryCode(string html) => Code().Match(html) is { Success: true } m ? m.Groups[1].Value : null;

    public static async Task<(HttpStatusCode Status, string Html)> LookupAsync(HttpClient client, string department, string code)
    {
        var url = $"/{department}/messages/lookup";
        var token = await TokenAsync(client, url);
        var response = await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = code, ["__RequestVerificationToken"] = token }));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public static async Task<List<CitizenMessage>> AllAsync(NmcAppFactory app)
    {
        await using var scope = app.TenantScope(null);
        return await app.Db(scope).Set<CitizenMessage>().AcrossTenants().AsNoTracking().OrderBy(m => m.Id).ToListAsync();
    }

    /// <summary>Stores a message directly (as the form would), for tests about what happens to it later.</summary>
    public static async Task<CitizenMessage> AddAsync(NmcAppFactory app, string tenant, string subject, DateTime receivedUtc, string? account = null,
        MessageStatus status = MessageStatus.Open, string? reply = null, DateTime? repliedUtc = null, int? replyWorkingDays = null, string? contact = "13900009999")
    {
        await using var scope = app.TenantScope(tenant);
        var db = app.Db(scope);
        var m = new CitizenMessage
        {
            TenantId = tenant, AccountId = account, Subject = subject, Body = subject + "的具体情况说明。", Contact = contact, Name = "李女士",
            Status = status, ReceivedUtc = receivedUtc, Reply = reply, RepliedUtc = repliedUtc, ReplyWorkingDays = replyWorkingDays,
            QueryCodeHash = MessageService.Hash(MessageService.NewCode()),
        };
        db.Add(m);
        await db.SaveChangesAsync();
        return m;
    }

    public static FormUrlEncodedContent Form(string token, params (string Key, string Value)[] fields)
        => new(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));

    public static IServiceScope Scope(NmcAppFactory app) => app.Services.CreateScope();
}
