using System.Globalization;
using TeamsBot.Bot;
using TeamsBot.History;
using TeamsBot.Lifecycle;
using TeamsBot.Policy;

namespace TeamsBot.Cards;

/// <summary>Answers to the bot's commands.</summary>
public static class CommandCards
{
    public static AdaptiveCard Help(string model, EffectivePolicy policy, ConversationScope scope)
    {
        var facts = new List<Fact>
        {
            new("Model", model),
            new("Allowed in", string.Join(", ", policy.Scopes.Order().Select(Describe))),
            new("Messages per day", Limit(policy.MessagesPerUserPerDay)),
            new("Tokens per day", Limit(policy.TokensPerUserPerDay)),
            new("Policy version", policy.Version),
        };
        string how = scope == ConversationScope.Personal
            ? "Ask me anything in this chat. I remember our conversation until you start a new chat."
            : "@mention me with your question; I answer in the thread and remember this thread's conversation.";
        return new AdaptiveCard
        {
            Body =
            [
                new TextBlock("TeamsBot — your company's private assistant") { Weight = "Bolder", Size = "Medium" },
                new TextBlock(how),
                new TextBlock("Your messages go only to the company's own model. Secrets and personal data are "
                    + "removed or blocked before that, as your organisation's policy says.") { IsSubtle = true },
                new FactSet(facts),
                new TextBlock("Commands: " + string.Join(" · ", BotCommands.All.Select(c => $"**{c.Name}** — {c.Description}"))),
            ],
            MsTeams = new TeamsCardProperties(),
        };
    }

    public static AdaptiveCard Usage((int Messages, long Tokens, long TenantTokens) used, EffectivePolicy policy) =>
        new()
        {
            Body =
            [
                new TextBlock("Your usage today (UTC)") { Weight = "Bolder" },
                new FactSet([
                    new Fact("Messages", $"{used.Messages.ToString("N0", CultureInfo.InvariantCulture)} of {Limit(policy.MessagesPerUserPerDay)}"),
                    new Fact("Tokens", $"{used.Tokens.ToString("N0", CultureInfo.InvariantCulture)} of {Limit(policy.TokensPerUserPerDay)}"),
                    new Fact("Your organisation's tokens", $"{used.TenantTokens.ToString("N0", CultureInfo.InvariantCulture)} of {Limit(policy.TokensPerTenantPerDay)}"),
                ]),
                new TextBlock("Limits reset at midnight UTC.") { IsSubtle = true, Size = "Small" },
            ],
            MsTeams = new TeamsCardProperties(),
        };

    /// <summary>
    /// The answer to a personal-data command in a channel or group chat: a pointer to the personal chat, and nothing
    /// about the user, since everyone in the conversation sees it.
    /// </summary>
    public static AdaptiveCard PersonalChatOnly(string command) =>
        BotCards.Notice($"Use \"{command}\" in your personal chat with TeamsBot",
            "It shows or changes your own data, so it works only in your 1:1 chat with me, where no one else can see "
            + "the answer. Open that chat (search for TeamsBot in Teams' chat list) and send it there.");

    public static AdaptiveCard ForgetMeConfirm() =>
        new()
        {
            Body =
            [
                new TextBlock("Delete everything stored about you?") { Weight = "Bolder" },
                new TextBlock("This deletes, in every chat and for good: your messages (refused ones too), TeamsBot's "
                    + "answers to them, your feedback, your usage counts, and your name and ids kept to reply to you. "
                    + "Your 1:1 chat with TeamsBot starts afresh. Other people's messages in shared chats stay."),
                new TextBlock("The audit log keeps one record per message, as your organisation requires: your user id, "
                    + "the chat's id, the decision and a fingerprint of the text (the text itself only if your "
                    + "organisation chose to keep it), never your name.") { IsSubtle = true },
            ],
            Actions =
            [
                SubmitAction.ForVerb("Delete my data", CardVerbs.ForgetMeConfirm),
                SubmitAction.ForVerb("Cancel", CardVerbs.ForgetMeCancel),
            ],
            MsTeams = new TeamsCardProperties(),
        };

    /// <summary>What was deleted and, when a legal hold kept some of it, what was kept and why (not the hold's reason).</summary>
    public static AdaptiveCard Forgotten(int deleted, UserHolds holds)
    {
        ArgumentNullException.ThrowIfNull(holds);
        if (holds.WholeUser)
        {
            return BotCards.Notice("Your data is kept under legal hold",
                "Your organisation has placed a legal hold on your data, so nothing was deleted: your messages, feedback and usage stay stored until the hold is lifted. Ask your administrator or legal team for details.");
        }

        string done = string.Create(CultureInfo.InvariantCulture,
            $"{deleted:N0} stored messages were deleted, with your feedback, usage counts and the name and ids kept to reply to you. New messages are stored again as usual.");
        return holds.Conversations.Count == 0
            ? BotCards.Notice("Your data is deleted", done)
            : BotCards.Notice("Your data is deleted, except what is on legal hold",
                string.Create(CultureInfo.InvariantCulture,
                    $"{done} Your messages in {holds.Conversations.Count:N0} conversation(s) are under a legal hold your organisation placed, and stay stored until it is lifted. Ask your administrator or legal team for details."));
    }

    public static AdaptiveCard ForgetMeCancelled() => BotCards.Notice("Nothing was deleted", "Your data stays as it was.");

    /// <summary>The export as cards, each well under Teams' message size limit.</summary>
    public static IReadOnlyList<AdaptiveCard> Export(IReadOnlyList<TurnRecord> turns)
    {
        if (turns.Count == 0)
        {
            return [BotCards.Notice("Nothing to export", "No conversations are stored for you.")];
        }

        const int MaxCharsPerCard = 20_000;
        var cards = new List<AdaptiveCard>();
        var body = new List<CardElement>();
        int size = 0;
        foreach (var turn in turns)
        {
            string who = turn.Role == TurnRole.User ? "You" : "TeamsBot";
            string line = string.Create(CultureInfo.InvariantCulture, $"**{who}** · {turn.CreatedAt:yyyy-MM-dd HH:mm} UTC");
            string text = turn.Text.Length > MaxCharsPerCard ? turn.Text[..MaxCharsPerCard] + " …" : turn.Text;
            if (size + text.Length > MaxCharsPerCard && body.Count > 0)
            {
                cards.Add(ExportPage(body, cards.Count + 1));
                body = [];
                size = 0;
            }

            body.Add(new TextBlock(line) { Size = "Small", IsSubtle = true, Separator = body.Count > 0 });
            body.Add(new TextBlock(text));
            size += text.Length + line.Length;
        }

        cards.Add(ExportPage(body, cards.Count + 1));
        return cards;
    }

    private static AdaptiveCard ExportPage(List<CardElement> body, int page) =>
        new()
        {
            Body = [new TextBlock($"Your conversations (part {page})") { Weight = "Bolder" }, .. body],
            MsTeams = new TeamsCardProperties(),
        };

    private static string Limit(long limit) =>
        limit > 0 ? limit.ToString("N0", CultureInfo.InvariantCulture) : "unlimited";

    private static string Describe(ConversationScope scope) => scope switch
    {
        ConversationScope.Channel => "channels",
        ConversationScope.GroupChat => "group chats",
        _ => "personal chat",
    };
}
