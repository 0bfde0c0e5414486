using Microsoft.Extensions.Options;
using TeamsBot.Cards;
using TeamsBot.History;
using TeamsBot.Turns;

namespace TeamsBot.Pipeline;

/// <summary>
/// Stores the answer next to its question before any of it is delivered (the outbox): once stored, a crash, a
/// database hiccup or a Bot Connector outage never makes the model answer the same message again. Both then become
/// context for the next message. A store that keeps failing past <see cref="TurnsOptions.AnswerStoreWindow"/> drops
/// the answer and leaves the message waiting (deferred): it is answered again once the database is back.
/// </summary>
public sealed partial class HistorySaveStage(
    IConversationStore store,
    IOptions<TurnsOptions> turns,
    TimeProvider clock,
    ILogger<HistorySaveStage> logger) : ITurnStage
{
    private static readonly TimeSpan LongestStoreBackoff = TimeSpan.FromSeconds(5);

    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        if (turn.Outcome == TurnOutcome.Undecided && turn.Answer is not null)
        {
            string? note = turn.Notes.Count == 0 ? null : string.Join(" · ", turn.Notes);
            // The stored question is the text the model saw: redacted at receipt, trimmed by the input stage.
            bool? stored = await StoreAsync(turn, note, cancellationToken);
            if (stored is null)
            {
                // Only this memory held the answer, and it is gone. Nothing says the message is done, so it waits and is
                // claimed again once the database answers; the user is told the truth meanwhile.
                LogStoreGivenUp(turn.TurnId, turns.Value.AnswerStoreWindow.TotalSeconds);
                turn.Defer(clock.GetUtcNow(), "answer.not_stored");
                await TrySendCardAsync(turn, BotCards.AnswerNotStored());
                return;
            }

            turn.AnswerStored = stored.Value;
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

    /// <summary>True when stored, false when another instance stored first, null when the database stayed away.</summary>
    private async Task<bool?> StoreAsync(TurnRequest turn, string? note, CancellationToken cancellationToken)
    {
        long started = clock.GetTimestamp();
        var backoff = TimeSpan.FromMilliseconds(250);
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await store.SaveAnswerAsync(turn.TurnId, turn.Text, turn.TextTokens, turn.Answer!,
                    turn.AnswerTokens, note, AnswerCitation.CitedIn(turn.Answer!, turn.Citations), CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                if (clock.GetElapsedTime(started) >= turns.Value.AnswerStoreWindow)
                {
                    return null;
                }

                // The model's answer is paid for: keep it and try again rather than ask the model again later.
                LogStoreRetry(turn.TurnId, attempt, exception.GetType().Name);
                await Task.Delay(backoff, clock, cancellationToken);
                backoff = backoff * 2 > LongestStoreBackoff ? LongestStoreBackoff : backoff * 2;
            }
        }
    }

    private async Task TrySendCardAsync(TurnRequest turn, AdaptiveCard card)
    {
        try
        {
            await turn.Reply.SendCardAsync(card, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The Bot Connector is away too: the answer that follows is the news.
            LogNoticeNotSent(turn.TurnId, exception.GetType().Name);
        }
    }

    [LoggerMessage(EventId = 2423, Level = LogLevel.Error,
        Message = "Turn {TurnId}: the answer could not be stored within {WindowSeconds} s (Turns:AnswerStoreWindow); it is dropped and the message answered again once the database is back")]
    private partial void LogStoreGivenUp(long turnId, double windowSeconds);

    [LoggerMessage(EventId = 2424, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: the notice that the answer is delayed could not be sent ({ExceptionType})")]
    private partial void LogNoticeNotSent(long turnId, string exceptionType);

    [LoggerMessage(EventId = 2421, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: storing the answer failed (attempt {Attempt}, {ExceptionType}); retrying")]
    private partial void LogStoreRetry(long turnId, int attempt, string exceptionType);
}
