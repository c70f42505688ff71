using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using NewMediaCms.Content.References;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Tenancy;
using NewMediaCms.Media.Checks;
using NewMediaCms.Media.Storage;

namespace NewMediaCms.Media;

public enum MediaStatus
{
    Ok,
    Created,
    NotFound,
    Refused,
    TooLarge,
    Conflict,
    InUse,
}

/// <summary>The outcome of a library command: the file, or one Chinese sentence saying what to fix (and, for a refused delete, where the file is used).</summary>
public sealed record MediaOutcome(MediaStatus Status, MediaItem? Item = null, string? Error = null, IReadOnlyList<ContentReference>? Uses = null, long? Offset = null)
{
    public string? UploadId { get; init; }

    public long? UploadLength { get; init; }

    public bool Succeeded => Status is MediaStatus.Ok or MediaStatus.Created;

    public static MediaOutcome Fail(MediaStatus status, string error) => new(status, Error: error);
}

/// <summary>
/// A department's media library: uploads (whole or in chunks), checks by content, replace (same URL, optimistic
/// concurrency on <see cref="MediaItem.Version"/>), delete (refused while content uses the file). The bytes are in
/// <see cref="IMediaStorage"/>; a file is stored under a new key per version, so a reader never sees a half-replaced file.
/// </summary>
public sealed class MediaLibrary(NmcDbContext db, IMediaStorage storage, ITenantContext tenant, ContentReferences references, IOptions<MediaOptions> options, TimeProvider time)
{
    private MediaOptions Options => options.Value;

    private string TenantId => tenant.TenantId ?? throw new InvalidOperationException("media needs a department");

    /// <summary>The file's path under the department: readable (Chinese names stay as they are), only characters that would break a URL or Markdown escaped.</summary>
    public static string UrlPath(MediaItem m) => $"/media/{m.Id}/{EscapeName(m.FileName)}";

    private static string EscapeName(string name)
        => string.Concat(name.Select(c => c is ' ' or '(' or ')' or '[' or ']' or '#' or '?' or '%' or '&' or '+' or '\'' or '"' or '<' or '>' || char.IsControl(c) ? Uri.EscapeDataString(c.ToString()) : c.ToString()));

    public async Task<IReadOnlyList<MediaItem>> ListAsync(string? search, string? kind, int take, CancellationToken ct)
    {
        var q = db.Set<MediaItem>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var s = search.Trim();
            q = q.Where(m => m.FileName.Contains(s));
        }
        q = kind switch
        {
            "image" => q.Where(m => m.IsImage),
            "file" => q.Where(m => !m.IsImage),
            { Length: > 0 } t when MediaTypes.Known.ContainsKey(t) => q.Where(m => m.Type == t),
            _ => q,
        };
        return await q.OrderByDescending(m => m.UpdatedUtc).ThenBy(m => m.Id).Take(Math.Clamp(take, 1, 500)).ToListAsync(ct);
    }

    public Task<MediaItem?> FindAsync(string id, CancellationToken ct) => db.Set<MediaItem>().AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);

    public Task<IReadOnlyList<ContentReference>> UsesAsync(string id, CancellationToken ct) => references.FindAsync($"/media/{id}/", ct);

    /// <summary>A whole file in one request (small files; the admin forms).</summary>
    public async Task<MediaOutcome> UploadAsync(string? fileName, Stream content, string actor, string? replacesId, int? expectedVersion, CancellationToken ct)
    {
        var key = "uploads/" + NewId();
        var written = await storage.AppendAsync(key, 0, content, Options.MaxChunkBytes + 1, ct) ?? 0;
        if (written > Options.MaxChunkBytes)
        {
            await storage.DeleteAsync(key, ct);
            return MediaOutcome.Fail(MediaStatus.TooLarge, $"文件超过单次上传上限 {Mb(Options.MaxChunkBytes)}，请使用分片上传（编辑器与媒体库会自动分片）。");
        }
        return await StoreAsync(key, fileName, actor, replacesId, expectedVersion, ct);
    }

    /// <summary>Starts a chunked upload of <paramref name="length"/> bytes.</summary>
    public async Task<MediaOutcome> CreateUploadAsync(string? fileName, long length, string actor, string? replacesId, int? expectedVersion, CancellationToken ct)
    {
        if (length <= 0)
        {
            return MediaOutcome.Fail(MediaStatus.Refused, "文件是空的，请选择有内容的文件。");
        }
        if (length > Options.MaxFileBytes)
        {
            return MediaOutcome.Fail(MediaStatus.TooLarge, $"“{MediaFileNames.Clean(fileName)}”有 {Mb(length)}，超过上限 {Mb(Options.MaxFileBytes)}。");
        }
        if (replacesId is not null && await FindAsync(replacesId, ct) is null)
        {
            return MediaOutcome.Fail(MediaStatus.NotFound, "要替换的文件不存在（可能已被删除）。");
        }
        var upload = new MediaUpload
        {
            Id = NewId(), TenantId = TenantId, FileName = MediaFileNames.Clean(fileName), Length = length,
            ReplacesId = replacesId, ReplacesVersion = expectedVersion, CreatedBy = actor, CreatedUtc = time.GetUtcNow().UtcDateTime,
        };
        db.Add(upload);
        await db.SaveChangesAsync(ct);
        return new MediaOutcome(MediaStatus.Created, Offset: 0) { UploadId = upload.Id };
    }

    public async Task<MediaOutcome> UploadOffsetAsync(string uploadId, CancellationToken ct)
    {
        var upload = await db.Set<MediaUpload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId, ct);
        return upload is null
            ? MediaOutcome.Fail(MediaStatus.NotFound, "上传任务不存在或已结束，请重新上传。")
            : new MediaOutcome(MediaStatus.Ok, Offset: await storage.LengthAsync(upload.StorageKey, ct)) { UploadId = upload.Id, UploadLength = upload.Length };
    }

    /// <summary>Appends a chunk at <paramref name="offset"/>; a wrong offset is a conflict that tells the right one.</summary>
    public async Task<MediaOutcome> AppendAsync(string uploadId, long offset, Stream body, CancellationToken ct)
    {
        var upload = await db.Set<MediaUpload>().AsNoTracking().FirstOrDefaultAsync(u => u.Id == uploadId, ct);
        if (upload is null)
        {
            return MediaOutcome.Fail(MediaStatus.NotFound, "上传任务不存在或已结束，请重新上传。");
        }
        var max = Math.Min(Options.MaxChunkBytes, upload.Length - offset);
        var length = await storage.AppendAsync(upload.StorageKey, offset, body, Math.Max(0, max), ct);
        if (length is null)
        {
            var actual = await storage.LengthAsync(upload.StorageKey, ct);
            return new MediaOutcome(MediaStatus.Conflict, Error: $"分片位置不符：服务器已收到 {actual} 字节，请从该位置继续。", Offset: actual) { UploadId = upload.Id, UploadLength = upload.Length };
        }
        return new MediaOutcome(MediaStatus.Ok, Offset: length) { UploadId = upload.Id, UploadLength = upload.Length };
    }

    /// <summary>Checks and stores a chunked upload whose bytes have all arrived.</summary>
    public async Task<MediaOutcome> CompleteAsync(string uploadId, string actor, CancellationToken ct)
    {
        var upload = await db.Set<MediaUpload>().FirstOrDefaultAsync(u => u.Id == uploadId, ct);
        if (upload is null)
        {
            return MediaOutcome.Fail(MediaStatus.NotFound, "上传任务不存在或已结束，请重新上传。");
        }
        var received = await storage.LengthAsync(upload.StorageKey, ct);
        if (received != upload.Length)
        {
            return new MediaOutcome(MediaStatus.Conflict, Error: $"文件尚未传完：已收到 {received} / {upload.Length} 字节，请继续上传。", Offset: received) { UploadId = upload.Id };
        }
        db.Remove(upload);
        await db.SaveChangesAsync(ct);
        return await StoreAsync(upload.StorageKey, upload.FileName, actor, upload.ReplacesId, upload.ReplacesVersion, ct);
    }

    public async Task AbortUploadAsync(string uploadId, CancellationToken ct)
    {
        if (await db.Set<MediaUpload>().FirstOrDefaultAsync(u => u.Id == uploadId, ct) is { } upload)
        {
            db.Remove(upload);
            await db.SaveChangesAsync(ct);
            await storage.DeleteAsync(upload.StorageKey, ct);
        }
    }

    public async Task<MediaOutcome> DeleteAsync(string id, int? expectedVersion, CancellationToken ct)
    {
        var item = await db.Set<MediaItem>().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (item is null)
        {
            return MediaOutcome.Fail(MediaStatus.NotFound, "文件不存在（可能已被删除）。");
        }
        var uses = await UsesAsync(id, ct);
        if (uses.Count > 0)
        {
            return new MediaOutcome(MediaStatus.InUse, item, $"“{item.FileName}”正被 {uses.Count} 篇内容使用，不能删除。请先在这些内容中移除它：", uses);
        }
        if (expectedVersion is { } v && v != item.Version)
        {
            return new MediaOutcome(MediaStatus.Conflict, item, $"“{item.FileName}”已被他人替换为第 {item.Version} 版，请刷新后确认再删除。");
        }
        db.Remove(item);
        db.Raise(new MediaDeleted(item.TenantId, item.Id, item.FileName));
        await db.SaveChangesAsync(ct);
        await DeleteBytesAsync(item.StorageKey, item.VariantWidths, ct);
        return new MediaOutcome(MediaStatus.Ok, item);
    }

    /// <summary>Opens a file (or one of its resized variants; the nearest width not smaller than asked, else the original).</summary>
    public async Task<(MediaItem Item, Stream Content, bool IsVariant)?> OpenAsync(string id, int? width, CancellationToken ct)
    {
        var item = await FindAsync(id, ct);
        if (item is null)
        {
            return null;
        }
        if (width is { } w && item.IsImage && item.VariantWidths.Where(v => v >= w).Order().FirstOrDefault() is > 0 and var chosen
            && await storage.OpenReadAsync(item.VariantKey(chosen), ct) is { } variant)
        {
            return (item, variant, true);
        }
        return await storage.OpenReadAsync(item.StorageKey, ct) is { } s ? (item, s, false) : null;
    }

    private async Task<MediaOutcome> StoreAsync(string sourceKey, string? rawName, string actor, string? replacesId, int? expectedVersion, CancellationToken ct)
    {
        var keep = false;
        try
        {
            var head = new byte[MediaTypes.HeadLength];
            int headLength;
            long length;
            await using (var s = await storage.OpenReadAsync(sourceKey, ct))
            {
                if (s is null)
                {
                    return MediaOutcome.Fail(MediaStatus.Refused, "文件是空的，请选择有内容的文件。");
                }
                headLength = await s.ReadAtLeastAsync(head, head.Length, throwOnEndOfStream: false, ct);
                length = await storage.LengthAsync(sourceKey, ct);
            }
            var plainName = MediaFileNames.Clean(rawName);
            if (length == 0)
            {
                return MediaOutcome.Fail(MediaStatus.Refused, $"“{plainName}”是空文件，请选择有内容的文件。");
            }
            var (type, refusal) = MediaTypes.Detect(head.AsSpan(0, headLength), plainName);
            if (type is null)
            {
                return MediaOutcome.Fail(MediaStatus.Refused, refusal!);
            }
            if (!Options.AllowedTypes.Contains(type.Name))
            {
                return MediaOutcome.Fail(MediaStatus.Refused, $"本系统未开放上传 {type.Name.ToUpperInvariant()} 类型的文件（“{plainName}”）。可上传：{string.Join("、", Options.AllowedTypes.Select(t => t.ToUpperInvariant()))}。");
            }
            var limit = type.IsImage ? Options.MaxImageBytes : Options.MaxFileBytes;
            if (length > limit)
            {
                return MediaOutcome.Fail(MediaStatus.TooLarge, $"“{plainName}”有 {Mb(length)}，超过{(type.IsImage ? "图片" : "文件")}上限 {Mb(limit)}。");
            }
            var name = MediaFileNames.Clean(rawName, type);

            MediaItem? item = null;
            if (replacesId is not null)
            {
                item = await db.Set<MediaItem>().FirstOrDefaultAsync(m => m.Id == replacesId, ct);
                if (item is null)
                {
                    return MediaOutcome.Fail(MediaStatus.NotFound, "要替换的文件不存在（可能已被删除）。");
                }
                if (expectedVersion is { } ev && ev != item.Version)
                {
                    return Conflict(item);
                }
                if (item.IsImage != type.IsImage)
                {
                    return MediaOutcome.Fail(MediaStatus.Refused, item.IsImage ? "图片只能用图片替换（网址不变，正文中的显示方式也不变）。" : "文件只能用非图片文件替换。");
                }
            }
            var id = item?.Id ?? NewId();
            var version = (item?.Version ?? 0) + 1;
            // A new key for every stored version: two editors replacing at once never write the same file.
            var key = $"{TenantId}/{id}/v{version}-{NewId()}{type.Extension}";

            int? width = null, height = null;
            var variants = new List<int>();
            if (type.IsImage)
            {
                byte[] bytes;
                await using (var s = (await storage.OpenReadAsync(sourceKey, ct))!)
                using (var ms = new MemoryStream())
                {
                    await s.CopyToAsync(ms, ct);
                    bytes = ms.ToArray();
                }
                var (image, imageRefusal) = ImageProcessor.Process(bytes, type, name, Options);
                if (image is null)
                {
                    return MediaOutcome.Fail(MediaStatus.Refused, imageRefusal!);
                }
                await storage.WriteAsync(key, new MemoryStream(image.Original), ct);
                foreach (var (w, b) in image.Variants)
                {
                    await storage.WriteAsync($"{key}.w{w}", new MemoryStream(b), ct);
                    variants.Add(w);
                }
                (width, height, length) = (image.Width, image.Height, image.Original.Length);
            }
            else
            {
                await storage.PromoteAsync(sourceKey, key, ct);
                keep = true;
            }

            var now = time.GetUtcNow().UtcDateTime;
            if (item is null)
            {
                item = new MediaItem { Id = id, TenantId = TenantId, CreatedUtc = now, Version = 1 };
                db.Add(item);
                db.Raise(new MediaUploaded(TenantId, id, name, type.Name, length));
            }
            else
            {
                db.Raise(new MediaReplaced(TenantId, id, item.FileName, name, version));
                item.Version = version;
            }
            var oldKey = item.StorageKey;
            var oldVariants = item.VariantWidths.ToList();
            (item.FileName, item.Type, item.ContentType, item.IsImage, item.Length, item.Width, item.Height) = (name, type.Name, type.ContentType, type.IsImage, length, width, height);
            item.Variants = string.Join(',', variants);
            item.StorageKey = key;
            item.UploadedBy = actor;
            item.UpdatedUtc = now;
            try
            {
                await db.SaveChangesAsync(ct);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another editor's replacement committed first: drop ours, keep theirs.
                await DeleteBytesAsync(key, variants, ct);
                db.ChangeTracker.Clear();
                var current = await FindAsync(id, ct);
                return current is null ? MediaOutcome.Fail(MediaStatus.NotFound, "要替换的文件已被删除。") : Conflict(current);
            }
            catch (DbUpdateException) when (replacesId is null)
            {
                await DeleteBytesAsync(key, variants, ct);
                throw;
            }
            if (oldKey.Length > 0)
            {
                await DeleteBytesAsync(oldKey, oldVariants, ct);
            }
            return new MediaOutcome(replacesId is null ? MediaStatus.Created : MediaStatus.Ok, item);
        }
        finally
        {
            if (!keep)
            {
                await storage.DeleteAsync(sourceKey, CancellationToken.None);
            }
        }
    }

    private static MediaOutcome Conflict(MediaItem current)
        => new(MediaStatus.Conflict, current, $"“{current.FileName}”已被 {current.UploadedBy} 于您打开后替换（现为第 {current.Version} 版），您的替换没有保存。请刷新查看最新文件，再决定是否替换。");

    private async Task DeleteBytesAsync(string key, IEnumerable<int> variants, CancellationToken ct)
    {
        await storage.DeleteAsync(key, CancellationToken.None);
        foreach (var w in variants)
        {
            await storage.DeleteAsync($"{key}.w{w}", CancellationToken.None);
        }
    }

    private static string Mb(long bytes) => bytes >= 1024 * 1024 ? $"{bytes / 1024d / 1024:0.#} MB" : $"{bytes / 1024d:0.#} KB";

    internal static string NewId()
    {
        const string alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
        Span<byte> b = stackalloc byte[14];
        RandomNumberGenerator.Fill(b);
        var c = new char[14];
        for (var i = 0; i < b.Length; i++)
        {
            c[i] = alphabet[b[i] % alphabet.Length];
        }
        return new string(c);
    }
}
