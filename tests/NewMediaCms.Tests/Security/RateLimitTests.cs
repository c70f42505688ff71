using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using NewMediaCms.Tests.Infrastructure;
using NewMediaCms.Tests.Interaction;
using NewMediaCms.Web.Security;

namespace NewMediaCms.Tests.Security;

/// <summary>
/// The application with every rate limit at <see cref="Limit"/> requests a minute, 10.0.0.1 as its one trusted reverse
/// proxy, and each test client's TCP address set by the <c>X-Test-Peer</c> header (the test server has no sockets).
/// </summary>
public sealed class RateLimitApp : NmcAppFactory
{
    public const int Limit = 3;
    public const string TrustedProxy = "10.0.0.1";

    public RateLimitApp()
    {
        foreach (var policy in new[] { RateLimits.PublicForm, RateLimits.PublicLookup, RateLimits.Search, RateLimits.Api, RateLimits.SignIn })
        {
            Settings[$"RateLimits:{policy}:PermitLimit"] = Limit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        Settings["ReverseProxy:KnownProxies:0"] = TrustedProxy;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddTransient<IStartupFilter, PeerAddressFilter>());
    }

    /// <summary>A client whose requests come from <paramref name="peer"/>.</summary>
    public HttpClient ClientFrom(string peer)
    {
        var client = Client();
        client.DefaultRequestHeaders.Add("X-Test-Peer", peer);
        return client;
    }

    private sealed class PeerAddressFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers["X-Test-Peer"].ToString(), out var peer))
                {
                    context.Connection.RemoteIpAddress = peer;
                }
                return nextMiddleware(context);
            });
            next(app);
        };
    }
}

/// <summary>Named per-client limits on the public form, the lookup, search, the admin API and sign-in; the client address behind a proxy.</summary>
public sealed class RateLimitTests(RateLimitApp app) : IClassFixture<RateLimitApp>
{
    private static async Task AssertLimitedAsync(Func<Task<HttpResponseMessage>> send)
    {
        for (var i = 0; i < RateLimitApp.Limit; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await send()).StatusCode);
        }
        var refused = await send();
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.Equal(RateLimits.RejectedMessage, await refused.Content.ReadAsStringAsync());
        Assert.True(refused.Headers.RetryAfter is not null);
    }

    private static Task<HttpResponseMessage> PostMessageAsync(HttpClient client, string subject)
        => client.PostAsync("/gaj/messages/new", new FormUrlEncodedContent(MessageSite.Valid(subject)));

    [Fact]
    public async Task The_message_form_takes_a_few_posts_a_minute_from_one_client_and_another_client_is_not_affected()
    {
        var first = app.ClientFrom("198.51.100.1");
        await AssertLimitedAsync(() => PostMessageAsync(first, "频繁提交"));
        // Showing the form is not limited, nor is a citizen at another address.
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/gaj/messages/new")).StatusCode);
        var (status, html) = await MessageSite.SubmitAsync(app.ClientFrom("198.51.100.2"), "gaj", MessageSite.Valid("另一位市民的留言"));
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.NotNull(MessageSite.QueryCode(html));
    }

    [Fact]
    public async Task The_message_lookup_is_limited_per_client()
    {
        var client = app.ClientFrom("198.51.100.3");
        await AssertLimitedAsync(() => client.PostAsync("/gaj/messages/lookup", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "ABCD-EFGH-JKMN" })));
        var other = await app.ClientFrom("198.51.100.4").PostAsync("/gaj/messages/lookup", new FormUrlEncodedContent(new Dictionary<string, string> { ["code"] = "ABCD-EFGH-JKMN" }));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, other.StatusCode);
    }

    [Fact]
    public async Task Search_page_and_search_api_share_one_limit_per_client()
    {
        var client = app.ClientFrom("198.51.100.5");
        var n = 0;
        await AssertLimitedAsync(() => client.GetAsync(n++ % 2 == 0 ? "/search?q=通知" : "/api/search?q=通知"));
        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.GetAsync("/gaj/search?q=通知")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.ClientFrom("198.51.100.6").GetAsync("/api/search?q=通知")).StatusCode);
    }

    [Fact]
    public async Task The_admin_api_is_limited_per_user_not_per_address()
    {
        var editor = await app.SignInAsync("gaj.editor");
        var admin = await app.SignInAsync("gaj.admin");
        await AssertLimitedAsync(() => editor.GetAsync("/gaj/api/admin/accounts"));
        // Another person from the same address still works; pages outside the API are not limited by it.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/gaj/api/admin/accounts")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await editor.GetAsync("/gaj/admin")).StatusCode);
    }

    [Fact]
    public async Task Sign_in_posts_are_limited_per_client_but_showing_the_form_is_not()
    {
        var client = app.ClientFrom("198.51.100.7");
        await AssertLimitedAsync(async () =>
        {
            var response = await client.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["UserName"] = "nobody", ["Password"] = "x" }));
            return response;
        });
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/admin/login")).StatusCode);
        var other = await NmcAppFactory.SubmitLoginAsync(app.ClientFrom("198.51.100.8"), "gaj.editor", NmcAppFactory.DemoPassword);
        Assert.Equal(HttpStatusCode.Redirect, other.StatusCode);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_forwarded_client_has_its_own_limit()
    {
        var proxy = app.ClientFrom(RateLimitApp.TrustedProxy);
        Task<HttpResponseMessage> Search(string client)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=公告");
            request.Headers.Add("X-Forwarded-For", client);
            return proxy.SendAsync(request);
        }
        await AssertLimitedAsync(() => Search("203.0.113.10"));
        Assert.Equal(HttpStatusCode.OK, (await Search("203.0.113.11")).StatusCode);
    }

    [Fact]
    public async Task A_spoofed_forwarded_address_from_an_untrusted_client_does_not_change_its_partition()
    {
        var attacker = app.ClientFrom("198.51.100.9");
        var n = 0;
        await AssertLimitedAsync(() =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/search?q=公告");
            request.Headers.Add("X-Forwarded-For", $"203.0.113.{100 + n++}");
            return attacker.SendAsync(request);
        });
    }
}
