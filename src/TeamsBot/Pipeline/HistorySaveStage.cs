using TeamsBot.History;

namespace TeamsBot.Pipeline;

/// <summary>Stores the answer next to its question; both then become context for the next message.</summary>
public sealed class HistorySaveStage(IConversationStore store) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (turn.Outcome == TurnOutcome.Answered && turn.Answer is not null)
        {
            // The stored question is the text the model saw: redacted at receipt, trimmed by the input stage.
            await store.SaveAnswerAsync(turn.TurnId, turn.Text, turn.TextTokens, turn.Answer, turn.AnswerTokens,
                CancellationToken.None);
        }

        await next(turn, cancellationToken);
    }
}
