namespace TeamsBot.Cards;

/// <summary>The values our Action.Submit buttons send back in <c>activity.value.verb</c>.</summary>
public static class CardVerbs
{
    public const string Key = "verb";
    public const string NewChat = "newChat";
    public const string ForgetMeConfirm = "forgetMeConfirm";
    public const string ForgetMeCancel = "forgetMeCancel";

    /// <summary>The export shown as cards in the chat, instead of as a file.</summary>
    public const string ExportAsCards = "exportAsCards";
}
