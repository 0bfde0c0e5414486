using TeamsBot.Cards;

namespace TeamsBot.Pipeline;

/// <summary>How stages talk back to the user; implemented over the Bot Framework turn in Bot/.</summary>
public interface IReplyChannel
{
    /// <summary>Sends a card that is not the model's answer (a refusal, a failure). It ends a stream in progress.</summary>
    Task SendCardAsync(AdaptiveCard card, CancellationToken cancellationToken);

    /// <summary>The model is about to answer: where Teams can stream (1:1), the user sees that it is working.</summary>
    Task BeginAnswerAsync(CancellationToken cancellationToken);

    /// <summary>More of the answer, as the model produces it; shown as it grows where the answer is streamed.</summary>
    Task AppendAnswerAsync(string text, CancellationToken cancellationToken);

    /// <summary>
    /// The finished answer, labelled as AI generated with feedback buttons; <paramref name="note"/> is shown under it.
    /// Split into several messages when too large for one.
    /// </summary>
    Task SendAnswerAsync(string answer, string? note, CancellationToken cancellationToken);
}
