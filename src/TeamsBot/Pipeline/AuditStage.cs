using System.Diagnostics;
using Microsoft.Extensions.Options;
using TeamsBot.Audit;
using TeamsBot.Model;

namespace TeamsBot.Pipeline;

/// <summary>
/// Records every turn's decision in the tamper-evident audit log. It runs first and writes after the rest of the
/// pipeline returns, so a refusal by any later stage is recorded here, once, without each stage repeating it.
/// </summary>
public sealed partial class AuditStage(IAuditLog audit, IOptionsMonitor<ModelOptions> model, ILogger<AuditStage> logger)
    : ITurnStage
{
    public async Task InvokeAsync(TurnRequest turn, Next next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(next);
        long started = Stopwatch.GetTimestamp();
        await next(turn, cancellationToken);
        if (turn.Outcome == TurnOutcome.Deferred)
        {
            // Not decided yet: the turn runs again when the model is back, and that run is recorded.
            return;
        }

        var decision = turn.Outcome switch
        {
            TurnOutcome.Answered when turn.DlpOutcome == "Redacted" || turn.AnswerDlpOutcome == "Redacted"
                => AuditDecision.Redacted,
            TurnOutcome.Answered => AuditDecision.Allowed,
            TurnOutcome.Refused => AuditDecision.Refused,
            _ => AuditDecision.Failed,
        };
        // The text as it left DLP: its hash identifies the message, and with Audit:IncludeContent no secret is kept.
        var entry = AuditEntry.ForTurn(turn, turn.Policy?.Version ?? "none", decision) with
        {
            Model = model.CurrentValue.Deployment,
            Latency = Stopwatch.GetElapsedTime(started),
            Redactions = RedactionCounts(turn),
        };
        try
        {
            await audit.AppendAsync(entry, CancellationToken.None);
        }
        catch (Exception exception)
        {
            // The user already has their answer; a lost audit record must be loud in the operator's logs.
            string type = exception.GetType().Name;
            LogAuditFailed(turn.TurnId, type);
            throw;
        }
    }

    /// <summary>The message's counts, and the answer's under their own keys, in the one existing field.</summary>
    private static Dictionary<string, int>? RedactionCounts(TurnRequest turn)
    {
        if (turn.Redactions.Count == 0 && turn.AnswerRedactions.Count == 0)
        {
            return null;
        }

        var counts = new Dictionary<string, int>(turn.Redactions, StringComparer.Ordinal);
        foreach (var (detector, count) in turn.AnswerRedactions)
        {
            counts[AuditEntry.AnswerRedactionPrefix + detector] = count;
        }

        return counts;
    }

    [LoggerMessage(EventId = 1521, Level = LogLevel.Critical, Message = "Turn {TurnId}: the audit record could not be written ({ExceptionType})")]
    private partial void LogAuditFailed(long turnId, string exceptionType);
}
