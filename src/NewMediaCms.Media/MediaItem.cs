using NewMediaCms.Core.Data;

namespace NewMediaCms.Media;

/// <summary>A file of a department's media library. Its URL (/media/{Id}/{name}) stays when the file is replaced; <see cref="Version"/> counts replacements.</summary>
public sealed class MediaItem : ITenantOwned
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    /// <summary>The name shown and offered on download (path parts stripped).</summary>
    public string FileName { get; set; } = "";

    /// <summary>The kind found in the content (jpeg, pdf, ...), not the one the name claims.</summary>
    public string Type { get; set; } = "";

    public string ContentType { get; set; } = "";

    public bool IsImage { get; set; }

    public long Length { get; set; }

    public int? Width { get; set; }

    public int? Height { get; set; }

    /// <summary>Comma-separated widths of the stored resized variants.</summary>
    public string Variants { get; set; } = "";

    /// <summary>Optimistic concurrency: a replacement based on an older version is refused.</summary>
    public int Version { get; set; } = 1;

    public string StorageKey { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public DateTime UpdatedUtc { get; set; }

    public IEnumerable<int> VariantWidths => Variants.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse);

    public string VariantKey(int width) => $"{StorageKey}.w{width}";
}

/// <summary>A chunked upload under way: its bytes so far are in the storage under <see cref="StorageKey"/>.</summary>
public sealed class MediaUpload : ITenantOwned
{
    public string Id { get; set; } = "";

    public string TenantId { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary>The whole length announced when the upload was created.</summary>
    public long Length { get; set; }

    /// <summary>Set when the upload replaces a library file: its id and the version the editor saw.</summary>
    public string? ReplacesId { get; set; }

    public int? ReplacesVersion { get; set; }

    public string CreatedBy { get; set; } = "";

    public DateTime CreatedUtc { get; set; }

    public string StorageKey => "uploads/" + Id;
}

/// <summary>A block of a stored file in the database storage (key, start offset, bytes).</summary>
internal sealed class MediaBlock
{
    public string Key { get; set; } = "";

    public long Offset { get; set; }

    public byte[] Data { get; set; } = [];
}
