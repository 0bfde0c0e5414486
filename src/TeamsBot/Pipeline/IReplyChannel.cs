using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>How stages talk back to the user; implemented over the Bot Framework turn in Bot/.</summary>
public interface IReplyChannel
{
    /// <summary>Sends a card that is not the model's answer (a refusal, a failure). It ends a stream in progress.</summary>
    Task SendCardAsync(AdaptiveCard card, CancellationToken cancellationToken);

    /// <summary>
    /// The model is about to answer: where Teams can stream (1:1), the user sees that it is working.
    /// <paramref name="visiblePart"/> turns the answer so far into what may be shown of it (scanned and redacted, its
    /// unfinished tail held back); a stream shows nothing else, and calls it only when it is about to update.
    /// </summary>
    Task BeginAnswerAsync(Func<string, string> visiblePart, CancellationToken cancellationToken);

    /// <summary>
    /// More of the answer, as the model produces it, unscanned. Where the answer is streamed, what
    /// <see cref="BeginAnswerAsync"/>'s function allows of the text so far is shown as it grows.
    /// </summary>
    Task AppendAnswerAsync(string text, CancellationToken cancellationToken);

    /// <summary>
    /// The finished (scanned) answer, labelled as AI generated with feedback buttons; <paramref name="note"/> is shown under it.
    /// Split into several messages when too large for one.
    /// </summary>
    Task SendAnswerAsync(string answer, string? note, CancellationToken cancellationToken);

    /// <summary>
    /// The finished answer with the sources it cites (<c>[n]</c> in its text). A channel that cannot show citations
    /// sends the answer alone.
    /// </summary>
    Task SendAnswerAsync(string answer, string? note, IReadOnlyList<AnswerCitation> citations,
        CancellationToken cancellationToken) => SendAnswerAsync(answer, note, cancellationToken);
}
