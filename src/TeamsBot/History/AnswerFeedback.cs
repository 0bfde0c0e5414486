namespace TeamsBot.History;

/// <summary>
/// A like/dislike as read from Teams' invoke, and as stored once its comment is redacted. <paramref name="MessageId"/> is the rated message's id; null when the client did not say
/// which message was rated (the Agents Playground), and then the conversation's latest answer is meant.
/// </summary>
public sealed record AnswerFeedback(
    string ConversationId,
    string? MessageId,
    string TenantId,
    string UserId,
    FeedbackReaction Reaction,
    string? Comment);
