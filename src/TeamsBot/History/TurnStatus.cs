namespace TeamsBot.History;

public enum TurnStatus
{
    /// <summary>Stored on receipt, not answered yet: work that any instance may claim.</summary>
    Pending,

    /// <summary>
    /// Answered and stored; part of the conversation's context. Delivered once <see cref="TurnRecord.AnswerDeliveredAt"/>
    /// is set; until then the stored answer is claimable delivery work.
    /// </summary>
    Answered,

    /// <summary>Refused by a check (empty, too long, policy); never sent to the model.</summary>
    Refused,

    /// <summary>The model or the delivery failed; the user got an error card.</summary>
    Failed,

    /// <summary>Not answered within <c>Turns:AnswerDeadline</c> of its receipt; the user got a card saying so.</summary>
    Expired,

    /// <summary>Answered and stored, but the Bot Connector did not take the answer within <c>Connector:DeliveryWindow</c>.</summary>
    Undelivered,
}
