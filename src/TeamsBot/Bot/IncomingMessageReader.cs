using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using TeamsBot.History;

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
            Text: MentionText.Strip(activity),
            ReferenceJson: JsonConvert.SerializeObject(activity.GetConversationReference()),
            ReceivedAt: receivedAt);
    }

    public static ConversationScope ScopeOf(ConversationAccount? conversation) => conversation?.ConversationType switch
    {
        "channel" => ConversationScope.Channel,
        "groupChat" => ConversationScope.GroupChat,
        _ => ConversationScope.Personal,
    };
}
