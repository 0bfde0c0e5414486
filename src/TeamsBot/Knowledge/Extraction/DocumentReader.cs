using System.Text;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// Reads a file's text as sections, by type, after checking that the bytes are what the type says. Every failure of
/// a reader library on hostile or damaged input ends as <see cref="FileRefusedException"/>, never as a crash.
/// </summary>
internal static class DocumentReader
{
    private static readonly byte[] PdfMagic = "%PDF-"u8.ToArray();
    private static readonly byte[] ZipMagic = [0x50, 0x4B, 0x03, 0x04];

    public static IReadOnlyList<TextSection> Read(byte[] content, KnowledgeFileType type, ExtractionLimits limits,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(limits);
        try
        {
            var sections = type switch
            {
                KnowledgeFileType.PlainText or KnowledgeFileType.Markdown or KnowledgeFileType.Csv =>
                    PlainTextReader.Read(content, type, limits, cancellationToken),
                KnowledgeFileType.Html => HtmlReader.Read(content, limits, cancellationToken),
                KnowledgeFileType.Pdf => PdfReader.Read(Expect(content, PdfMagic, within: 1024), limits, cancellationToken),
                KnowledgeFileType.Word => OfficeReader.ReadWord(Office(content, limits), limits, cancellationToken),
                KnowledgeFileType.PowerPoint => OfficeReader.ReadPowerPoint(Office(content, limits), limits, cancellationToken),
                KnowledgeFileType.Excel => OfficeReader.ReadExcel(Office(content, limits), limits, cancellationToken),
                _ => throw new FileRefusedException(FileRefusal.UnsupportedType),
            };
            return sections.Count > 0 ? sections : throw new FileRefusedException(FileRefusal.NoText);
        }
        catch (Exception exception) when (exception is not (FileRefusedException or OperationCanceledException
            or OutOfMemoryException))
        {
            // PdfPig, the Open XML SDK and the zip reader throw many types on bad input; all mean "unreadable".
            throw new FileRefusedException(FileRefusal.Unreadable, exception);
        }
    }

    private static byte[] Office(byte[] content, ExtractionLimits limits)
    {
        Expect(content, ZipMagic, within: 0);
        OfficePackageGuard.Check(content, limits);
        return content;
    }

    /// <summary>The content must carry its format's signature (PDF allows a little junk before it, as readers do).</summary>
    private static byte[] Expect(byte[] content, byte[] magic, int within)
    {
        var head = content.AsSpan(0, Math.Min(content.Length, within + magic.Length));
        return head.IndexOf(magic) is >= 0 and var at && at <= within
            ? content
            : throw new FileRefusedException(FileRefusal.Unreadable, new InvalidDataException(
                "Missing signature " + Encoding.ASCII.GetString(magic)));
    }
}
