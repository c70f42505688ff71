using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The one place request rates are limited (ASP.NET Core rate limiting): named policies, each a fixed window per
/// partition, with limits from configuration (<c>RateLimits:{Policy}:PermitLimit</c> and <c>:WindowSeconds</c>). An
/// endpoint opts in with <c>RequireRateLimiting(RateLimits.X)</c> or <c>[EnableRateLimiting(RateLimits.X)]</c>; the
/// whole admin API (every route under <c>/api/admin</c>, whoever maps it) is limited by <see cref="Api"/> without opting in.
/// Partitions are per client address (<see cref="ClientAddress"/>: the proxy's forwarded address only from a trusted
/// proxy), except <see cref="Api"/>: per bearer token when one is sent, else per signed-in user.
/// </summary>
public static class RateLimits
{
    /// <summary>Public message form submissions (留言).</summary>
    public const string PublicForm = "public-form";

    /// <summary>Public message lookup by query code.</summary>
    public const string PublicLookup = "public-lookup";

    /// <summary>Public search.</summary>
    public const string Search = "search";

    /// <summary>The admin API (per token or user).</summary>
    public const string Api = "api";

    /// <summary>Sign-in attempts per client (per-account lockout is Identity's). Only the POST counts; showing the form does not.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Content-Security-Policy violation reports sent by browsers.</summary>
    public const string CspReport = "csp-report";

    private static readonly (string Name, int PermitLimit, int WindowSeconds)[] Defaults =
    [
        (PublicForm, 10, 60),
        (PublicLookup, 30, 60),
        (Search, 120, 60),
        (Api, 600, 60),
        (SignIn, 20, 60),
        (CspReport, 30, 60),
    ];

    public const string RejectedMessage = "请求过于频繁，请稍后再试。";

    public static IServiceCollection AddNmcRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.OnRejected = async (context, ct) =>
            {
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                }
                context.HttpContext.Response.Headers.CacheControl = "no-store";
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(RejectedMessage, ct);
            };
            var windows = new Dictionary<string, FixedWindowRateLimiterOptions>();
            foreach (var (name, permitLimit, windowSeconds) in Defaults)
            {
                var section = configuration.GetSection("RateLimits:" + name);
                var window = new FixedWindowRateLimiterOptions
                {
                    PermitLimit = section.GetValue("PermitLimit", permitLimit),
                    Window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", windowSeconds)),
                    QueueLimit = 0,
                };
                windows[name] = window;
                options.AddPolicy(name, context => Partition(name, context, window));
            }
            // The admin API as a whole: every route under /api/admin, including ones added later, without each having to opt in.
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                context.Request.Path.StartsWithSegments("/api/admin") ? Partition(Api, context, windows[Api]) : RateLimitPartition.GetNoLimiter(""));
        });
        return services;
    }

    private static RateLimitPartition<string> Partition(string policy, HttpContext context, FixedWindowRateLimiterOptions window)
    {
        if (policy == SignIn && !HttpMethods.IsPost(context.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("");
        }
        return RateLimitPartition.GetFixedWindowLimiter(policy + "|" + PartitionKey(policy, context), _ => window);
    }

    private static string PartitionKey(string policy, HttpContext context)
    {
        if (policy == Api)
        {
            if (context.Request.Headers.Authorization.ToString() is { Length: > 0 } token)
            {
                return "token:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
            }
            if (context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } user })
            {
                return "user:" + user;
            }
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
