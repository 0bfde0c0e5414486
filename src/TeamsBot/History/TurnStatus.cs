namespace TeamsBot.History;

public enum TurnStatus
{
    /// <summary>Stored on receipt, not answered yet; picked up again after a restart.</summary>
    Pending,

    /// <summary>Answered; part of the conversation's context.</summary>
    Answered,

    /// <summary>Refused by a check (empty, too long, policy); never sent to the model.</summary>
    Refused,

    /// <summary>The model or the delivery failed; the user got an error card.</summary>
    Failed,
}
