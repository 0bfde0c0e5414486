namespace TeamsBot.Cards;

/// <summary>What the user sees around the export's file consent card.</summary>
public static class ExportCards
{
    /// <summary>The user declined the file: nothing was sent; the cards in the chat are offered instead.</summary>
    public static AdaptiveCard Declined() =>
        WithFallback("Nothing was sent", "You declined the file, so nothing was uploaded to your OneDrive.");

    /// <summary>The upload location Teams named is not one the organisation allows; nothing left the bot.</summary>
    public static AdaptiveCard UploadHostNotAllowed() =>
        WithFallback("The file was not sent",
            "Teams asked to upload it to a location your organisation has not allowed, so nothing was sent.");

    /// <summary>The upload did not complete; what was sent is an unfinished upload OneDrive discards.</summary>
    public static AdaptiveCard UploadFailed() =>
        WithFallback("The file could not be uploaded",
            "OneDrive did not take the file. Try **export** again later.");

    /// <summary>The Allow button of an old card, or of a card that was not given to this user.</summary>
    public static AdaptiveCard Expired() =>
        BotCards.Notice("This export is no longer valid",
            "Its card has expired or was not made for you, so nothing was sent. Type **export** to ask again.");

    /// <summary>The text sent with the uploaded file's card.</summary>
    public const string UploadedText =
        "Your data is in your OneDrive: your messages, TeamsBot's answers, your feedback and the list of your files, "
        + "as JSON Lines for programs and Markdown to read.";

    /// <summary>The consent card's description, shown above its Allow and Decline buttons.</summary>
    public const string ConsentDescription =
        "Your stored messages, TeamsBot's answers, your feedback and the list of your files, as one zip. Allow to "
        + "save it to your OneDrive.";

    private static AdaptiveCard WithFallback(string title, string text) =>
        new()
        {
            Body = [new TextBlock(title) { Weight = "Bolder" }, new TextBlock(text)],
            Actions = [SubmitAction.ForVerb("Show my data here instead", CardVerbs.ExportAsCards)],
            MsTeams = new TeamsCardProperties(),
        };
}
