namespace TeamsBot.Pipeline;

public enum TurnOutcome
{
    /// <summary>No stage has decided yet.</summary>
    Undecided,
    Answered,
    Refused,
    Failed,
}
