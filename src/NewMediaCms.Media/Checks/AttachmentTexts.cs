using System.Text;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Safety;
using NewMediaCms.Media.Storage;
using UglyToad.PdfPig;

namespace NewMediaCms.Media.Checks;

/// <summary>
/// The media library's side of the safety gate: the text of every PDF of the department's library that a version
/// references (in its body or any field, e.g. 附件), read with PdfPig, each as "attachment:{file name}". A text is read
/// once per stored file version (memory cache); a PDF larger than <see cref="MediaOptions.MaxTextExtractBytes"/>, or one
/// that cannot be parsed, adds no text (the gate cannot see into it; the log says so).
/// </summary>
internal sealed partial class AttachmentTexts(NmcDbContext db, IMediaStorage storage, IMemoryCache cache, IOptions<MediaOptions> options, ILogger<AttachmentTexts> logger)
    : IAttachmentTextSource
{
    [GeneratedRegex(@"/media/([a-z2-9]{14})/")]
    private static partial Regex MediaLink();

    public async Task<IReadOnlyList<SafetyText>> TextsAsync(ContentSafetyInput content, CancellationToken cancellationToken)
    {
        var ids = content.Fields.Values.Prepend(content.Markdown)
            .SelectMany(text => MediaLink().Matches(text ?? "").Select(m => m.Groups[1].Value))
            .Distinct().Take(50).ToList();
        if (ids.Count == 0)
        {
            return [];
        }
        var files = await db.Set<MediaItem>().AcrossTenants().AsNoTracking()
            .Where(m => m.TenantId == content.TenantId && ids.Contains(m.Id) && m.Type == "pdf")
            .Select(m => new { m.Id, m.Version, m.FileName, m.StorageKey, m.Length })
            .ToListAsync(cancellationToken);
        var texts = new List<SafetyText>();
        foreach (var file in files.OrderBy(f => ids.IndexOf(f.Id)))
        {
            if (file.Length > options.Value.MaxTextExtractBytes)
            {
                logger.LogInformation("附件 {File}（{Id}）有 {Length} 字节，超过读取上限，未检查其文字。", file.FileName, file.Id, file.Length);
                continue;
            }
            var text = await cache.GetOrCreateAsync($"nmc:pdf-text:{file.Id}:{file.Version}:{file.StorageKey}", async entry =>
            {
                entry.SlidingExpiration = TimeSpan.FromHours(1);
                entry.Size = 1;
                return await ReadAsync(file.StorageKey, file.FileName, cancellationToken);
            });
            if (!string.IsNullOrWhiteSpace(text))
            {
                texts.Add(new SafetyText("attachment:" + file.FileName, text));
            }
        }
        return texts;
    }

    private async Task<string?> ReadAsync(string key, string fileName, CancellationToken ct)
    {
        await using var stream = await storage.OpenReadAsync(key, ct);
        if (stream is null)
        {
            return null;
        }
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy, ct);
        try
        {
            using var pdf = PdfDocument.Open(copy.ToArray());
            var max = options.Value.MaxTextExtractChars;
            var text = new StringBuilder();
            foreach (var page in pdf.GetPages())
            {
                text.AppendJoin(' ', page.GetWords().Select(w => w.Text)).Append('\n');
                if (text.Length >= max)
                {
                    break;
                }
            }
            return text.Length > max ? text.ToString(0, max) : text.ToString();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "附件 {File} 的文字无法读取（PDF 解析失败），内容安全检查未包含它。", fileName);
            return null;
        }
    }
}
