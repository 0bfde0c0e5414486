namespace TeamsBot.Bot;

/// <summary>The commands the bot understands as a whole message; the app manifest's commandLists offers these.</summary>
public static class BotCommands
{
    public const string New = "new";
    public const string Help = "help";
    public const string Usage = "usage";
    public const string ForgetMe = "forget me";
    public const string Export = "export";
    public const string Files = "files";

    /// <summary>Takes the file's number or name after it, so it is not a whole-message command of <see cref="All"/>.</summary>
    public const string ForgetFile = "forget file";

    public static readonly IReadOnlyList<BotCommand> All =
    [
        new(New, "Start a new chat: earlier messages are no longer sent to the model"),
        new(Help, "What I can do here, which model answers, and which policy applies"),
        new(Usage, "Your messages and tokens today, against your limits"),
        new(ForgetMe, "Delete everything stored about you (asks first)"),
        new(Export, "Your stored data as a file: messages, answers, feedback and your files' details"),
        new(Files, "The files you sent me, which only you can use; \"forget file\" and a number deletes one"),
    ];

    /// <summary>The command a message is, if it is one ("New chat" is accepted for the card button's wording).</summary>
    public static string? Parse(string? text)
    {
        string trimmed = (text ?? string.Empty).Trim().TrimEnd('.', '!').Trim();
        if (trimmed.Equals("new chat", StringComparison.OrdinalIgnoreCase))
        {
            return New;
        }

        return All.FirstOrDefault(c => c.Name.Equals(trimmed, StringComparison.OrdinalIgnoreCase))?.Name;
    }
}
