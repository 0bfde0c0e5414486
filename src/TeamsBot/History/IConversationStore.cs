using TeamsBot.Pipeline;

namespace TeamsBot.History;

public interface IConversationStore
{
    /// <summary>
    /// Stores the message durably, with its placeholder map when given, in one transaction; null when this activity
    /// was already stored (a re-delivery). The caller passes the redacted text: nothing raw is ever written.
    /// </summary>
    Task<long?> SaveIncomingAsync(IncomingMessage message, CancellationToken cancellationToken);

    Task<PendingTurn?> GetPendingAsync(long turnId, CancellationToken cancellationToken);

    /// <summary>Answered turns of the conversation's given context epoch before <paramref name="beforeTurnId"/>, newest first.</summary>
    Task<IReadOnlyList<ContextTurn>> GetContextAsync(string conversationId, int contextEpoch, long beforeTurnId,
        int maxTurns, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the answer (with the note shown under it and the sources it cites) and marks the question answered, its answer not yet delivered,
    /// in one transaction. The question is stored as the model saw it (the text stored at receipt, already redacted,
    /// trimmed). False, storing nothing, when the question is no longer pending (another instance answered it).
    /// </summary>
    Task<bool> SaveAnswerAsync(long userTurnId, string questionText, int questionTokens, string answer, int answerTokens,
        string? note, IReadOnlyList<AnswerCitation> citations, CancellationToken cancellationToken);

    /// <summary>"New chat": later messages no longer see earlier ones, which stay stored.</summary>
    Task StartNewContextAsync(string conversationId, CancellationToken cancellationToken);

    Task<string?> GetRedactionMapAsync(string conversationId, CancellationToken cancellationToken);

    Task SaveRedactionMapAsync(string conversationId, string redactionMap, CancellationToken cancellationToken);

    /// <summary>
    /// Remembers that <paramref name="messageId"/>, sent in the conversation, is (part of) the answer to user turn
    /// <paramref name="turnId"/>. Call it for every message of an answer. Recording the same message again does nothing.
    /// </summary>
    Task RecordAnswerMessageAsync(string conversationId, string messageId, long turnId, CancellationToken cancellationToken);

    /// <summary>
    /// Stores the user's reaction to an answer, replacing their earlier reaction to the same answer. The answer is
    /// found by the rated message id, or, when the client sent none, is the conversation's latest answered turn.
    /// Returns the rated user turn's id, or null when no answer matched (nothing is stored then).
    /// </summary>
    Task<long?> SaveFeedbackAsync(AnswerFeedback feedback, CancellationToken cancellationToken);

    /// <summary>
    /// Marks the conversation welcomed. True only for the one call that marked it: concurrent or repeated install
    /// events get false.
    /// </summary>
    Task<bool> TryMarkWelcomedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>Undoes <see cref="TryMarkWelcomedAsync"/> when the welcome could not be sent, so a later event retries.</summary>
    Task UnmarkWelcomedAsync(string conversationId, CancellationToken cancellationToken);

    /// <summary>
    /// "Forget me", in one transaction: deletes every message by or answered to this user whatever its outcome, their
    /// feedback (given by them, or on answers to them), their usage counters, and their 1:1 chats with everything kept
    /// for them (reference, redaction map, welcome mark). In shared conversations their name and ids leave the stored
    /// reference and the redaction map forgets its values. Other people's messages stay. What a legal hold covers stays
    /// too: nothing when the user is held, their part of a held conversation otherwise. Returns how many messages.
    /// </summary>
    Task<int> ForgetUserAsync(string tenantId, string userId, CancellationToken cancellationToken);

    /// <summary>The user's stored messages and the answers to them, oldest first, at most <paramref name="maxTurns"/>.</summary>
    Task<IReadOnlyList<TurnRecord>> ExportUserAsync(string tenantId, string userId, int maxTurns,
        CancellationToken cancellationToken);
}
