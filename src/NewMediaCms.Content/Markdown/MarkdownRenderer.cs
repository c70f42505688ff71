using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;

namespace NewMediaCms.Content.Markdown;

/// <summary>The result of rendering: sanitised HTML and a plain-text excerpt.</summary>
public sealed record RenderedMarkdown(string Html, string PlainText);

/// <summary>
/// The one Markdown pipeline, used for preview and for publishing alike. Built once and reused (Markdig
/// pipelines are immutable and thread-safe). Output always passes the sanitiser: Markdig's DisableHtml()
/// alone lets javascript: links through, and GenericAttributes would let authors add onclick.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer()
    {
        // GitHub-style identifiers first: otherwise every Chinese heading gets the id "section".
        _pipeline = new MarkdownPipelineBuilder()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UseAdvancedExtensions()
            .UseCjkFriendlyEmphasis()
            .DisableHtml()
            .Build();
        _sanitizer = CreateSanitizer();
    }

    public RenderedMarkdown Render(string? markdown)
    {
        markdown ??= "";
        var html = Markdig.Markdown.ToHtml(markdown, _pipeline);
        var safe = _sanitizer.Sanitize(html);
        var plain = Markdig.Markdown.ToPlainText(markdown, _pipeline);
        return new RenderedMarkdown(safe, Whitespace().Replace(plain, " ").Trim());
    }

    public string Sanitize(string html) => _sanitizer.Sanitize(html);

    public static string Excerpt(string plainText, int length = 120)
        => plainText.Length <= length ? plainText : plainText[..length].TrimEnd() + "…";

    private static HtmlSanitizer CreateSanitizer()
    {
        var sanitizer = new HtmlSanitizer();
        sanitizer.AllowedSchemes.Clear();
        sanitizer.AllowedSchemes.UnionWith(["http", "https", "mailto", "tel"]);
        // No inline CSS at all: hidden text, overlays and off-screen tricks are how hacked pages hide links.
        sanitizer.AllowedAttributes.Remove("style");
        sanitizer.AllowedTags.Remove("style");
        sanitizer.AllowedTags.Remove("form");
        sanitizer.AllowedTags.Remove("input");
        sanitizer.AllowedTags.Remove("button");
        sanitizer.AllowedTags.Remove("textarea");
        sanitizer.AllowedTags.Remove("select");
        sanitizer.AllowedAtRules.Clear();
        sanitizer.AllowedCssProperties.Clear();
        sanitizer.AllowDataAttributes = false;
        // Ids stay (heading anchors, footnotes) but under a prefix, like GitHub's user-content-: an author-chosen id
        // ({#config}, or a heading's text) can then neither clobber a global of the page's scripts nor take a theme's own
        // id (main, attachments-title). In-page links of the same body are prefixed alike, so anchors keep working.
        // name= clobbers document.* (<img name=cookie>): not allowed at all.
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.AllowedAttributes.Remove("name");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
                if (element.GetAttribute("id") is { } id)
                {
                    element.SetAttribute("id", UserContentId(id));
                }
                if (element.LocalName == "a" && element.GetAttribute("href") is { Length: > 1 } fragment && fragment[0] == '#')
                {
                    element.SetAttribute("href", "#" + UserContentId(fragment[1..]));
                }
                var cls = element.GetAttribute("class");
                if (cls is not null && !AllowedClass().IsMatch(cls))
                {
                    element.RemoveAttribute("class");
                }
                if (element.LocalName == "a" && element.GetAttribute("href") is { } href && href.StartsWith("http", StringComparison.OrdinalIgnoreCase))
                {
                    element.SetAttribute("rel", "noopener noreferrer");
                }
            }
        };
        return sanitizer;
    }

    public const string IdPrefix = "user-content-";

    private static string UserContentId(string id) => id.StartsWith(IdPrefix, StringComparison.Ordinal) ? id : IdPrefix + id;

    // Only the classes Markdig itself emits (code languages, task lists, tables, footnotes, alerts).
    [GeneratedRegex(@"^((language-[\w+#-]{1,30})|task-list-item|contains-task-list|task-list-item-checkbox|footnotes|footnote-ref|footnote-back-ref|table|math|mermaid)$")]
    private static partial Regex AllowedClass();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
