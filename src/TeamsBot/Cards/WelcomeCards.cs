using TeamsBot.Bot;
using TeamsBot.History;

namespace TeamsBot.Cards;

/// <summary>The card the bot sends once when it is added to a conversation.</summary>
public static class WelcomeCards
{
    /// <summary>Used when the install event does not carry the bot's display name.</summary>
    public const string DefaultBotName = "TeamsBot";

    private const int MaxNameLength = 80;

    /// <summary>"Welcome to TeamsBot", with the bot's display name from the install event when there is one.</summary>
    public static string Title(string? botName) => "Welcome to " + NameOrDefault(botName);

    /// <summary>The full card for personal and group chats; a short one for channels, where every member sees it.</summary>
    public static AdaptiveCard For(string? botName, ConversationScope scope, Uri? policyUrl) =>
        scope == ConversationScope.Channel ? Short(botName, policyUrl) : Full(botName, scope, policyUrl);

    private static AdaptiveCard Full(string? botName, ConversationScope scope, Uri? policyUrl)
    {
        string name = NameOrDefault(botName);
        string how = scope == ConversationScope.Personal
            ? "Just write your question here, like in any chat. I remember our conversation until you start a new one."
            : $"Mention me (**@{name}**) in a message and I answer here. I only read messages that mention me.";
        string commands = scope == ConversationScope.Personal
            ? "Commands (send one as the whole message):"
            : $"Commands (mention me, then the command, e.g. @{name} help):";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock(Title(botName)) { Weight = "Bolder", Size = "Medium" },
                new TextBlock("I'm your company's private AI assistant: ask me to draft, summarise, explain or "
                    + "brainstorm."),
                new TextBlock("Your conversations stay inside the company. I answer with the company's own private "
                    + "model, and nothing you write here goes to public AI services. Secrets and personal data are "
                    + "removed or blocked first, as your organisation's policy says."),
                new TextBlock(how) { Weight = "Bolder", Spacing = "Medium" },
                new TextBlock(commands) { IsSubtle = true },
                new FactSet([.. BotCommands.All.Select(c => new Fact(c.Name, c.Description))]),
            ],
            Actions = PolicyActions(policyUrl),
            MsTeams = new TeamsCardProperties(),
        };
    }

    private static AdaptiveCard Short(string? botName, Uri? policyUrl)
    {
        string name = NameOrDefault(botName);
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock(Title(botName)) { Weight = "Bolder", Size = "Medium" },
                new TextBlock($"Your company's private AI assistant; what you ask stays inside the company. "
                    + $"Mention **@{name}** in a post and I answer in its thread."),
                new TextBlock("Commands: " + string.Join(" · ", BotCommands.All.Select(c => c.Name))
                    + $" (e.g. @{name} help)") { IsSubtle = true, Size = "Small" },
            ],
            Actions = PolicyActions(policyUrl),
            MsTeams = new TeamsCardProperties(),
        };
    }

    private static IReadOnlyList<CardAction>? PolicyActions(Uri? policyUrl) =>
        policyUrl is null ? null : [new OpenUrlAction("Usage policy", policyUrl)];

    /// <summary>The display name comes from the event: keep it to one short line.</summary>
    private static string NameOrDefault(string? botName)
    {
        string name = new((botName ?? string.Empty).Where(c => !char.IsControl(c)).ToArray());
        name = name.Trim();
        if (name.Length == 0)
        {
            return DefaultBotName;
        }

        return name.Length <= MaxNameLength ? name : name[..MaxNameLength].TrimEnd();
    }
}
