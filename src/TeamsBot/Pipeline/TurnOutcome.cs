namespace TeamsBot.Pipeline;

public enum TurnOutcome
{
    /// <summary>No stage has decided yet.</summary>
    Undecided,
    Answered,
    Refused,
    Failed,

    /// <summary>Not answerable now (the model is unavailable); the turn waits, unanswered, until <see cref="TurnRequest.DeferredUntil"/>.</summary>
    Deferred,
}
