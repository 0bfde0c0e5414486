namespace TeamsBot.Bot;

/// <summary>The commands the bot understands as a whole message; the app manifest's commandLists lists these.</summary>
public static class BotCommands
{
    public static readonly IReadOnlyList<BotCommand> All =
    [
        new("new", "Start a new chat: earlier messages are no longer sent to the model"),
    ];

    internal static bool IsNewChat(string? text, string? cardVerb) =>
        cardVerb == Cards.CardVerbs.NewChat
        || string.Equals(text?.Trim(), "new", StringComparison.OrdinalIgnoreCase)
        || string.Equals(text?.Trim(), "new chat", StringComparison.OrdinalIgnoreCase);
}
