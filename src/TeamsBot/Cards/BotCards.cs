using System.Globalization;

namespace TeamsBot.Cards;

/// <summary>Every card the bot sends, in one place, so each can be checked with the official parser.</summary>
public static class BotCards
{
    public static AdaptiveCard Answer(string answer, string? note = null, CardMention? asker = null)
    {
        var body = new List<CardElement>();
        if (asker is not null)
        {
            body.Add(new TextBlock(asker.Text) { Weight = "Bolder" });
        }

        body.Add(new TextBlock(string.IsNullOrWhiteSpace(answer) ? "_The model returned an empty answer._" : answer));
        if (note is not null)
        {
            body.Add(new TextBlock(note) { Size = "Small", IsSubtle = true, Separator = true });
        }

        return new AdaptiveCard
        {
            Body = body,
            Actions = [SubmitAction.ForVerb("New chat", CardVerbs.NewChat)],
            MsTeams = new TeamsCardProperties { Entities = asker is null ? null : [asker] },
        };
    }

    /// <summary>A failure the user can hit: what happened, and what to do about it. Never an exception text.</summary>
    public static AdaptiveCard Problem(string title, string whatHappened, string whatToDo, bool offerNewChat = false) =>
        new()
        {
            Body =
            [
                new Container([
                    new TextBlock(title) { Weight = "Bolder", Color = "Attention" },
                    new TextBlock(whatHappened),
                ]) { Style = "attention" },
                new TextBlock(whatToDo) { Spacing = "Medium" },
            ],
            Actions = offerNewChat ? [SubmitAction.ForVerb("New chat", CardVerbs.NewChat)] : null,
            MsTeams = new TeamsCardProperties(),
        };

    public static AdaptiveCard Notice(string title, string text) =>
        new()
        {
            Body = [new TextBlock(title) { Weight = "Bolder" }, new TextBlock(text)],
            MsTeams = new TeamsCardProperties(),
        };

    public static AdaptiveCard EmptyMessage() =>
        Notice("Ask me anything",
            "Type a question or a task, for example *Summarise these meeting notes* or *Draft a polite reply*. "
            + "I answer with the company's private model; nothing you write here leaves the company.");

    public static AdaptiveCard MessageTooLong(int length, int limit) =>
        Problem("Your message is too long",
            string.Create(CultureInfo.InvariantCulture,
                $"It has {length:N0} characters; the limit here is {limit:N0}."),
            "Shorten it or split it into several messages, then send it again.");

    public static AdaptiveCard PromptTooLarge(int tokens, int budget) =>
        Problem("Your message does not fit the model's context",
            string.Create(CultureInfo.InvariantCulture,
                $"It needs about {tokens:N0} tokens; this model is set to accept {budget:N0} per request."),
            "Shorten the message or send it in parts.");

    public static AdaptiveCard NewChatStarted() =>
        Notice("New chat started", "I have set aside our earlier messages; your next message starts a fresh context.");

    /// <summary>"New chat" in a channel thread or group chat: everyone there loses the earlier context, so say who.</summary>
    public static AdaptiveCard NewChatStartedHere(string? byName) =>
        Notice("New chat started",
            $"{(string.IsNullOrWhiteSpace(byName) ? "Someone" : byName.Trim())} started a new chat here: earlier "
            + "messages in this conversation are no longer sent to the model, for anyone.");

    public static AdaptiveCard UnknownUser() =>
        Problem("I can't tell who you are",
            "This message did not carry a Microsoft Entra user and tenant, so no policy can be applied to it.",
            "Send it from Microsoft Teams signed in with your work account.");

    /// <summary>A stored message whose answer failed: it is kept (in the history), but it will not be answered.</summary>
    public static AdaptiveCard Unexpected() =>
        Problem("Something went wrong on our side",
            "I received your message, but I could not answer it.",
            "Try again in a minute. If it keeps happening, tell your IT team the time of this message.");

    /// <summary>
    /// A message that could not be taken at all: nothing of it is stored. Teams delivers it again by itself, so it
    /// may still be answered; the card must not promise either.
    /// </summary>
    public static AdaptiveCard NotReceived() =>
        Problem("I could not take your message",
            "Something went wrong on our side before your message was stored. Teams may deliver it again, and then I "
            + "answer it.",
            "If no answer follows within a minute, send the message again. If it keeps happening, tell your IT team "
            + "the time of this message.");

    /// <summary>
    /// The model answered, but the answer could not be stored (the database away past Turns:AnswerStoreWindow): the
    /// message still waits and is answered once storage is back, or gets <see cref="NotAnsweredInTime"/>.
    /// </summary>
    public static AdaptiveCard AnswerNotStored() =>
        Problem("Your answer is delayed",
            "I could not save my answer to your message because our storage is unavailable right now.",
            "You do not need to send it again: I will answer it once storage is back, or tell you if I cannot.");

    /// <summary>A message that waited past the answer deadline (the model or every instance was away too long).</summary>
    public static AdaptiveCard NotAnsweredInTime() =>
        Problem("I could not answer this message in time",
            "It waited too long for an answer, so I will not answer it any more.",
            "If you still need an answer, send your message again.");
}
