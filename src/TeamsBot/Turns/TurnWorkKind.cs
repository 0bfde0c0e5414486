namespace TeamsBot.Turns;

/// <summary>What the next step of a claimed conversation is.</summary>
internal enum TurnWorkKind
{
    /// <summary>A stored message to answer: the model is called.</summary>
    Answer,

    /// <summary>A stored answer the Bot Connector has not taken yet (the outbox): sent again, no model call.</summary>
    Deliver,

    /// <summary>A message past <see cref="TurnsOptions.AnswerDeadline"/>: the user is told it will not be answered.</summary>
    Expire,
}
