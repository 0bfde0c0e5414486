using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json;
using Newtonsoft.Json.Linq;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Pipeline;

namespace TeamsBot.Bot;

/// <summary>Who an answer is for: in shared spaces the card names the asker, since others read along.</summary>
internal sealed record ReplyAudience(ConversationScope Scope, string? AskerId, string? AskerName)
{
    public CardMention? AskerMention => Scope != ConversationScope.Personal && AskerId is { Length: > 0 }
        && AskerName is { Length: > 0 }
        ? CardMention.Of(AskerId, AskerName)
        : null;
}

/// <summary>
/// The Teams messages that carry an answer: the answer card with the "AI generated" label and the feedback buttons,
/// cut into several messages when one would pass Teams' size limit.
/// </summary>
internal static class AnswerActivities
{
    /// <summary>
    /// Teams refuses messages over ~100 KB (413) and advises staying under 80 KB, counted in UTF-16: 80 KB is this
    /// many UTF-16 code units of the serialized activity.
    /// </summary>
    public const int MaxMessageChars = 80 * 1024 / 2;

    /// <summary>Room for what the adapter adds after us: conversation, from, recipient, service URL, ids.</summary>
    private const int AddressingReserve = 4096;

    public const string ContinuedNote = "The answer continues in the next message.";

    /// <summary>The answer's messages, in order; the note goes under the last part, the asker's mention on the first.</summary>
    public static IReadOnlyList<Activity> Build(string answer, string? note, ReplyAudience audience)
    {
        var parts = Split(answer, note, audience);
        var activities = new List<Activity>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            bool last = i == parts.Count - 1;
            activities.Add(Message(BotCards.Answer(parts[i], last ? note : ContinuedNote,
                i == 0 ? audience.AskerMention : null)));
        }

        return activities;
    }

    /// <summary>The answer text cut so each part's message stays under <see cref="MaxMessageChars"/>.</summary>
    public static IReadOnlyList<string> Split(string answer, string? note, ReplyAudience audience)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(audience);
        // Everything but the answer text, measured on a real message: card, mention, note, entities, channel data.
        var empty = Message(BotCards.Answer(string.Empty, LongerOf(note, ContinuedNote), audience.AskerMention));
        int overhead = JsonConvert.SerializeObject(empty).Length;
        return AnswerSplitter.Split(answer, MaxMessageChars - overhead - AddressingReserve);
    }

    /// <summary>Teams shows at most this many citations on one message.</summary>
    public const int MaxCitations = 20;

    /// <summary>
    /// An answer that cites the user's files, as markdown text messages: Teams turns <c>[n]</c> in a message's text into
    /// a citation with the entity's claim n (name, abstract), which it does for message text and not inside an Adaptive
    /// Card's TextBlock. Each part carries the claims its own text cites; the note goes under the last part, in italics.
    /// </summary>
    public static IReadOnlyList<Activity> BuildCited(string answer, string? note, IReadOnlyList<AnswerCitation> citations)
    {
        ArgumentNullException.ThrowIfNull(answer);
        ArgumentNullException.ThrowIfNull(citations);
        var empty = CitedMessage(string.Empty, LongerOf(note, ContinuedNote), citations.Take(MaxCitations).ToList());
        int overhead = JsonConvert.SerializeObject(empty).Length;
        var parts = AnswerSplitter.Split(answer, MaxMessageChars - overhead - AddressingReserve);
        var activities = new List<Activity>(parts.Count);
        for (int i = 0; i < parts.Count; i++)
        {
            var cited = citations.Where(c => parts[i].Contains($"[{c.Position}]", StringComparison.Ordinal))
                .Take(MaxCitations).ToList();
            activities.Add(CitedMessage(parts[i], i == parts.Count - 1 ? note : ContinuedNote, cited));
        }

        return activities;
    }

    private static Activity CitedMessage(string text, string? note, IReadOnlyList<AnswerCitation> citations)
    {
        var activity = MessageFactory.Text(note is null ? text : text + "\n\n_" + note + "_");
        activity.TextFormat = TextFormatTypes.Markdown;
        var entity = AiGeneratedLabel();
        entity.Properties["citation"] = new JArray(citations.Select(c => new JObject
        {
            ["@type"] = "Claim",
            ["position"] = c.Position,
            ["appearance"] = new JObject
            {
                ["@type"] = "DigitalDocument",
                ["name"] = Truncate(c.Name, 80),
                ["abstract"] = Truncate(c.Abstract, 160),
            },
        }));
        activity.Entities = [entity];
        activity.ChannelData = new JObject { ["feedbackLoopEnabled"] = true };
        return activity;
    }

    /// <summary>Teams' limits for a citation's name (80) and abstract (160).</summary>
    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..(max - 1)] + "…";

    /// <summary>A card message with the AI label and Teams' feedback buttons.</summary>
    public static Activity Message(AdaptiveCard card)
    {
        var activity = CardActivity(card);
        activity.Entities = [AiGeneratedLabel()];
        activity.ChannelData = new JObject { ["feedbackLoopEnabled"] = true };
        return activity;
    }

    /// <summary>A plain card message (commands, refusals, errors): no AI label, no feedback.</summary>
    public static Activity CardActivity(AdaptiveCard card) =>
        (Activity)MessageFactory.Attachment(new Attachment
        {
            ContentType = AdaptiveCard.ContentType,
            Content = JObject.Parse(CardJson.Serialize(card)),
        });

    /// <summary>Teams shows "AI generated" on a message carrying this schema.org entity.</summary>
    public static Entity AiGeneratedLabel()
    {
        var entity = new Entity("https://schema.org/Message");
        entity.Properties["@type"] = "Message";
        entity.Properties["@context"] = "https://schema.org";
        entity.Properties["@id"] = string.Empty;
        entity.Properties["additionalType"] = new JArray("AIGeneratedContent");
        return entity;
    }

    private static string LongerOf(string? note, string other) => note is not null && note.Length > other.Length ? note : other;
}
