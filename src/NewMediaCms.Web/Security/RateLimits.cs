using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The one place request rates are limited (ASP.NET Core rate limiting): named policies, each a fixed window per
/// partition, with limits from configuration (<c>RateLimits:{Policy}:PermitLimit</c> and <c>:WindowSeconds</c>). An
/// endpoint opts in with <c>RequireRateLimiting(RateLimits.X)</c> or <c>[EnableRateLimiting(RateLimits.X)]</c>.
/// Partitions are per client address, except <see cref="Api"/>, which is per bearer token when one is sent.
/// </summary>
public static class RateLimits
{
    /// <summary>Public message form submissions (留言).</summary>
    public const string PublicForm = "public-form";

    /// <summary>Public message lookup by query code.</summary>
    public const string PublicLookup = "public-lookup";

    /// <summary>Public search.</summary>
    public const string Search = "search";

    /// <summary>The admin API (per token).</summary>
    public const string Api = "api";

    /// <summary>Sign-in attempts per client (per-account lockout is Identity's).</summary>
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
                context.HttpContext.Response.ContentType = "text/plain; charset=utf-8";
                await context.HttpContext.Response.WriteAsync(RejectedMessage, ct);
            };
            foreach (var (name, permitLimit, windowSeconds) in Defaults)
            {
                var section = configuration.GetSection("RateLimits:" + name);
                var limit = section.GetValue("PermitLimit", permitLimit);
                var window = TimeSpan.FromSeconds(section.GetValue("WindowSeconds", windowSeconds));
                options.AddPolicy(name, context => RateLimitPartition.GetFixedWindowLimiter(
                    PartitionKey(name, context),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = limit, Window = window, QueueLimit = 0 }));
            }
        });
        return services;
    }

    private static string PartitionKey(string policy, HttpContext context)
    {
        if (policy == Api && context.Request.Headers.Authorization.ToString() is { Length: > 0 } token)
        {
            return "token:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)));
        }
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
