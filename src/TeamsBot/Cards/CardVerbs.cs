namespace TeamsBot.Cards;

/// <summary>The values our Action.Submit buttons send back in <c>activity.value.verb</c>.</summary>
public static class CardVerbs
{
    public const string Key = "verb";
    public const string NewChat = "newChat";
    public const string ForgetMeConfirm = "forgetMeConfirm";
    public const string ForgetMeCancel = "forgetMeCancel";
}
