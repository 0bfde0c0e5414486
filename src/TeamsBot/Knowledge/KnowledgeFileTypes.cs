namespace TeamsBot.Knowledge;

/// <summary>Maps a file name's extension (or Teams' <c>fileType</c>) to the reader for it.</summary>
public static class KnowledgeFileTypes
{
    private static readonly Dictionary<string, KnowledgeFileType> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        ["txt"] = KnowledgeFileType.PlainText,
        ["text"] = KnowledgeFileType.PlainText,
        ["log"] = KnowledgeFileType.PlainText,
        ["md"] = KnowledgeFileType.Markdown,
        ["markdown"] = KnowledgeFileType.Markdown,
        ["csv"] = KnowledgeFileType.Csv,
        ["htm"] = KnowledgeFileType.Html,
        ["html"] = KnowledgeFileType.Html,
        ["pdf"] = KnowledgeFileType.Pdf,
        ["docx"] = KnowledgeFileType.Word,
        ["pptx"] = KnowledgeFileType.PowerPoint,
        ["xlsx"] = KnowledgeFileType.Excel,
    };

    /// <summary>The extensions accepted, for cards.</summary>
    public static string Described { get; } = "PDF, Word (.docx), PowerPoint (.pptx), Excel (.xlsx), text, Markdown, CSV and HTML";

    /// <summary>
    /// The type of a file from its name's extension, or from Teams' <c>fileType</c> when the name has none; null for
    /// anything else. The content is checked against the type before it is read.
    /// </summary>
    public static KnowledgeFileType? Of(string? name, string? fileType)
    {
        string extension = Path.GetExtension(name ?? string.Empty).TrimStart('.');
        if (extension.Length == 0)
        {
            extension = (fileType ?? string.Empty).Trim().TrimStart('.');
        }

        return ByExtension.TryGetValue(extension, out var type) ? type : null;
    }
}
