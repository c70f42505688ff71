using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace NewMediaCms.Tests.Monitoring;

/// <summary>
/// A reverse proxy on a real socket in front of the application (as a CDN would be): it forwards to the app, adds CDN
/// headers and a comment, and — as a test tells it — rewrites the HTML (for every visitor or only for the spider), answers
/// 500, stalls, redirects to another host, or serves a poisoned cached copy until it receives a PURGE for that path.
/// </summary>
public sealed class TamperingProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Func<HttpClient> _upstream;
    private HttpClient? _client;

    public ConcurrentDictionary<string, string> Poisoned { get; } = new(StringComparer.Ordinal);

    public ConcurrentBag<string> Purges { get; } = [];

    /// <summary>Files the proxy serves itself (a planted style sheet): path → (body, content type).</summary>
    public ConcurrentDictionary<string, (string Body, string Type)> Planted { get; } = new(StringComparer.Ordinal);

    /// <summary>Rewrites an HTML answer: (path, user agent, html) → html.</summary>
    public Func<string, string, string, string>? Rewrite { get; set; }

    /// <summary>Answers instead of the app: (path, user agent) → a status to answer with (500, 302 elsewhere, or 0 to stall), or null to forward.</summary>
    public Func<string, string, int?>? Intercept { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    private TamperingProxy(Func<HttpClient> upstream)
    {
        _upstream = upstream;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.Run(HandleAsync);
    }

    public static async Task<TamperingProxy> StartAsync(Func<HttpClient> upstream)
    {
        var proxy = new TamperingProxy(upstream);
        await proxy._app.StartAsync();
        var address = proxy._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        proxy.BaseUrl = new Uri(address);
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path + context.Request.QueryString;
        var agent = context.Request.Headers.UserAgent.ToString();
        if (context.Request.Method == "PURGE")
        {
            Purges.Add(context.Request.Path);
            Poisoned.TryRemove(context.Request.Path, out _);
            context.Response.StatusCode = 200;
            return;
        }
        context.Response.Headers["Via"] = "1.1 test-cdn";
        context.Response.Headers["X-Cache"] = "HIT from test-cdn";
        context.Response.Headers["Age"] = "42";
        switch (Intercept?.Invoke(context.Request.Path, agent))
        {
            case 0:
                await Task.Delay(Timeout.Infinite, context.RequestAborted).ContinueWith(_ => { });
                return;
            case 302:
                context.Response.StatusCode = 302;
                context.Response.Headers.Location = "http://spam.example/landing";
                return;
            case { } status:
                context.Response.StatusCode = status;
                await context.Response.WriteAsync("error");
                return;
        }
        if (Planted.TryGetValue(context.Request.Path, out var planted))
        {
            context.Response.ContentType = planted.Type;
            await context.Response.WriteAsync(planted.Body);
            return;
        }
        string html;
        int code;
        string? type;
        string? location = null;
        if (Poisoned.TryGetValue(context.Request.Path, out var poisoned))
        {
            (html, code, type) = (poisoned, 200, "text/html; charset=utf-8");
        }
        else
        {
            _client ??= _upstream();
            using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), path);
            request.Headers.TryAddWithoutValidation("User-Agent", agent);
            if (context.Request.Headers.Referer.Count > 0)
            {
                request.Headers.TryAddWithoutValidation("Referer", context.Request.Headers.Referer.ToString());
            }
            using var response = await _client.SendAsync(request, context.RequestAborted);
            code = (int)response.StatusCode;
            type = response.Content.Headers.ContentType?.ToString();
            location = response.Headers.Location?.ToString();
            html = await response.Content.ReadAsStringAsync(context.RequestAborted);
        }
        context.Response.StatusCode = code;
        if (location is not null)
        {
            context.Response.Headers.Location = location;
        }
        if (type is not null)
        {
            context.Response.ContentType = type;
        }
        if (type?.Contains("html") == true)
        {
            html = (Rewrite?.Invoke(context.Request.Path, agent, html) ?? html) + "\n<!-- cached by test-cdn -->";
        }
        await context.Response.WriteAsync(html);
    }

    public async ValueTask DisposeAsync()
    {
        _client?.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
