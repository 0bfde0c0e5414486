namespace TeamsBot.History;

/// <summary>
/// A stored user message waiting for its answer, with what is needed to send that answer. <paramref name="Text"/> is
/// the redacted text; <paramref name="DlpVerdict"/> what DLP decided at receipt (null for a turn stored unscanned);
/// <paramref name="WaitNoticeSent"/> whether the user was already told that it waits for the model.
/// </summary>
public sealed record PendingTurn(
    long TurnId,
    string ConversationId,
    string ActivityId,
    string TenantId,
    string UserId,
    string? UserName,
    ConversationScope Scope,
    string Text,
    int ContextEpoch,
    string ReferenceJson,
    DateTime ReceivedAt,
    string? DlpVerdict = null,
    bool WaitNoticeSent = false);
