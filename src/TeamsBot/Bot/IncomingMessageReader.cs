using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using TeamsBot.History;
using TeamsBot.Receipt;

namespace TeamsBot.Bot;

/// <summary>Reads what the pipeline needs out of a Teams message activity.</summary>
internal static class IncomingMessageReader
{
    public static IncomingMessage Read(IMessageActivity activity, DateTime receivedAt)
    {
        var conversation = activity.Conversation;
        string tenantId = activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id
            ?? conversation?.TenantId ?? string.Empty;
        // Teams ids are not always GUIDs (the Playground's are not): keep them as opaque strings.
        string userId = activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty;
        return new IncomingMessage(
            ConversationId: conversation?.Id ?? string.Empty,
            ActivityId: activity.Id ?? string.Empty,
            TenantId: tenantId,
            UserId: userId,
            UserName: activity.From?.Name,
            Scope: ScopeOf(conversation),
            Text: ActivityLimits.CleanText(MentionText.Strip(activity)),
            ReferenceJson: JsonConvert.SerializeObject(activity.GetConversationReference()),
            ReceivedAt: receivedAt);
    }

    /// <summary>
    /// Whether the message is for the bot: always in 1:1; in channels and group chats only when it @mentions the bot
    /// (or is a click on one of the bot's cards). Teams delivers only those there, unless the app is granted to read
    /// every message (resource-specific consent); then the rest is people talking to each other, not to the bot.
    /// </summary>
    public static bool AddressesBot(IMessageActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (ScopeOf(activity.Conversation) == ConversationScope.Personal || activity.Value is not null)
        {
            return true;
        }

        string? botId = activity.Recipient?.Id;
        return botId is not null && activity.GetMentions().Any(m => m.Mentioned?.Id == botId);
    }

    public static ConversationScope ScopeOf(ConversationAccount? conversation) => conversation?.ConversationType switch
    {
        "channel" => ConversationScope.Channel,
        "groupChat" => ConversationScope.GroupChat,
        _ => ConversationScope.Personal,
    };
}
