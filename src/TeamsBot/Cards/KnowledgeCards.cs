using System.Globalization;
using TeamsBot.Knowledge;

namespace TeamsBot.Cards;

/// <summary>Answers about the files a person keeps with the bot.</summary>
public static class KnowledgeCards
{
    /// <summary>At receipt: the file was taken and is read in the background; the ready card or a refusal follows.</summary>
    public static AdaptiveCard FileReading(IngestionResult stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        return BotCards.Notice("Reading " + Quoted(stored.Name) + "…",
            "I will tell you here when it is ready for questions; it usually takes a few seconds.");
    }

    public static AdaptiveCard FileStored(IngestionResult stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var facts = new List<Fact>();
        if (stored.Pages is { } pages)
        {
            facts.Add(new Fact("Pages", pages.ToString(CultureInfo.InvariantCulture)));
        }

        facts.Add(new Fact("Passages", stored.Passages.ToString(CultureInfo.InvariantCulture)));
        var body = new List<CardElement>
        {
            new TextBlock((stored.Replaced ? "Updated " : "Saved ") + Quoted(stored.Name)) { Weight = "Bolder" },
            new TextBlock("Only you can use it. Type **files** to see your files, **forget file** to delete one."),
            new FactSet(facts),
        };
        if (stored.Redactions > 0)
        {
            string count = stored.Redactions.ToString("N0", CultureInfo.InvariantCulture);
            string removed = count + " secret or personal values were removed before it was saved, as your "
                + "organisation's policy says; they are never searched or shown.";
            body.Add(new TextBlock(removed) { IsSubtle = true });
        }

        return new AdaptiveCard { Body = body, MsTeams = new TeamsCardProperties() };
    }

    public static AdaptiveCard FileRefused(IngestionResult refused, KnowledgeOptions limits)
    {
        ArgumentNullException.ThrowIfNull(refused);
        ArgumentNullException.ThrowIfNull(limits);
        string title = "I could not save " + Quoted(refused.Name);
        return refused.Refusal switch
        {
            FileRefusal.UnsupportedType => BotCards.Problem(title, "I read only " + KnowledgeFileTypes.Described + " files.",
                "Save it in one of these formats and send it again."),
            FileRefusal.TooLarge => BotCards.Problem(title, string.Create(CultureInfo.InvariantCulture,
                $"It is larger than {limits.MaxFileBytes / (1024.0 * 1024):0.#} MB, the limit here."),
                "Send a smaller file, or split it."),
            FileRefusal.HostNotAllowed => BotCards.Problem(title,
                "Its download link points somewhere your organisation does not allow me to download from.",
                "Send the file itself from your device or OneDrive. If this keeps happening, tell your Teams admin."),
            FileRefusal.DownloadFailed or FileRefusal.TimedOut => BotCards.Problem(title,
                "I could not download and read it in time.", "Send it again in a moment."),
            FileRefusal.Busy => BotCards.Problem(title, "Too many files are waiting to be read right now.",
                "Send it again in a minute."),
            FileRefusal.Lost => BotCards.Problem("I could not finish reading " + Quoted(refused.Name),
                "Reading it was cut off, and I kept nothing of it.", "Please send it again."),
            FileRefusal.IndexingFailed => BotCards.Problem(title,
                "I read it, but could not index it for search: the service I use for that did not answer.",
                "Send it again in a moment."),
            FileRefusal.OverLimits => BotCards.Problem(title, string.Create(CultureInfo.InvariantCulture,
                $"It has more than I can keep from one file (at most {limits.MaxPages:N0} pages or {limits.MaxExtractedChars:N0} characters of text, {FileReceipt.MaxFilesPerMessage} files per message), or it unpacks to far more than its size."),
                "Send a shorter file, or split it."),
            FileRefusal.NoText => BotCards.Problem(title, "I found no text in it (a scanned PDF has only images of text).",
                "Send a version with text, for example one saved from the original document."),
            FileRefusal.TooManyFiles => BotCards.Problem(title, string.Create(CultureInfo.InvariantCulture,
                $"You already keep {limits.MaxFilesPerUser:N0} files, the most allowed here."),
                "Type **files** to see them and **forget file** to delete some, then send it again."),
            _ => BotCards.Problem(title, "It is damaged, protected by a password, or not what its name says.",
                "Open it, save it again, and send the new copy."),
        };
    }

    public static AdaptiveCard FilesNotHere(bool enabled) => enabled
        ? BotCards.Notice("Send files in your personal chat with TeamsBot",
            "Files you send me there are kept for you alone; in a shared chat everyone would see what I say about them.")
        : BotCards.Notice("Files are turned off", "Your organisation has not turned on reading files you send me.");

    public static AdaptiveCard Files(IReadOnlyList<KnowledgeDocumentRecord> files)
    {
        ArgumentNullException.ThrowIfNull(files);
        if (files.Count == 0)
        {
            return BotCards.Notice("You have no files here",
                "Send me a file (" + KnowledgeFileTypes.Described + ") in this chat to keep it; only you can use it.");
        }

        var facts = files.Select((f, i) => new Fact(
            (i + 1).ToString(CultureInfo.InvariantCulture),
            f.State == KnowledgeDocumentState.Reading
                ? f.Name + " — reading"
                : string.Create(CultureInfo.InvariantCulture, $"{f.Name} — {f.CreatedAt:yyyy-MM-dd}, {f.ChunkCount:N0} passages")));
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("Your files") { Weight = "Bolder" },
                new FactSet([.. facts]),
                new TextBlock("Only you can use these. To delete one, type **forget file** and its number, for example "
                    + "**forget file 1**.") { IsSubtle = true },
            ],
            MsTeams = new TeamsCardProperties(),
        };
    }

    /// <summary>A question about the person's files that none of them answers: said plainly, never guessed.</summary>
    public static AdaptiveCard NothingFoundInFiles(int files) => BotCards.Notice("Nothing about that in your files",
        string.Create(CultureInfo.InvariantCulture,
            $"I searched your {files} file{(files == 1 ? string.Empty : "s")} and found no passage about this, so I will not guess. ")
        + "Ask in other words, type **files** to see what I keep, or send me the file that has the answer.");

    public static AdaptiveCard FileForgotten(string name) =>
        BotCards.Notice("Deleted " + Quoted(name), "The file and everything I kept from it are gone.");

    public static AdaptiveCard NoSuchFile(string asked) =>
        BotCards.Problem("No file " + Quoted(asked), "None of your files has that number or name.",
            "Type **files** to see your files and their numbers.");

    /// <summary>A file name inside a sentence: quoted, and without characters that would format the card's text.</summary>
    private static string Quoted(string name) =>
        "\"" + string.Concat(name.Where(c => c is not ('*' or '_' or '[' or ']' or '`' or '<' or '>'))) + "\"";
}
