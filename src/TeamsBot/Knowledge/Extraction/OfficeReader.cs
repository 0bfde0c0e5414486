using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Presentation;
using DocumentFormat.OpenXml.Spreadsheet;
using Drawing = DocumentFormat.OpenXml.Drawing;
using Word = DocumentFormat.OpenXml.Wordprocessing;

namespace TeamsBot.Knowledge.Extraction;

/// <summary>
/// Word, PowerPoint and Excel through the Open XML SDK, read-only, after <see cref="OfficePackageGuard"/>. Word keeps
/// its headings (Heading 1–9 and Title styles), PowerPoint its slide numbers and titles, Excel its sheet names.
/// Macros, embedded objects and external links are never opened.
/// </summary>
internal static class OfficeReader
{
    public static IReadOnlyList<TextSection> ReadWord(byte[] content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        using var document = WordprocessingDocument.Open(new MemoryStream(content, writable: false), false, Settings(limits));
        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        var body = document.MainDocumentPart?.Document?.Body;
        if (body is null)
        {
            return writer.Sections;
        }

        foreach (var paragraph in body.Descendants<Word.Paragraph>())
        {
            string text = string.Concat(paragraph.Descendants<Word.Text>().Select(t => t.Text));
            string? style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
            if (style is not null && (style.StartsWith("Heading", StringComparison.OrdinalIgnoreCase)
                || style.Equals("Title", StringComparison.OrdinalIgnoreCase)))
            {
                writer.Heading(text);
            }
            else
            {
                writer.Paragraph(text);
            }
        }

        return writer.Sections;
    }

    public static IReadOnlyList<TextSection> ReadPowerPoint(byte[] content, ExtractionLimits limits,
        CancellationToken cancellationToken)
    {
        using var document = PresentationDocument.Open(new MemoryStream(content, writable: false), false, Settings(limits));
        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        var presentation = document.PresentationPart;
        var slideIds = presentation?.Presentation?.SlideIdList?.Elements<SlideId>().ToList() ?? [];
        if (slideIds.Count > limits.MaxPages)
        {
            throw new FileRefusedException(FileRefusal.OverLimits);
        }

        int number = 0;
        foreach (var slideId in slideIds)
        {
            number++;
            if (slideId.RelationshipId?.Value is not { } relationship
                || presentation!.GetPartById(relationship) is not SlidePart slide || slide.Slide is null)
            {
                continue;
            }

            var shapes = slide.Slide.Descendants<Shape>().ToList();
            var title = shapes.FirstOrDefault(IsTitle);
            writer.Page(number, title is null ? null : TextOf(title));
            foreach (var shape in shapes.Where(s => s != title))
            {
                foreach (var paragraph in shape.Descendants<Drawing.Paragraph>())
                {
                    writer.Paragraph(string.Concat(paragraph.Descendants<Drawing.Text>().Select(t => t.Text)));
                }
            }
        }

        return writer.Sections;
    }

    public static IReadOnlyList<TextSection> ReadExcel(byte[] content, ExtractionLimits limits, CancellationToken cancellationToken)
    {
        using var document = SpreadsheetDocument.Open(new MemoryStream(content, writable: false), false, Settings(limits));
        var writer = new SectionWriter(limits.MaxChars, cancellationToken);
        var workbook = document.WorkbookPart;
        var sheets = workbook?.Workbook?.Sheets?.Elements<Sheet>().ToList() ?? [];
        if (sheets.Count > limits.MaxPages)
        {
            throw new FileRefusedException(FileRefusal.OverLimits);
        }

        var shared = workbook?.SharedStringTablePart?.SharedStringTable?.Elements<SharedStringItem>()
            .Select(item => item.InnerText).ToList() ?? [];
        int number = 0;
        foreach (var sheet in sheets)
        {
            number++;
            if (sheet.Id?.Value is not { } relationship || workbook!.GetPartById(relationship) is not WorksheetPart part)
            {
                continue;
            }

            writer.Page(number, sheet.Name?.Value);
            // Read as a stream: a sheet's DOM can be many times the size of its rows' text.
            using var reader = OpenXmlReader.Create(part);
            while (reader.Read())
            {
                if (reader.ElementType == typeof(Row) && reader.IsStartElement)
                {
                    var row = (Row)reader.LoadCurrentElement()!;
                    writer.Paragraph(string.Join(", ", row.Elements<Cell>().Select(c => CellText(c, shared))
                        .Where(t => t.Length > 0)));
                }
            }
        }

        return writer.Sections;
    }

    private static OpenSettings Settings(ExtractionLimits limits) => new()
    {
        // One XML part may not hold more characters than the file may unpack to.
        MaxCharactersInPart = limits.MaxUnpackedBytes,
        AutoSave = false,
    };

    private static bool IsTitle(Shape shape)
    {
        var type = shape.NonVisualShapeProperties?.ApplicationNonVisualDrawingProperties?.PlaceholderShape?.Type?.Value;
        return type == PlaceholderValues.Title || type == PlaceholderValues.CenteredTitle;
    }

    private static string TextOf(OpenXmlElement element) =>
        string.Join(" ", element.Descendants<Drawing.Paragraph>()
            .Select(p => string.Concat(p.Descendants<Drawing.Text>().Select(t => t.Text))));

    private static string CellText(Cell cell, List<string> shared)
    {
        string value = cell.CellValue?.Text ?? cell.InlineString?.InnerText ?? string.Empty;
        if (cell.DataType?.Value == CellValues.SharedString)
        {
            return int.TryParse(value, out int index) && index >= 0 && index < shared.Count ? shared[index] : string.Empty;
        }

        return value;
    }
}
