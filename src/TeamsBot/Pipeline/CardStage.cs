namespace TeamsBot.Pipeline;

/// <summary>
/// Sends the stored answer: the answer card, labelled as AI generated, with feedback buttons; an answer that cites
/// the user's files (<c>[n]</c>) goes with those citations, and only those. When the Bot Connector
/// does not take it (down or throttling past the send retries), the turn is still answered: the stored answer waits
/// in the outbox and is delivered later, by whichever instance holds the conversation then.
/// </summary>
public sealed partial class CardStage(ILogger<CardStage> logger) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        string? note = turn.Notes.Count == 0 ? null : string.Join(" · ", turn.Notes);
        try
        {
            string answer = turn.Answer ?? string.Empty;
            var cited = AnswerCitation.CitedIn(answer, turn.Citations);
            if (cited.Count > 0)
            {
                await turn.Reply.SendAnswerAsync(answer, note, cited, cancellationToken);
            }
            else
            {
                await turn.Reply.SendAnswerAsync(answer, note, cancellationToken);
            }

            turn.AnswerDelivered = true;
        }
        catch (Exception exception) when (turn.AnswerStored
            && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            LogDeliveryPostponed(turn.TurnId, exception.GetType().Name);
        }

        turn.MarkAnswered();
        await next(turn, cancellationToken);
    }

    [LoggerMessage(EventId = 2422, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: the Bot Connector did not take the answer ({ExceptionType}); it is stored and delivered later")]
    private partial void LogDeliveryPostponed(long turnId, string exceptionType);
}
