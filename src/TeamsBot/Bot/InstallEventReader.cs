using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;
using Newtonsoft.Json;
using TeamsBot.History;
using TeamsBot.Welcome;

namespace TeamsBot.Bot;

/// <summary>Reads installationUpdate and conversationUpdate activities that add the bot to a conversation.</summary>
internal static class InstallEventReader
{
    public static WelcomeRequest Read(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        var conversation = activity.Conversation;
        string tenantId = activity.GetChannelData<TeamsChannelData>()?.Tenant?.Id
            ?? conversation?.TenantId ?? string.Empty;
        var start = new ConversationStart(
            ConversationId: conversation?.Id ?? string.Empty,
            TenantId: tenantId,
            Scope: IncomingMessageReader.ScopeOf(conversation),
            ReferenceJson: JsonConvert.SerializeObject(activity.GetConversationReference()));
        return new WelcomeRequest(start, activity.From?.AadObjectId ?? activity.From?.Id ?? string.Empty,
            activity.Recipient?.Name);
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
