using TeamsBot.Cards;
using TeamsBot.Quota;

namespace TeamsBot.Pipeline;

/// <summary>
/// Daily limits: refuses before the model once a limit is reached, and after the answer adds the model's real token
/// usage, warning once when 80% is crossed.
/// </summary>
public sealed partial class QuotaStage(IQuotaLedger ledger, ILogger<QuotaStage> logger) : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        var policy = turn.Policy ?? throw new InvalidOperationException("The admission stage must run before quotas.");
        // A turn that waited for the model passed this check, and was counted, on its first run.
        var decision = turn.WaitNoticeSent
            ? QuotaDecision.Allow
            : await ledger.TryStartTurnAsync(policy, turn.UserId, cancellationToken);
        if (!decision.Allowed)
        {
            turn.Refuse(decision.Rule!);
            await turn.Reply.SendCardAsync(PolicyCards.QuotaExhausted(decision.What!, decision.ResetsAtUtc),
                cancellationToken);
            return;
        }

        await next(turn, cancellationToken);
        long used = turn.Usage?.TotalTokenCount
            ?? (turn.Usage?.InputTokenCount ?? 0) + (turn.Usage?.OutputTokenCount ?? 0);
        if (used > 0)
        {
            QuotaWarning? warning;
            try
            {
                warning = await ledger.RecordTokensAsync(policy, turn.UserId, used, CancellationToken.None);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // The database is away: the answer (or the notice that it is delayed) stands; these tokens go uncounted.
                LogTokensNotRecorded(turn.TurnId, used, exception.GetType().Name);
                return;
            }

            if (warning is not null)
            {
                await turn.Reply.SendCardAsync(PolicyCards.QuotaWarning(warning.What, warning.Percent), cancellationToken);
            }
        }
    }

    [LoggerMessage(EventId = 1402, Level = LogLevel.Warning,
        Message = "Turn {TurnId}: {Tokens} tokens could not be added to the quota ({ExceptionType})")]
    private partial void LogTokensNotRecorded(long turnId, long tokens, string exceptionType);
}
