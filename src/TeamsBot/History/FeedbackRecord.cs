namespace TeamsBot.History;

/// <summary>A user's like or dislike of one answer, with their optional comment; one per user and answer.</summary>
public sealed class FeedbackRecord
{
    public const int MaxCommentLength = 2000;

    public long Id { get; set; }

    /// <summary>The user turn whose answer was rated; deleting the turn deletes its feedback.</summary>
    public long TurnId { get; set; }

    public required string TenantId { get; set; }

    /// <summary>Microsoft Entra object id (or Teams id when there is none) of the user who rated.</summary>
    public required string UserId { get; set; }

    public FeedbackReaction Reaction { get; set; }

    /// <summary>The user's comment after DLP redaction, at most <see cref="MaxCommentLength"/> characters.</summary>
    public string? Comment { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
