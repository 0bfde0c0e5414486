namespace TeamsBot.History;

/// <summary>
/// A user's message as received. Before it is stored, receipt replaces <see cref="Text"/> with the DLP-redacted text
/// and sets the verdict and the conversation's placeholder map: the store never sees the raw text.
/// </summary>
public sealed record IncomingMessage(
    string ConversationId,
    string ActivityId,
    string TenantId,
    string UserId,
    string? UserName,
    ConversationScope Scope,
    string Text,
    string ReferenceJson,
    DateTime ReceivedAt)
{
    /// <summary>Pending (to be answered), or Refused when receipt already refused it (DLP block).</summary>
    public TurnStatus Status { get; init; } = TurnStatus.Pending;

    /// <summary>The serialised DLP verdict stored with the turn, so the pipeline does not scan again.</summary>
    public string? DlpVerdict { get; init; }

    /// <summary>The conversation's placeholder map after this message's scan; null when it did not change.</summary>
    public string? RedactionMap { get; init; }
}
