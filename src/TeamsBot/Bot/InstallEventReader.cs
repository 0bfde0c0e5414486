using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using TeamsBot.Welcome;

namespace TeamsBot.Bot;

/// <summary>Reads installationUpdate and conversationUpdate activities that add the bot to a conversation.</summary>
internal static class InstallEventReader
{
    public static WelcomeRequest Read(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = activity.Conversation;
        return new WelcomeRequest(
            ConversationId: conversation?.Id ?? string.Empty,
            TenantId: activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id ?? conversation?.TenantId ?? string.Empty,
            Scope: IncomingMessageReader.ScopeOf(conversation),
            UserId: activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty,
            BotName: activity.Recipient?.Name);
    }

    /// <summary>True when a conversationUpdate adds the bot itself (not only people).</summary>
    public static bool AddsBot(IConversationUpdateActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        string? botId = activity.Recipient?.Id;
        return !string.IsNullOrEmpty(botId)
            && (activity.MembersAdded?.Any(m => string.Equals(m.Id, botId, StringComparison.Ordinal)) ?? false);
    }
}
