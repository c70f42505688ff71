using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;

namespace NewMediaCms.Safety.Html;

/// <summary>
/// One parse of a page shared by the detectors: the monitor and the gate run every detector over the same string, so
/// the last parse on this thread is reused when the same string instance comes again.
/// </summary>
public static class HtmlPage
{
    private static readonly HtmlParser Parser = new(new HtmlParserOptions { IsScripting = false });

    [ThreadStatic]
    private static string? _lastHtml;

    [ThreadStatic]
    private static IHtmlDocument? _lastDocument;

    public static IHtmlDocument Parse(string html)
    {
        if (ReferenceEquals(html, _lastHtml) && _lastDocument is not null)
        {
            return _lastDocument;
        }
        var document = Parser.ParseDocument(html);
        _lastHtml = html;
        _lastDocument = document;
        return document;
    }

    /// <summary>The text a reader sees: the body without scripts, styles, templates and elements marked hidden.</summary>
    public static string VisibleText(IHtmlDocument document)
    {
        var body = document.Body;
        if (body is null)
        {
            return "";
        }
        var builder = new System.Text.StringBuilder();
        Append(body, builder);
        return System.Text.RegularExpressions.Regex.Replace(builder.ToString(), @"[ \t\r\f\v]+", " ")
            .Replace(" \n", "\n").Trim();
    }

    private static void Append(INode node, System.Text.StringBuilder builder)
    {
        foreach (var child in node.ChildNodes)
        {
            switch (child)
            {
                case IText text:
                    builder.Append(text.Data);
                    break;
                case IElement element when element.LocalName is "script" or "style" or "template" or "noscript":
                    break;
                case IElement element:
                    var block = IsBlock(element.LocalName);
                    if (block)
                    {
                        builder.Append('\n');
                    }
                    Append(element, builder);
                    if (block)
                    {
                        builder.Append('\n');
                    }
                    break;
            }
        }
    }

    private static bool IsBlock(string name) => name is "p" or "div" or "li" or "ul" or "ol" or "h1" or "h2" or "h3" or "h4" or "h5" or "h6"
        or "section" or "article" or "header" or "footer" or "nav" or "main" or "aside" or "table" or "tr" or "br" or "dt" or "dd" or "form" or "title";

    /// <summary>The element's position in the page, for the finding (the source offset where AngleSharp has it).</summary>
    public static int Offset(IElement element) => element.SourceReference?.Position.Position ?? 0;
}
