namespace TeamsBot.History;

/// <summary>
/// A conversation that got the welcome card. Its own table rather than a column on the conversation: install events
/// arrive together with the first message, and creating the conversation row here would collide with that
/// message's insert.
/// </summary>
public sealed class WelcomeRecord
{
    public required string ConversationId { get; set; }

    public DateTime WelcomedAt { get; set; }
}
