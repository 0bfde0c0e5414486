namespace TeamsBot.Feedback;

public enum FeedbackResult
{
    Stored,

    /// <summary>The rated message is not a recorded answer; nothing was stored.</summary>
    NoAnswer,

    /// <summary>The policy does not admit this user; nothing was stored.</summary>
    Refused,
}
