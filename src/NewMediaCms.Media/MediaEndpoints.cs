using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using NewMediaCms.Core.Tenancy;

namespace NewMediaCms.Media;

/// <summary>
/// The media routes. Admin (under the department's /api/admin/media, every write with the antiforgery token in the
/// RequestVerificationToken header or the form): list, single upload, chunked upload (create → PATCH chunks at an
/// offset → HEAD for the offset to resume → complete), replace, delete. Public: /media/{id}/{name}.
/// </summary>
public static class MediaEndpoints
{
    public sealed record CreateUploadRequest(string? FileName, long Length, string? ReplacesId, int? Version);

    public static IEndpointRouteBuilder MapMedia(this IEndpointRouteBuilder app, string readPolicy, string editPolicy)
    {
        app.MapGet("/media/{id}/{**name}", ServeAsync);

        var api = app.MapGroup("/api/admin/media").RequireAuthorization(readPolicy);
        api.MapGet("/", async (string? q, string? kind, int? take, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
            Results.Ok((await lib.ListAsync(q, kind, take ?? 100, ct)).Select(m => View(http, m))));
        api.MapGet("/{id}/uses", async (string id, MediaLibrary lib, CancellationToken ct) =>
            Results.Ok((await lib.UsesAsync(id, ct)).Select(u => new { u.ItemId, u.Title, u.ContentType, u.Published, u.InRecycleBin })));

        var edit = api.MapGroup("").RequireAuthorization(editPolicy);
        edit.MapPost("/", async (HttpContext http, MediaLibrary lib, CancellationToken ct) =>
        {
            if (await GuardAsync(http) is { } refused)
            {
                return refused;
            }
            LimitBody(http, lib);
            var form = await http.Request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file");
            if (file is null || file.Length == 0)
            {
                return Problem(400, "请选择要上传的文件。");
            }
            await using var stream = file.OpenReadStream();
            var replaces = form["replacesId"].FirstOrDefault();
            var outcome = await lib.UploadAsync(file.FileName, stream, Actor(http), string.IsNullOrEmpty(replaces) ? null : replaces, Version(http, form["version"].FirstOrDefault()), ct);
            return Result(http, outcome);
        });
        edit.MapPost("/uploads", async (CreateUploadRequest r, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
        {
            if (await GuardAsync(http) is { } refused)
            {
                return refused;
            }
            var outcome = await lib.CreateUploadAsync(r.FileName, r.Length, Actor(http), r.ReplacesId, r.Version, ct);
            if (!outcome.Succeeded)
            {
                return Result(http, outcome);
            }
            var location = $"{http.Request.PathBase}/api/admin/media/uploads/{outcome.UploadId}";
            http.Response.Headers["Upload-Offset"] = "0";
            return Results.Created(location, new { id = outcome.UploadId, offset = 0L, location, chunkBytes = MaxChunk(http) });
        });
        edit.MapMethods("/uploads/{id}", ["HEAD", "GET"], async (string id, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
        {
            var outcome = await lib.UploadOffsetAsync(id, ct);
            if (!outcome.Succeeded)
            {
                return Result(http, outcome);
            }
            http.Response.Headers["Upload-Offset"] = outcome.Offset!.Value.ToString();
            http.Response.Headers["Upload-Length"] = outcome.UploadLength!.Value.ToString();
            http.Response.Headers.CacheControl = "no-store";
            return Results.Ok(new { id, offset = outcome.Offset, length = outcome.UploadLength });
        });
        edit.MapMethods("/uploads/{id}", ["PATCH"], async (string id, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
        {
            if (await GuardAsync(http) is { } refused)
            {
                return refused;
            }
            if (!long.TryParse(http.Request.Headers["Upload-Offset"], out var offset) || offset < 0)
            {
                return Problem(400, "缺少或无效的 Upload-Offset 请求头。");
            }
            LimitBody(http, lib);
            var outcome = await lib.AppendAsync(id, offset, http.Request.Body, ct);
            if (outcome.Offset is { } now)
            {
                http.Response.Headers["Upload-Offset"] = now.ToString();
            }
            return outcome.Succeeded ? Results.Ok(new { id, offset = outcome.Offset, length = outcome.UploadLength }) : Result(http, outcome);
        });
        edit.MapPost("/uploads/{id}/complete", async (string id, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
            await GuardAsync(http) is { } refused ? refused : Result(http, await lib.CompleteAsync(id, Actor(http), ct)));
        edit.MapDelete("/uploads/{id}", async (string id, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
        {
            if (await GuardAsync(http) is { } refused)
            {
                return refused;
            }
            await lib.AbortUploadAsync(id, ct);
            return Results.NoContent();
        });
        edit.MapPost("/{id}/delete", async (string id, HttpContext http, MediaLibrary lib, CancellationToken ct) =>
            await GuardAsync(http) is { } refused ? refused : Result(http, await lib.DeleteAsync(id, Version(http, null), ct)));
        return app;
    }

    private static async Task<IResult> ServeAsync(string id, int? w, HttpContext http, ITenantContext tenant, MediaLibrary lib, CancellationToken ct)
    {
        if (tenant.Current is null || await lib.OpenAsync(id, w, ct) is not { } opened)
        {
            return Results.NotFound();
        }
        var (item, content, _) = opened;
        var etag = new EntityTagHeaderValue($"\"{item.Id}-{item.Version}{(w is null ? "" : "-" + w)}\"");
        var headers = http.Response.Headers;
        headers.CacheControl = "public, max-age=300";
        headers.XContentTypeOptions = "nosniff";
        headers["Content-Security-Policy"] = "default-src 'none'; sandbox";
        // Images show in the page; every other file downloads under its name (a PDF opens as a download, typed application/pdf).
        var disposition = new ContentDispositionHeaderValue(item.IsImage ? "inline" : "attachment");
        disposition.SetHttpFileName(item.FileName);
        headers.ContentDisposition = disposition.ToString();
        return Results.Stream(content, item.ContentType, lastModified: new DateTimeOffset(item.UpdatedUtc, TimeSpan.Zero), entityTag: etag, enableRangeProcessing: content.CanSeek);
    }

    /// <summary>The file as the admin pages and scripts see it.</summary>
    public static object View(HttpContext http, MediaItem m)
    {
        var url = http.Request.PathBase + MediaLibrary.UrlPath(m);
        var thumb = m.IsImage ? (m.VariantWidths.Any() ? url + "?w=" + m.VariantWidths.Min() : url) : null;
        return new
        {
            id = m.Id, name = m.FileName, url, thumbnail = thumb, type = m.Type, contentType = m.ContentType, isImage = m.IsImage,
            length = m.Length, width = m.Width, height = m.Height, version = m.Version, updatedUtc = m.UpdatedUtc, uploadedBy = m.UploadedBy,
            markdown = m.IsImage ? $"![{Alt(m.FileName)}]({url})" : $"[{Alt(m.FileName)}]({url})",
        };
    }

    private static string Alt(string name) => Path.GetFileNameWithoutExtension(name).Replace("[", "").Replace("]", "");

    private static IResult Result(HttpContext http, MediaOutcome o) => o.Status switch
    {
        // A header is ASCII: the Location is the escaped form of the same URL.
        MediaStatus.Created => Results.Created(http.Request.PathBase + $"/media/{o.Item!.Id}/{Uri.EscapeDataString(o.Item.FileName)}", View(http, o.Item)),
        MediaStatus.Ok when o.Item is not null => Results.Ok(View(http, o.Item)),
        MediaStatus.Ok => Results.Ok(),
        MediaStatus.InUse => Results.Problem(statusCode: 409, title: "文件正被使用", detail: o.Error, extensions: new Dictionary<string, object?>
        {
            ["uses"] = o.Uses!.Select(u => new { u.ItemId, u.Title, u.ContentType, u.Published, u.InRecycleBin, editUrl = $"{http.Request.PathBase}/admin/content/{u.ItemId}" }),
        }),
        MediaStatus.Conflict => Results.Problem(statusCode: 409, detail: o.Error, extensions: new Dictionary<string, object?>
        {
            ["offset"] = o.Offset,
            ["current"] = o.Item is null ? null : View(http, o.Item),
        }),
        MediaStatus.NotFound => Problem(404, o.Error!),
        MediaStatus.TooLarge => Problem(413, o.Error!),
        _ => Problem(422, o.Error!),
    };

    private static IResult Problem(int status, string detail) => Results.Problem(statusCode: status, detail: detail);

    private static async Task<IResult?> GuardAsync(HttpContext http)
    {
        try
        {
            await http.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(http);
            return null;
        }
        catch (AntiforgeryValidationException)
        {
            return Problem(400, "页面已过期或请求来源无效，请刷新页面后重试。");
        }
    }

    private static void LimitBody(HttpContext http, MediaLibrary _)
    {
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            // A little more than a chunk, for the multipart framing of a single upload.
            limit.MaxRequestBodySize = MaxChunk(http) + 64 * 1024;
        }
    }

    private static long MaxChunk(HttpContext http) => http.RequestServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<MediaOptions>>().Value.MaxChunkBytes;

    private static int? Version(HttpContext http, string? formValue)
    {
        var raw = formValue ?? http.Request.Headers.IfMatch.FirstOrDefault();
        raw = raw?.Trim().Trim('"').TrimStart('v');
        return int.TryParse(raw, out var v) ? v : null;
    }

    private static string Actor(HttpContext http) => http.User.Identity?.Name ?? "";
}
