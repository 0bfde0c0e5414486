using TeamsBot.History;

namespace TeamsBot.Feedback;

/// <summary>A click on Teams' like/dislike buttons, as read from the invoke; the comment is as the user typed it.</summary>
public sealed record FeedbackSubmission(
    string ConversationId,
    string? MessageId,
    string TenantId,
    string UserId,
    FeedbackReaction Reaction,
    string? Comment);
