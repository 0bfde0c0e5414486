namespace TeamsBot.History;

/// <summary>Teams' feedback buttons on an answer.</summary>
public enum FeedbackReaction
{
    Like,
    Dislike,
}
