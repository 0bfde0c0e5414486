namespace TeamsBot.History;

/// <summary>One message in a conversation: the user's, or the bot's answer to it.</summary>
public sealed class TurnRecord
{
    public long Id { get; set; }

    public required string ConversationId { get; set; }

    /// <summary>The Teams activity id of a user message; re-deliveries carry the same id and are stored once.</summary>
    public string? ActivityId { get; set; }

    public TurnRole Role { get; set; }

    public TurnStatus Status { get; set; }

    /// <summary>The text after DLP: the raw message is never stored.</summary>
    public required string Text { get; set; }

    /// <summary>What DLP decided at receipt (outcome, counts per detector, the user's note); never a value.</summary>
    public string? DlpVerdict { get; set; }

    /// <summary>Tokens of <see cref="Text"/> as the prompt budget counts them; 0 until counted.</summary>
    public int TokenCount { get; set; }

    public required string TenantId { get; set; }

    /// <summary>Microsoft Entra object id of the author (the asker for an assistant turn).</summary>
    public required string UserId { get; set; }

    public string? UserName { get; set; }

    public int ContextEpoch { get; set; }

    /// <summary>For an assistant turn, the user turn it answers.</summary>
    public long? ReplyToId { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>A user turn is not worked on before this (deferred, or its delivery backing off); null: at once.</summary>
    public DateTime? NotBefore { get; set; }

    /// <summary>How often a user turn's work was tried and did not finish (delivery attempts included).</summary>
    public int Attempts { get; set; }

    /// <summary>
    /// For an answered user turn: when its answer reached the Bot Connector. Null while the stored answer still waits
    /// to be delivered (the outbox).
    /// </summary>
    public DateTime? AnswerDeliveredAt { get; set; }

    /// <summary>The user was already told that this message waits for the model.</summary>
    public bool WaitNoticeSent { get; set; }

    /// <summary>For an assistant turn, the note shown under the answer (what DLP redacted); never message content.</summary>
    public string? AnswerNote { get; set; }

    /// <summary>
    /// For an assistant turn, the sources its <c>[n]</c> markers cite (JSON: name, place, extract of a passage already
    /// checked by DLP), so that an answer delivered later from the outbox shows them too. Null: no citations.
    /// </summary>
    public string? AnswerCitations { get; set; }
}
