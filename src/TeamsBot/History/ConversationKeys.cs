namespace TeamsBot.History;

internal static class ConversationKeys
{
    private const string ThreadMarker = ";messageid=";

    /// <summary>
    /// A channel conversation without its thread suffix. Message ids are unique within a channel, and an answer sent
    /// into a thread may be addressed with or without the suffix, so answer messages are keyed without it.
    /// </summary>
    public static string WithoutThread(string conversationId)
    {
        int marker = conversationId.IndexOf(ThreadMarker, StringComparison.OrdinalIgnoreCase);
        return marker < 0 ? conversationId : conversationId[..marker];
    }
}
