namespace TeamsBot.Connector;

/// <summary>Recognises the Bot Connector calls that Teams counts against a conversation's send limits.</summary>
internal static class ConnectorRoute
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>
    /// The pacing key for <c>…/v3/conversations/{id}/activities</c> and <c>…/activities/{activityId}</c> (send,
    /// reply, update, delete); null for anything else (token requests, OpenID metadata, member look-ups, creating a
    /// conversation). The service URL may carry a path prefix (e.g. <c>/amer/</c>), so the route is found by its
    /// segments rather than from the start of the path.
    /// </summary>
    public static string? ConversationKeyOf(Uri? requestUri)
    {
        if (requestUri is null || !requestUri.IsAbsoluteUri)
        {
            return null;
        }

        var segments = requestUri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        for (var i = 0; i + 3 < segments.Length; i++)
        {
            if (segments[i] == "v3" && segments[i + 1] == "conversations" && segments[i + 3] == "activities"
                && segments.Length - (i + 4) <= 1)
            {
                return KeyOf(Uri.UnescapeDataString(segments[i + 2]));
            }
        }

        return null;
    }

    /// <summary>
    /// A channel thread (<c>19:…@thread.tacv2;messageid=123</c>) is paced with its channel: Teams counts its
    /// per-bot limit per conversation, and a conversation there is a 1:1 chat, a group chat or a channel, not a reply
    /// chain. Sharing the channel's budget across its threads can only make us slower than necessary, never over.
    /// </summary>
    public static string KeyOf(string conversationId)
    {
        ArgumentNullException.ThrowIfNull(conversationId);
        var thread = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        return thread < 0 ? conversationId : conversationId[..thread];
    }
}
