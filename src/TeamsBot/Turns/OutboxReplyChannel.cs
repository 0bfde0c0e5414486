using TeamsBot.Cards;
using TeamsBot.Pipeline;

namespace TeamsBot.Turns;

/// <summary>
/// The answerer's reply channel: once the Bot Connector has taken the answer's final message, the stored answer is
/// marked delivered at once (with the ids of the answer's messages, in the same transaction), before anything else is
/// written (the audit record), so that the one window in which a crash makes the answer go out twice is a single
/// database write.
/// </summary>
internal sealed class OutboxReplyChannel(IReplyChannel inner, Func<CancellationToken, Task> delivered) : IReplyChannel
{
    public Task SendCardAsync(AdaptiveCard card, CancellationToken cancellationToken) =>
        inner.SendCardAsync(card, cancellationToken);

    public Task BeginAnswerAsync(Func<string, string> visiblePart, CancellationToken cancellationToken) =>
        inner.BeginAnswerAsync(visiblePart, cancellationToken);

    public Task AppendAnswerAsync(string text, CancellationToken cancellationToken) =>
        inner.AppendAnswerAsync(text, cancellationToken);

    public Task SendAnswerAsync(string answer, string? note, CancellationToken cancellationToken) =>
        SendAnswerAsync(answer, note, [], cancellationToken);

    public async Task SendAnswerAsync(string answer, string? note, IReadOnlyList<AnswerCitation> citations,
        CancellationToken cancellationToken)
    {
        await inner.SendAnswerAsync(answer, note, citations, cancellationToken);
        // Not cancellable: the connector took the message, and this write is what keeps it from going out again.
        await delivered(CancellationToken.None);
    }
}
