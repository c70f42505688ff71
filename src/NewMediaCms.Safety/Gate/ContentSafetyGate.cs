using Markdig;
using Markdig.Syntax;
using Markdig.Syntax.Inlines;
using Microsoft.EntityFrameworkCore;
using NewMediaCms.Core.Data;
using NewMediaCms.Core.Safety;

namespace NewMediaCms.Safety.Gate;

/// <summary>
/// <see cref="IContentSafetyGate"/>: the texts of a version (title, body source, every field value, link targets,
/// image alt text, attachment texts, the rendered HTML for the HTML detectors), the check, and the override of this
/// content hash if one exists.
/// </summary>
public sealed class ContentSafetyGate(ISafetyCheck check, NmcDbContext db, IEnumerable<IAttachmentTextSource> attachments, TimeProvider time) : IContentSafetyGate
{
    private static readonly MarkdownPipeline Parser = new MarkdownPipelineBuilder().UseAdvancedExtensions().Build();

    public async Task<ContentSafetyVerdict> CheckAsync(ContentSafetyInput content, CancellationToken cancellationToken)
    {
        var texts = await TextsAsync(content, cancellationToken);
        var report = await check.CheckAsync(content.TenantId, texts, cancellationToken);
        if (!report.Blocks)
        {
            return new ContentSafetyVerdict(report, null);
        }
        var over = await db.Set<SafetyOverrideRecord>().IgnoreQueryFilters([NmcDbContext.TenantFilter]).AsNoTracking()
            .Where(o => o.TenantId == content.TenantId && o.VersionId == content.VersionId && o.ContentHash == content.ContentHash)
            .OrderByDescending(o => o.CreatedUtc).FirstOrDefaultAsync(cancellationToken);
        return new ContentSafetyVerdict(report, over is null ? null : new SafetyOverrideInfo(over.UserName, over.Reason, over.CreatedUtc, over.ContentHash));
    }

    public async Task<ContentSafetyVerdict> OverrideAsync(ContentSafetyInput content, string userName, string reason, CancellationToken cancellationToken)
    {
        var verdict = await CheckAsync(content, cancellationToken);
        if (!verdict.Report.Blocks)
        {
            return verdict;
        }
        var findings = string.Join("；", verdict.Report.Findings.Where(f => f.Tier == SafetyTier.Serious).Take(20)
            .Select(f => $"{f.RuleCode} {f.Field}@{f.Start} “{Excerpt(f.Matched)}”"));
        var now = time.GetUtcNow().UtcDateTime;
        db.Add(new SafetyOverrideRecord
        {
            TenantId = content.TenantId, ContentItemId = content.ContentItemId, VersionId = content.VersionId, ContentHash = content.ContentHash,
            UserName = userName, Reason = reason.Trim(), Findings = findings.Length > 3900 ? findings[..3900] : findings, CreatedUtc = now,
        });
        db.Raise(new SafetyOverridden(content.TenantId, content.ContentItemId, content.VersionId, content.ContentHash, userName, reason.Trim(), findings));
        return verdict with { Override = new SafetyOverrideInfo(userName, reason.Trim(), now, content.ContentHash) };
    }

    /// <summary>Every text of a version the gate checks.</summary>
    public async Task<IReadOnlyList<SafetyText>> TextsAsync(ContentSafetyInput content, CancellationToken ct)
    {
        var texts = PlainTexts(content).ToList();
        // The HTML detectors see the Markdown rendered before the sanitiser (what was pasted, hidden styles included):
        // stricter than the published HTML, and a tenth of the cost of the sanitised render.
        if (TryParse(content.Markdown) is { } document && TryHtml(document) is { } html)
        {
            texts.Add(new SafetyText("body:html", html, IsHtml: true));
        }
        foreach (var source in attachments)
        {
            texts.AddRange(await source.TextsAsync(content, ct));
        }
        return texts;
    }

    /// <summary>The plain texts of a version: title, body source (image alt text included), every field value, link targets.</summary>
    public static IEnumerable<SafetyText> PlainTexts(ContentSafetyInput content)
    {
        yield return new SafetyText("title", content.Title);
        yield return new SafetyText("body", content.Markdown);
        foreach (var (name, value) in content.Fields)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                yield return new SafetyText(name == "summary" ? "summary" : $"field:{name}", value);
            }
        }
        foreach (var link in Links(content.Markdown))
        {
            yield return link;
        }
    }

    /// <summary>Link targets of the Markdown (a target may hide behind a harmless label; image alt text is part of the body source).</summary>
    internal static IEnumerable<SafetyText> Links(string source)
    {
        if (source.Length == 0 || (!source.Contains('[') && !source.Contains('<') && !source.Contains("http", StringComparison.OrdinalIgnoreCase)))
        {
            yield break;
        }
        if (TryParse(source) is not { } document)
        {
            yield break;
        }
        foreach (var link in document.Descendants<LinkInline>())
        {
            if (!string.IsNullOrWhiteSpace(link.Url))
            {
                yield return new SafetyText("link", link.Url);
            }
        }
        foreach (var link in document.Descendants<AutolinkInline>())
        {
            yield return new SafetyText("link", link.Url);
        }
    }

    /// <summary>
    /// Null for a body Markdig refuses as too deeply nested: such a body is refused at save and at publication by the
    /// Markdown limits (Content), so the gate checks its plain texts and does not fail on it (a draft saved before the limits).
    /// </summary>
    private static string? TryHtml(MarkdownDocument document)
    {
        try
        {
            return document.ToHtml(Parser);
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static MarkdownDocument? TryParse(string source)
    {
        try
        {
            return Markdown.Parse(source, Parser);
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            return null;
        }
    }

    private static string Excerpt(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
