namespace TeamsBot.History;

/// <summary>
/// One message the bot sent as an answer (or as one part of a long answer), so a reaction to that message finds the
/// question turn it answers.
/// </summary>
public sealed class AnswerMessageRecord
{
    /// <summary>The conversation without a channel thread's <c>;messageid=…</c> suffix (see <see cref="ConversationKeys"/>).</summary>
    public required string ConversationId { get; set; }

    /// <summary>The Teams activity id the Bot Connector gave the sent message.</summary>
    public required string MessageId { get; set; }

    /// <summary>The user turn the answer replies to.</summary>
    public long TurnId { get; set; }

    public DateTime CreatedAt { get; set; }
}
