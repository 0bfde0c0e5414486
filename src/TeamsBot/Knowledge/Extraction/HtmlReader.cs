using AngleSharp.Dom;
using AngleSharp.Html.Parser;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// HTML as text: h1–h6 start sections, block elements break lines, scripts and styles are dropped. AngleSharp only
/// parses here: nothing is fetched, nothing is run.
/// </summary>
internal static class HtmlReader
{
    private static readonly HashSet<string> Skipped = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "head", "svg", "math", "iframe", "object",
    };

    private static readonly HashSet<string> Blocks = new(StringComparer.OrdinalIgnoreCase)
    {
        "p", "div", "li", "tr", "br", "section", "article", "blockquote", "pre", "table", "ul", "ol", "dd", "dt",
        "header", "footer", "main", "nav", "aside", "figcaption", "hr", "td", "th",
    };

    public static IReadOnlyList<TextSection> Read(byte[] content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        string html = PlainTextReader.Decode(content);
        var parser = new HtmlParser(new HtmlParserOptions { IsScripting = false });
        using var document = parser.ParseDocument(html);
        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        var paragraph = new System.Text.StringBuilder();
        if (document.Body is { } body)
        {
            Walk(body, writer, paragraph, depth: 0);
        }

        writer.Paragraph(paragraph.ToString());
        return writer.Sections;
    }

    private static void Walk(INode node, SectionWriter writer, System.Text.StringBuilder paragraph, int depth)
    {
        // Deeply nested markup is a way to exhaust the stack; no real page nests this deep.
        if (depth > 256)
        {
            throw new FileRefusedException(FileRefusal.OverLimits);
        }

        foreach (var child in node.ChildNodes)
        {
            if (child is IText text)
            {
                paragraph.Append(text.Data);
                continue;
            }

            if (child is not IElement element || Skipped.Contains(element.LocalName))
            {
                continue;
            }

            if (element.LocalName is "h1" or "h2" or "h3" or "h4" or "h5" or "h6")
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
                writer.Heading(element.TextContent);
                continue;
            }

            bool block = Blocks.Contains(element.LocalName);
            if (block)
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
            }

            Walk(element, writer, paragraph, depth + 1);
            if (block)
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
            }
        }
    }
}
