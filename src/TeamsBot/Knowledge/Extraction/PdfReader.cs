using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>PDF text page by page (PdfPig), so each passage keeps its page number for citations.</summary>
internal static class PdfReader
{
    public static IReadOnlyList<TextSection> Read(byte[] content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        // Strict parsing: a damaged file is refused instead of being guessed at.
        using var document = PdfDocument.Open(content, new ParsingOptions { UseLenientParsing = false, SkipMissingFonts = true });
        if (document.NumberOfPages > limits.MaxPages)
        {
            throw new FileRefusedException(FileRefusal.OverLimits);
        }

        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        for (int number = 1; number <= document.NumberOfPages; number++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = document.GetPage(number);
            writer.Page(number);
            foreach (string paragraph in ContentOrderTextExtractor.GetText(page).Split("\n\n"))
            {
                writer.Paragraph(paragraph);
            }
        }

        return writer.Sections;
    }
}
