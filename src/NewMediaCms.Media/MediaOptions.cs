using Microsoft.Extensions.Options;

namespace NewMediaCms.Media;

public enum MediaStorageKind
{
    /// <summary>Files under App_Data/media (one node, or several on a shared folder).</summary>
    FileSystem,

    /// <summary>Blocks in the store's own database (PostgreSQL for several nodes; works on SQLite too).</summary>
    Database,
}

/// <summary>Bound from "Media"; checked at start-up (<see cref="MediaOptionsValidation"/>).</summary>
public sealed class MediaOptions
{
    public const string Section = "Media";

    public MediaStorageKind Storage { get; set; } = MediaStorageKind.FileSystem;

    /// <summary>Folder of the file-system storage; default App_Data/media.</summary>
    public string? Path { get; set; }

    /// <summary>The kinds accepted (see <see cref="Checks.MediaTypes.Known"/>); a kind not listed is refused with its name.</summary>
    public List<string> AllowedTypes { get; set; } = ["jpeg", "png", "gif", "webp", "pdf", "doc", "docx", "xls", "xlsx", "ppt", "pptx", "zip", "mp4", "mp3", "ofd"];

    public long MaxImageBytes { get; set; } = 20L * 1024 * 1024;

    public long MaxFileBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>Width × height read from the header before decoding: a larger image is refused (a "zip bomb" image decodes to gigabytes).</summary>
    public long MaxImagePixels { get; set; } = 50_000_000;

    /// <summary>Largest body of one chunk request, and of a single (not chunked) upload.</summary>
    public long MaxChunkBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>Widths of the resized variants of an image (only those smaller than the original are made).</summary>
    public List<int> VariantWidths { get; set; } = [320, 1280];

    /// <summary>An unfinished chunked upload older than this is removed with its bytes by the hourly sweep (the editor starts again).</summary>
    public TimeSpan UploadLifetime { get; set; } = TimeSpan.FromHours(24);

    /// <summary>PDF attachments up to this size have their text read for the content-safety gate; larger ones are not read.</summary>
    public long MaxTextExtractBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>At most this many characters of an attachment's text are checked.</summary>
    public int MaxTextExtractChars { get; set; } = 200_000;
}

public sealed class MediaOptionsValidation : IValidateOptions<MediaOptions>
{
    public ValidateOptionsResult Validate(string? name, MediaOptions o)
    {
        var errors = new List<string>();
        var unknown = o.AllowedTypes.Where(t => !Checks.MediaTypes.Known.ContainsKey(t)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add($"配置项 Media:AllowedTypes 含未知类型 {string.Join("、", unknown)}，可用：{string.Join("、", Checks.MediaTypes.Known.Keys)}（不接受 SVG、HTML 与可执行文件）。");
        }
        if (o.MaxImageBytes <= 0 || o.MaxFileBytes <= 0 || o.MaxChunkBytes < 64 * 1024 || o.MaxChunkBytes > 256L * 1024 * 1024)
        {
            errors.Add("配置项 Media:MaxImageBytes、Media:MaxFileBytes 应为正数，Media:MaxChunkBytes 应在 64 KB 至 256 MB 之间。");
        }
        if (o.MaxImagePixels is < 1_000_000 or > 500_000_000)
        {
            errors.Add($"配置项 Media:MaxImagePixels 为 {o.MaxImagePixels}，应在 100 万至 5 亿像素之间。");
        }
        if (o.UploadLifetime < TimeSpan.FromHours(1))
        {
            errors.Add($"配置项 Media:UploadLifetime 为 {o.UploadLifetime}，至少应为 1 小时（大文件上传需要时间）。");
        }
        if (o.VariantWidths.Any(w => w is < 16 or > 8000))
        {
            errors.Add("配置项 Media:VariantWidths 的每个宽度应在 16 至 8000 像素之间。");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
