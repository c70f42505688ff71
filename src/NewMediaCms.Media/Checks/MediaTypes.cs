using System.Text;

namespace NewMediaCms.Media.Checks;

public sealed record MediaType(string Name, string ContentType, string Extension, bool IsImage);

/// <summary>What a file is, found from its first bytes (magic numbers), never from its name.</summary>
public static class MediaTypes
{
    public const int HeadLength = 512;

    public static readonly IReadOnlyDictionary<string, MediaType> Known = new[]
    {
        new MediaType("jpeg", "image/jpeg", ".jpg", true),
        new MediaType("png", "image/png", ".png", true),
        new MediaType("gif", "image/gif", ".gif", true),
        new MediaType("webp", "image/webp", ".webp", true),
        new MediaType("pdf", "application/pdf", ".pdf", false),
        new MediaType("ofd", "application/ofd", ".ofd", false),
        new MediaType("doc", "application/msword", ".doc", false),
        new MediaType("xls", "application/vnd.ms-excel", ".xls", false),
        new MediaType("ppt", "application/vnd.ms-powerpoint", ".ppt", false),
        new MediaType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx", false),
        new MediaType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", ".xlsx", false),
        new MediaType("pptx", "application/vnd.openxmlformats-officedocument.presentationml.presentation", ".pptx", false),
        new MediaType("zip", "application/zip", ".zip", false),
        new MediaType("mp4", "video/mp4", ".mp4", false),
        new MediaType("mp3", "audio/mpeg", ".mp3", false),
    }.ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>The type of the content, or a refusal (a Chinese sentence) for executables, SVG, HTML and unknown content.</summary>
    public static (MediaType? Type, string? Refusal) Detect(ReadOnlySpan<byte> head, string fileName)
    {
        var ext = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        if (Executable(head) is { } exe)
        {
            return (null, $"“{fileName}”的内容是{exe}，不能上传（文件类型按内容判断，与扩展名无关）。");
        }
        if (StartsWith(head, [0xFF, 0xD8, 0xFF])) return (Known["jpeg"], null);
        if (StartsWith(head, [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])) return (Known["png"], null);
        if (StartsWith(head, "GIF87a"u8) || StartsWith(head, "GIF89a"u8)) return (Known["gif"], null);
        if (head.Length >= 12 && StartsWith(head, "RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8)) return (Known["webp"], null);
        if (StartsWith(head, "%PDF-"u8)) return (Known["pdf"], null);
        if (StartsWith(head, [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]))
        {
            // An OLE compound file: Word, Excel or PowerPoint 97–2003; the name tells which.
            return (Known[ext is "xls" or "ppt" ? ext : "doc"], null);
        }
        if (StartsWith(head, "PK\x03\x04"u8))
        {
            // A zip container: Office Open XML and OFD are zips; the name tells which.
            return (Known[ext is "docx" or "xlsx" or "pptx" or "ofd" ? ext : "zip"], null);
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8)) return (Known["mp4"], null);
        if (StartsWith(head, "ID3"u8) || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0)) return (Known["mp3"], null);
        var text = Text(head);
        if (text.Contains("<svg", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"“{fileName}”是 SVG 矢量图。SVG 可以携带脚本，本系统不接受，请导出为 PNG 或 JPEG 后上传。");
        }
        if (text.Contains("<html", StringComparison.OrdinalIgnoreCase) || text.Contains("<!doctype", StringComparison.OrdinalIgnoreCase) || text.Contains("<script", StringComparison.OrdinalIgnoreCase))
        {
            return (null, $"“{fileName}”是网页（HTML）文件，不能作为附件上传。");
        }
        return (null, $"无法识别“{fileName}”的文件类型。可上传的类型：图片（JPEG、PNG、GIF、WebP）、PDF、OFD、Word、Excel、PowerPoint、ZIP、MP4、MP3。");
    }

    private static string? Executable(ReadOnlySpan<byte> head)
    {
        if (StartsWith(head, "MZ"u8)) return "Windows 可执行程序";
        if (StartsWith(head, [0x7F, 0x45, 0x4C, 0x46])) return "Linux 可执行程序（ELF）";
        if (StartsWith(head, [0xCF, 0xFA, 0xED, 0xFE]) || StartsWith(head, [0xCE, 0xFA, 0xED, 0xFE]) || StartsWith(head, [0xCA, 0xFE, 0xBA, 0xBE])) return "macOS 或 Java 可执行程序";
        if (StartsWith(head, "#!"u8)) return "脚本程序";
        return null;
    }

    private static bool StartsWith(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic) => head.Length >= magic.Length && head[..magic.Length].SequenceEqual(magic);

    private static string Text(ReadOnlySpan<byte> head)
    {
        var s = Encoding.UTF8.GetString(head);
        return s.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
    }
}

/// <summary>The name a file is stored and offered under: no folders (a path typed or sent in the name is cut off), no control characters, at most 120 characters.</summary>
public static class MediaFileNames
{
    public static string Clean(string? name, MediaType? type = null)
    {
        var n = (name ?? "").Replace('\\', '/');
        n = n[(n.LastIndexOf('/') + 1)..];
        n = new string(n.Where(c => !char.IsControl(c) && c is not ('"' or '<' or '>' or '|' or ':' or '*' or '?')).ToArray()).Trim().TrimStart('.');
        if (n.Length == 0)
        {
            n = "未命名";
        }
        if (type is not null && !string.Equals(Path.GetExtension(n), type.Extension, StringComparison.OrdinalIgnoreCase)
            && !(type.Name == "jpeg" && Path.GetExtension(n).Equals(".jpeg", StringComparison.OrdinalIgnoreCase)))
        {
            // The name's extension follows the content (a PNG named photo.jpg is offered as photo.png).
            n = Path.GetFileNameWithoutExtension(n) + type.Extension;
        }
        if (n.Length > 120)
        {
            var ext = Path.GetExtension(n);
            n = n[..(120 - ext.Length)] + ext;
        }
        return n;
    }
}
