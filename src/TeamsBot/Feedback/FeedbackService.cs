using TeamsBot.Dlp;
using TeamsBot.History;
using TeamsBot.Policy;

namespace TeamsBot.Feedback;

/// <summary>
/// Stores reactions to answers. Comments are free text like a message, so they are scanned like one: secrets and
/// personal data are replaced by placeholders before anything is stored.
/// </summary>
internal sealed partial class FeedbackService(
    IConversationStore store,
    Admission admission,
    IDlpScanner scanner,
    ILogger<FeedbackService> logger)
{
    /// <summary>Stores the reaction given in a conversation of <paramref name="scope"/>, if the user is admitted there.</summary>
    public async Task<FeedbackResult> SaveAsync(AnswerFeedback submission, ConversationScope scope,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submission);
        // Like commands, feedback writes stored data: only users admitted here may give it.
        var admitted = await admission.CheckAsync(submission.TenantId, submission.UserId, scope, cancellationToken);
        if (!admitted.IsAdmitted)
        {
            LogRefused(submission.TenantId, admitted.RefusalRule!);
            return FeedbackResult.Refused;
        }

        string? comment = Redact(submission.Comment, admitted.Policy.Dlp);
        long? turnId = await store.SaveFeedbackAsync(submission with { Comment = comment }, cancellationToken);
        if (turnId is null)
        {
            LogNoAnswer(submission.ConversationId, submission.MessageId);
            return FeedbackResult.NoAnswer;
        }

        LogStored(turnId.Value, submission.Reaction, comment?.Length ?? 0);
        return FeedbackResult.Stored;
    }

    private string? Redact(string? comment, DlpOptions rules)
    {
        if (string.IsNullOrWhiteSpace(comment))
        {
            return null;
        }

        // Redact even in AuditOnly mode: a comment is only ever stored, so redaction changes nothing a user sees.
        // The whole comment is scanned before it is cut, so a cut cannot hide half a secret from the detectors.
        string redacted = scanner.Scan(comment.Trim(), rules.Enforced(), new DlpPlaceholderMap()).Text;
        return redacted.Length <= FeedbackRecord.MaxCommentLength
            ? redacted
            : Truncate(redacted, FeedbackRecord.MaxCommentLength);
    }

    private static string Truncate(string text, int length) =>
        char.IsHighSurrogate(text[length - 1]) ? text[..(length - 1)] : text[..length];

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information,
        Message = "Feedback on turn {TurnId} stored: {Reaction}, comment of {CommentLength} chars")]
    private partial void LogStored(long turnId, FeedbackReaction reaction, int commentLength);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning,
        Message = "Feedback in conversation {ConversationId} on message {MessageId} matches no recorded answer; not stored")]
    private partial void LogNoAnswer(string conversationId, string? messageId);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Information,
        Message = "Feedback from tenant {TenantId} refused by policy ({Rule}); not stored")]
    private partial void LogRefused(string tenantId, string rule);
}
