using TeamsBot.History;
using TeamsBot.Pipeline;

namespace TeamsBot.Turns;

/// <summary>
/// The oldest unfinished turn of a conversation this instance holds the lease on. <see cref="Answer"/>,
/// <see cref="AnswerNote"/> and <see cref="Citations"/> are the stored answer for <see cref="TurnWorkKind.Deliver"/>,
/// stored at <see cref="AnswerStoredAt"/>.
/// </summary>
internal sealed record TurnWork(
    TurnWorkKind Kind,
    PendingTurn Turn,
    int Attempts,
    string? Answer = null,
    string? AnswerNote = null,
    DateTime? AnswerStoredAt = null,
    IReadOnlyList<AnswerCitation>? Citations = null)
{
    /// <summary>
    /// When an instance showed a typing indicator at receipt of this message or a later one, as the send log says:
    /// possibly another instance, which this one would not know of otherwise.
    /// </summary>
    public DateTimeOffset? ReceiptIndicatorAt { get; init; }
}
