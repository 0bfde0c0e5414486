using TeamsBot.History;

namespace TeamsBot.Pipeline;

/// <summary>
/// Stores the answer next to its question before any of it is delivered (the outbox): once stored, a crash, a
/// database hiccup or a Bot Connector outage never makes the model answer the same message again. Both then become
/// context for the next message.
/// </summary>
public sealed partial class HistorySaveStage(IConversationStore store, TimeProvider clock, ILogger<HistorySaveStage> logger)
    : ITurnStage
{
    /// <summary>How long a store that fails (the database briefly away) is retried while the answer is held in memory.</summary>
    internal static readonly TimeSpan StoreRetryWindow = TimeSpan.FromMinutes(2);

    private static readonly TimeSpan LongestStoreBackoff = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (turn.Outcome == TurnOutcome.Undecided && turn.Answer is not null)
        {
            string? note = turn.Notes.Count == 0 ? null : string.Join(" · ", turn.Notes);
            // The stored question is the text the model saw: redacted at receipt, trimmed by the input stage.
            turn.AnswerStored = await StoreAsync(turn, note, cancellationToken);
            if (!turn.AnswerStored)
            {
                // Another instance stored an answer first (this one lost its lease while the model ran): that one is
                // delivered, not this.
                turn.Fail("answer.superseded");
                return;
            }
        }

        await next(turn, cancellationToken);
    }

    private async Task<bool> StoreAsync(TurnRequest turn, string? note, CancellationToken cancellationToken)
    {
        long started = clock.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(250);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await store.SaveAnswerAsync(turn.TurnId, turn.Text, turn.TextTokens, turn.Answer!,
                    turn.AnswerTokens, note, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException
                && clock.GetElapsedTime(started) < StoreRetryWindow)
            {
                // The model's answer is paid for: keep it and try again rather than ask the model again later.
                LogStoreRetry(turn.TurnId, attempt, exception.GetType().Name);
                await Task.Delay(backoff, clock, cancellationToken);
                backoff = backoff * 2 > LongestStoreBackoff ? LongestStoreBackoff : backoff * 2;
            }
        }
    }

    [LoggerMessage(EventId = 2421, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: storing the answer failed (attempt {Attempt}, {ExceptionType}); retrying")]
    private partial void LogStoreRetry(long turnId, int attempt, string exceptionType);
}
