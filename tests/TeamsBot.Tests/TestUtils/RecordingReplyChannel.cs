using TeamsBot.Cards;
using TeamsBot.Pipeline;

namespace TeamsBot.Tests.TestUtils;

/// <summary>A reply channel that records what a stage sent; the answer is recorded as its card, marked AI generated.</summary>
public sealed class RecordingReplyChannel : IReplyChannel
{
    public List<(AdaptiveCard Card, bool AiGenerated)> Cards { get; } = [];

    public AdaptiveCard SingleCard => Assert.Single(Cards).Card;

    /// <summary>Times the model stage announced an answer.</summary>
    public int AnswersBegun { get; private set; }

    /// <summary>The pieces of answer text streamed, in order.</summary>
    public List<string> Streamed { get; } = [];

    public Task SendCardAsync(AdaptiveCard card, CancellationToken cancellationToken)
    {
        Cards.Add((card, false));
        return Task.CompletedTask;
    }

    /// <summary>What the model stage said may be shown of a streamed answer (null before it began one).</summary>
    public Func<string, string>? VisiblePart { get; private set; }

    public Task BeginAnswerAsync(Func<string, string> visiblePart, CancellationToken cancellationToken)
    {
        AnswersBegun++;
        VisiblePart = visiblePart;
        return Task.CompletedTask;
    }

    public Task AppendAnswerAsync(string text, CancellationToken cancellationToken)
    {
        Streamed.Add(text);
        return Task.CompletedTask;
    }

    /// <summary>When set, sending the answer throws this (the Bot Connector refusing it); nothing is recorded.</summary>
    public Exception? AnswerFailure { get; set; }

    /// <summary>The citations each answer was sent with (empty for an answer without).</summary>
    public List<IReadOnlyList<AnswerCitation>> Citations { get; } = [];

    public Task SendAnswerAsync(string answer, string? note, IReadOnlyList<AnswerCitation> citations,
        CancellationToken cancellationToken)
    {
        Citations.Add(citations);
        return Record(answer, note);
    }

    public Task SendAnswerAsync(string answer, string? note, CancellationToken cancellationToken)
    {
        Citations.Add([]);
        return Record(answer, note);
    }

    private Task Record(string answer, string? note)
    {
        if (AnswerFailure is not null)
        {
            return Task.FromException(AnswerFailure);
        }

        Cards.Add((BotCards.Answer(answer, note), true));
        return Task.CompletedTask;
    }
}
