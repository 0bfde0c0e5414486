namespace TeamsBot.Knowledge;

/// <summary>The kinds of file the bot reads. Anything else is refused with a card naming these.</summary>
public enum KnowledgeFileType
{
    PlainText = 0,
    Markdown = 1,
    Csv = 2,
    Html = 3,
    Pdf = 4,
    Word = 5,
    PowerPoint = 6,
    Excel = 7,
}
