using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;
using UglyToad.PdfPig.Fonts.Standard14Fonts;
using UglyToad.PdfPig.Writer;
using Drawing = DocumentFormat.OpenXml.Drawing;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsBot.Tests.TestUtils;

/// <summary>Small real documents made in memory with the same libraries' writers, and hostile ones.</summary>
public static class TestDocuments
{
    /// <summary>A PDF with one page per entry, each line of it written on the page.</summary>
    public static byte[] Pdf(params string[][] pages)
    {
        ArgumentNullException.ThrowIfNull(pages);
        var builder = new PdfDocumentBuilder();
        var font = builder.AddStandard14Font(Standard14Font.Helvetica);
        foreach (var lines in pages)
        {
            var page = builder.AddPage(PageSize.A4);
            double y = 780;
            foreach (string line in lines)
            {
                page.AddText(line, 11, new PdfPoint(40, y), font);
                y -= 18;
            }
        }

        return builder.Build();
    }

    /// <summary>A Word document; an entry starting with "# " is a Heading 1 paragraph, the rest plain paragraphs.</summary>
    public static byte[] Docx(params string[] paragraphs)
    {
        ArgumentNullException.ThrowIfNull(paragraphs);
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            main.Document = new Word.Document(new Word.Body(paragraphs.Select(text => text.StartsWith("# ", StringComparison.Ordinal)
                ? new Word.Paragraph(new Word.ParagraphProperties(new Word.ParagraphStyleId { Val = "Heading1" }),
                    new Word.Run(new Word.Text(text[2..])))
                : new Word.Paragraph(new Word.Run(new Word.Text(text))))));
        }

        return stream.ToArray();
    }

    /// <summary>A workbook with one sheet of inline-string rows.</summary>
    public static byte[] Xlsx(string sheetName, params string[][] rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new Workbook();
            var worksheet = workbook.AddNewPart<WorksheetPart>();
            worksheet.Worksheet = new Worksheet(new SheetData(rows.Select(cells => new Row(cells.Select(c => new Cell
            {
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(c)),
            })))));
            workbook.Workbook.AppendChild(new Sheets(new Sheet
            {
                Id = workbook.GetIdOfPart(worksheet),
                SheetId = 1,
                Name = sheetName,
            }));
        }

        return stream.ToArray();
    }

    /// <summary>A presentation with one slide per (title, body) pair.</summary>
    public static byte[] Pptx(params (string Title, string Body)[] slides)
    {
        ArgumentNullException.ThrowIfNull(slides);
        using var stream = new MemoryStream();
        using (var document = PresentationDocument.Create(stream, PresentationDocumentType.Presentation))
        {
            var presentation = document.AddPresentationPart();
            presentation.Presentation = new Presentation();
            var ids = new SlideIdList();
            uint id = 256;
            foreach (var (title, body) in slides)
            {
                var slide = presentation.AddNewPart<SlidePart>();
                slide.Slide = new Slide(new CommonSlideData(new ShapeTree(
                    TextShape(2, title, PlaceholderValues.Title),
                    TextShape(3, body, null))));
                ids.Append(new SlideId { Id = id++, RelationshipId = presentation.GetIdOfPart(slide) });
            }

            presentation.Presentation.SlideIdList = ids;
        }

        return stream.ToArray();
    }

    /// <summary>
    /// A zip that claims to be a Word document and unpacks one part to <paramref name="unpackedBytes"/> of spaces,
    /// a few hundred kilobytes packed: the classic zip bomb.
    /// </summary>
    public static byte[] ZipBomb(long unpackedBytes)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var types = zip.CreateEntry("[Content_Types].xml").Open())
            {
                types.Write(Encoding.UTF8.GetBytes("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>"));
            }

            using var part = zip.CreateEntry("word/document.xml", CompressionLevel.SmallestSize).Open();
            var block = new byte[1024 * 1024];
            Array.Fill(block, (byte)' ');
            for (long written = 0; written < unpackedBytes; written += block.Length)
            {
                part.Write(block, 0, (int)Math.Min(block.Length, unpackedBytes - written));
            }
        }

        return stream.ToArray();
    }

    private static Shape TextShape(uint id, string text, PlaceholderValues? placeholder)
    {
        var application = new ApplicationNonVisualDrawingProperties();
        if (placeholder is { } type)
        {
            application.Append(new PlaceholderShape { Type = type });
        }

        return new Shape(
            new NonVisualShapeProperties(new NonVisualDrawingProperties { Id = id, Name = "Shape " + id },
                new NonVisualShapeDrawingProperties(), application),
            new ShapeProperties(),
            new TextBody(new Drawing.BodyProperties(), new Drawing.ListStyle(),
                new Drawing.Paragraph(new Drawing.Run(new Drawing.Text(text)))));
    }
}
