using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Ganss.Xss;
using Markdig;
using Markdig.Extensions.AutoIdentifiers;
using Markdig.Renderers;
using Microsoft.Extensions.Options;

namespace NewMediaCms.Content.Markdown;

/// <summary>The result of rendering: sanitised HTML and a plain-text excerpt.</summary>
public sealed record RenderedMarkdown(string Html, string PlainText);

/// <summary>A render: the result, or why the body cannot be rendered (a Chinese sentence that says what to change).</summary>
public sealed record MarkdownRendering(RenderedMarkdown? Result, string? Error)
{
    public bool Ok => Result is not null;
}

/// <summary>A body over the limits reached a render that cannot refuse politely (the message says what to change).</summary>
public sealed class MarkdownRefusedException(string message) : Exception(message);

/// <summary>
/// The one Markdown pipeline, used for preview and for publishing alike. Built once and reused (Markdig
/// pipelines are immutable and thread-safe). Output always passes the sanitiser: Markdig's DisableHtml()
/// alone lets javascript: links through, and GenericAttributes would let authors add onclick.
/// Every render first checks <see cref="MarkdownLimits"/> on the source (length, nesting), then runs under its time
/// budget and the caller's cancellation.
/// </summary>
public sealed partial class MarkdownRenderer
{
    private readonly MarkdownPipeline _pipeline;
    private readonly HtmlSanitizer _sanitizer;

    public MarkdownRenderer() : this(Options.Create(new MarkdownLimits()))
    {
    }

    public MarkdownRenderer(IOptions<MarkdownLimits> limits)
    {
        Limits = limits.Value;
        // GitHub-style identifiers first: otherwise every Chinese heading gets the id "section".
        var builder = new MarkdownPipelineBuilder()
            .UseAutoIdentifiers(AutoIdentifierOptions.GitHub)
            .UseAdvancedExtensions()
            .UseCjkFriendlyEmphasis()
            .DisableHtml();
        builder.BlockParsers.Insert(0, new BudgetBlockHook());
        builder.InlineParsers.Insert(0, new BudgetInlineHook());
        _pipeline = builder.Build();
        _sanitizer = CreateSanitizer();
    }

    public MarkdownLimits Limits { get; }

    /// <summary>
    /// The checks on the source alone, before Markdig sees it: length and nesting of lists and quotes. Null when
    /// within the limits; cheap (linear) on any input.
    /// </summary>
    public string? CheckSource(string? markdown)
    {
        markdown ??= "";
        if (markdown.Length > Limits.MaxLength)
        {
            return $"正文共 {markdown.Length:N0} 个字符，超过上限 {Limits.MaxLength:N0} 个字符，请删减或拆分为多篇。";
        }
        var (depth, line) = MarkdownNesting.Deepest(markdown);
        return depth > Limits.MaxNesting
            ? $"正文第 {line} 行的列表或引用嵌套了 {depth} 层，超过上限 {Limits.MaxNesting} 层，请减少嵌套层级。"
            : null;
    }

    /// <summary>Null when the body can be rendered within the limits and the save-time budget; else what to change.</summary>
    public string? Check(string? markdown, CancellationToken cancellationToken = default) => TryRender(markdown, cancellationToken).Error;

    /// <summary>Renders for save, preview and review (the budget of <see cref="MarkdownLimits.RenderTimeout"/>).</summary>
    public MarkdownRendering TryRender(string? markdown, CancellationToken cancellationToken = default)
        => TryRender(markdown, Limits.RenderTimeout, cancellationToken);

    /// <summary>Renders for publication (<see cref="MarkdownLimits.PublicationFactor"/> times the budget).</summary>
    public MarkdownRendering TryRenderForPublication(string? markdown, CancellationToken cancellationToken = default)
        => TryRender(markdown, Limits.RenderTimeout * MarkdownLimits.PublicationFactor, cancellationToken);

    /// <summary>The publication render for callers without a refusal path (recipes): throws <see cref="MarkdownRefusedException"/>.</summary>
    public RenderedMarkdown Render(string? markdown, CancellationToken cancellationToken = default)
    {
        var rendering = TryRenderForPublication(markdown, cancellationToken);
        return rendering.Result ?? throw new MarkdownRefusedException(rendering.Error!);
    }

    private MarkdownRendering TryRender(string? markdown, TimeSpan limit, CancellationToken cancellationToken)
    {
        markdown ??= "";
        if (CheckSource(markdown) is { } refused)
        {
            return new MarkdownRendering(null, refused);
        }
        var budget = new RenderBudget(limit, cancellationToken);
        var outer = RenderBudget.Current;
        RenderBudget.Current = budget;
        try
        {
            var document = Markdig.Markdown.Parse(markdown, _pipeline, new BudgetContext(budget));
            budget.Check();
            var html = Write(document, plain: false);
            budget.Check();
            var safe = _sanitizer.Sanitize(html);
            budget.Check();
            var plain = Write(document, plain: true);
            return new MarkdownRendering(new RenderedMarkdown(safe, Whitespace().Replace(plain, " ").Trim()), null);
        }
        catch (RenderBudgetExceededException)
        {
            return new MarkdownRendering(null,
                $"正文格式过于复杂，{limit.TotalSeconds:0.#} 秒内未能排版完成（如大量未闭合的方括号、链接或表格），请简化格式或拆分为多篇。");
        }
        catch (ArgumentException e) when (e.Message.Contains("too deeply nested", StringComparison.Ordinal))
        {
            // Markdig's own depth limit (128): nesting the source check does not count, such as emphasis or links inside each other.
            return new MarkdownRendering(null, "正文的格式嵌套过深（如层层嵌套的加粗、斜体、链接或列表），无法排版，请简化格式。");
        }
        finally
        {
            RenderBudget.Current = outer;
        }
    }

    /// <summary>HTML, or the plain text (what Markdown.ToPlainText writes) from the same parse.</summary>
    private string Write(Markdig.Syntax.MarkdownDocument document, bool plain)
    {
        using var writer = new StringWriter();
        var renderer = plain ? new HtmlRenderer(writer) { EnableHtmlForBlock = false, EnableHtmlForInline = false, EnableHtmlEscape = false } : new HtmlRenderer(writer);
        _pipeline.Setup(renderer);
        renderer.Render(document);
        writer.Flush();
        return writer.ToString();
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
            // The render's time budget, per node (the sanitiser walks every node of the body).
            RenderBudget.Current?.Check();
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
