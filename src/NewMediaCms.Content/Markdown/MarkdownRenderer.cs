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
        sanitizer.AllowedAttributes.Add("id");
        sanitizer.PostProcessNode += (_, e) =>
        {
            if (e.Node is IElement element)
            {
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

    // Only the classes Markdig itself emits (code languages, task lists, tables, footnotes, alerts).
    [GeneratedRegex(@"^((language-[\w+#-]{1,30})|task-list-item|contains-task-list|task-list-item-checkbox|footnotes|footnote-ref|footnote-back-ref|table|math|mermaid)$")]
    private static partial Regex AllowedClass();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
