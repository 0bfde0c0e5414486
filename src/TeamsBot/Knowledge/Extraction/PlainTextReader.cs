using System.Text;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>Text, Markdown and CSV: strict UTF-8 (or UTF-16 with its byte order mark); a binary file is refused.</summary>
internal static class PlainTextReader
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static IReadOnlyList<TextSection> Read(byte[] content, KnowledgeFileType type, ExtractionLimits limits,
        CancellationToken cancellationToken)
    {
        string text = Decode(content);
        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        using var lines = new StringReader(text);
        var paragraph = new StringBuilder();
        bool first = true;
        while (lines.ReadLine() is { } line)
        {
            if (type == KnowledgeFileType.Csv && first)
            {
                // The header row names the columns: it heads every passage cut from the rows below it.
                writer.Heading(line.Length > 300 ? line[..300] : line);
                first = false;
                continue;
            }

            first = false;
            if (type == KnowledgeFileType.Markdown && IsMarkdownHeading(line, out string heading))
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
                writer.Heading(heading);
            }
            else if (line.Trim().Length == 0 && type != KnowledgeFileType.Csv)
            {
                writer.Paragraph(paragraph.ToString());
                paragraph.Clear();
            }
            else
            {
                paragraph.Append(line).Append('\n');
                if (paragraph.Length > 4_096)
                {
                    writer.Paragraph(paragraph.ToString());
                    paragraph.Clear();
                }
            }
        }

        writer.Paragraph(paragraph.ToString());
        return writer.Sections;
    }

    public static string Decode(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        try
        {
            if (content is [0xFF, 0xFE, ..])
            {
                return new UnicodeEncoding(bigEndian: false, byteOrderMark: true, throwOnInvalidBytes: true)
                    .GetString(content, 2, content.Length - 2);
            }

            if (content is [0xFE, 0xFF, ..])
            {
                return new UnicodeEncoding(bigEndian: true, byteOrderMark: true, throwOnInvalidBytes: true)
                    .GetString(content, 2, content.Length - 2);
            }

            int start = content is [0xEF, 0xBB, 0xBF, ..] ? 3 : 0;
            string text = StrictUtf8.GetString(content, start, content.Length - start);
            // NUL does not occur in text files; it does in every binary format.
            return text.Contains('\0', StringComparison.Ordinal) ? throw new FileRefusedException(FileRefusal.Unreadable) : text;
        }
        catch (DecoderFallbackException exception)
        {
            throw new FileRefusedException(FileRefusal.Unreadable, exception);
        }
    }

    private static bool IsMarkdownHeading(string line, out string heading)
    {
        string trimmed = line.TrimStart();
        int level = trimmed.TakeWhile(c => c == '#').Count();
        if (level is >= 1 and <= 6 && trimmed.Length > level && trimmed[level] == ' ')
        {
            heading = trimmed[level..].Trim().TrimEnd('#').Trim();
            return true;
        }

        heading = string.Empty;
        return false;
    }
}
