using System.Text.Json;

namespace NewMediaCms.Web.Security;

/// <summary>
/// The endpoint browsers report Content-Security-Policy violations to (<c>report-uri</c> and <c>report-to</c>): each
/// report is logged as a warning (page, directive, blocked resource, source line) and counted; rate limited per
/// client (<see cref="RateLimits.CspReport"/>), bodies over 64 KB are refused.
/// </summary>
public sealed class CspReports(ILogger<CspReports> logger, TimeProvider time)
{
    public const string Path = "/csp-report";

    private const int MaxBody = 64 * 1024;

    private long _count;
    private long _lastTicks;

    /// <summary>Violations reported since the process started.</summary>
    public long Count => Interlocked.Read(ref _count);

    public DateTimeOffset? LastUtc => Interlocked.Read(ref _lastTicks) is var t && t > 0 ? new DateTimeOffset(t, TimeSpan.Zero) : null;

    internal async Task<IResult> ReceiveAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.ContentLength > MaxBody)
        {
            return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await http.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBody)
            {
                return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            }
            buffer.Write(chunk, 0, read);
        }
        var violations = Parse(buffer.ToArray());
        if (violations is null)
        {
            return Results.BadRequest();
        }
        foreach (var v in violations)
        {
            Interlocked.Increment(ref _count);
            Interlocked.Exchange(ref _lastTicks, time.GetUtcNow().UtcTicks);
            logger.LogWarning("CSP violation: page {Document}, directive {Directive}, blocked {Blocked}, source {Source}:{Line} (client {Client})",
                v.Document, v.Directive, v.Blocked, v.Source, v.Line, http.Connection.RemoteIpAddress);
        }
        return Results.NoContent();
    }

    public sealed record Violation(string? Document, string? Directive, string? Blocked, string? Source, int? Line);

    /// <summary>
    /// Both formats: <c>application/csp-report</c> (<c>{"csp-report": {"document-uri": ...}}</c>) and the Reporting API's
    /// <c>application/reports+json</c> (<c>[{"type": "csp-violation", "body": {"documentURL": ...}}]</c>). Null if neither.
    /// </summary>
    public static IReadOnlyList<Violation>? Parse(byte[] body)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("csp-report", out var legacy) && legacy.ValueKind == JsonValueKind.Object)
            {
                return [new Violation(Text(legacy, "document-uri"), Text(legacy, "violated-directive") ?? Text(legacy, "effective-directive"),
                    Text(legacy, "blocked-uri"), Text(legacy, "source-file"), Number(legacy, "line-number"))];
            }
            if (root.ValueKind == JsonValueKind.Array)
            {
                var list = new List<Violation>();
                foreach (var report in root.EnumerateArray())
                {
                    if (report.ValueKind == JsonValueKind.Object && Text(report, "type") == "csp-violation"
                        && report.TryGetProperty("body", out var b) && b.ValueKind == JsonValueKind.Object)
                    {
                        list.Add(new Violation(Text(b, "documentURL"), Text(b, "effectiveDirective"), Text(b, "blockedURL"), Text(b, "sourceFile"), Number(b, "lineNumber")));
                    }
                }
                return list;
            }
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>At most 300 characters, control characters replaced: what a client sends must not forge log lines.</summary>
    private static string? Text(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.String)
        {
            return null;
        }
        var s = v.GetString() ?? "";
        if (s.Length > 300)
        {
            s = s[..300] + "…";
        }
        return string.Create(s.Length, s, (span, src) =>
        {
            for (var i = 0; i < src.Length; i++)
            {
                span[i] = char.IsControl(src[i]) ? ' ' : src[i];
            }
        });
    }

    private static int? Number(JsonElement e, string name)
        => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
}

public static class CspReportEndpoints
{
    public static IEndpointRouteBuilder MapCspReports(this IEndpointRouteBuilder app)
    {
        app.MapPost(CspReports.Path, (HttpContext http, CspReports reports, CancellationToken ct) => reports.ReceiveAsync(http, ct))
            .AllowAnonymous()
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimits.CspReport)
            .ExcludeFromDescription();
        return app;
    }
}
