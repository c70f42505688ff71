using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;

namespace NewMediaCms.PublicSite;

/// <summary>
/// Conditional GET for rendered pages and feeds: a strong ETag from the body's SHA-256 (so it changes whenever
/// anything a reader sees changes, elder mode included) and Last-Modified where the page has one date.
/// The output cache answers If-None-Match / If-Modified-Since itself for cached entries, from these headers.
/// </summary>
public static class Conditional
{
    public static IResult Text(HttpContext http, string body, string contentType, DateTime? lastModifiedUtc = null, int status = 200)
    {
        if (status != StatusCodes.Status200OK)
        {
            return Results.Content(body, contentType, Encoding.UTF8, status);
        }
        var bytes = Encoding.UTF8.GetBytes(body);
        var etag = new EntityTagHeaderValue("\"" + Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12)) + "\"");
        var headers = http.Response.GetTypedHeaders();
        headers.ETag = etag;
        // Browsers may keep the page but must revalidate (a 304 is cheap): new content and elder mode show at once.
        http.Response.Headers.CacheControl = "no-cache";
        DateTimeOffset? lastModified = lastModifiedUtc is null ? null : new DateTimeOffset(DateTime.SpecifyKind(lastModifiedUtc.Value, DateTimeKind.Utc)).AddTicks(-(lastModifiedUtc.Value.Ticks % TimeSpan.TicksPerSecond));
        if (lastModified is not null)
        {
            headers.LastModified = lastModified;
        }
        var request = http.Request.GetTypedHeaders();
        var notModified = request.IfNoneMatch.Count > 0
            ? request.IfNoneMatch.Any(t => t.Equals(EntityTagHeaderValue.Any) || t.Compare(etag, useStrongComparison: false))
            : lastModified is not null && request.IfModifiedSince is { } since && lastModified <= since;
        if (notModified)
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }
        return Results.Bytes(bytes, contentType);
    }
}
