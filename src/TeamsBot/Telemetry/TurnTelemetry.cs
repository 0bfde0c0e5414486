using System.Diagnostics;
using TeamsBot.Pipeline;

namespace TeamsBot.Telemetry;

/// <summary>The turn's span and the per-turn metrics, read from what the stages decided (never from text).</summary>
internal static class TurnTelemetry
{
    public static Activity? StartTurn(TurnRequest turn)
    {
        // A proactive turn runs outside any request: its span is the root of the answer's trace.
        var activity = TeamsBotDiagnostics.Source.StartActivity("turn", ActivityKind.Internal, parentContext: default);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.TurnId, turn.TurnId);
            activity.SetTag(TelemetryTags.TenantId, turn.TenantId);
            activity.SetTag(TelemetryTags.Scope, turn.Scope.ToString());
        }

        return activity;
    }

    public static Activity? StartStage(string stage)
    {
        var activity = TeamsBotDiagnostics.Source.StartActivity("stage " + stage);
        activity?.SetTag(TelemetryTags.Stage, stage);
        return activity;
    }

    /// <summary>Records the turn's outcome on its span and in the metrics; <paramref name="error"/> when it threw.</summary>
    public static void Complete(Activity? activity, TurnRequest turn, Exception? error)
    {
        string outcome = error is null ? turn.Outcome.ToString().ToLowerInvariant() : "failed";
        string? reason = error is null ? turn.Reason : "unexpected";
        activity?.SetTag(TelemetryTags.Outcome, outcome);
        activity?.SetTag(TelemetryTags.Reason, reason);
        if (error is not null)
        {
            // The exception type only: messages of some exceptions quote what they were given.
            activity?.SetStatus(ActivityStatusCode.Error, error.GetType().Name);
        }
        else if (turn.Outcome == TurnOutcome.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, reason);
        }

        TeamsBotDiagnostics.Turns.Add(1, new KeyValuePair<string, object?>(TelemetryTags.Outcome, outcome),
            new KeyValuePair<string, object?>(TelemetryTags.Reason, reason ?? "none"));
        foreach (var (detector, count) in turn.Redactions)
        {
            TeamsBotDiagnostics.DlpFindings.Add(count, new KeyValuePair<string, object?>(TelemetryTags.Detector, detector));
        }

        if (turn.Outcome == TurnOutcome.Refused && turn.Reason?.StartsWith("quota.", StringComparison.Ordinal) == true)
        {
            TeamsBotDiagnostics.QuotaRefusals.Add(1, new KeyValuePair<string, object?>(TelemetryTags.QuotaRule, turn.Reason));
        }
    }

    public static void RecordStage(string stage, TimeSpan ownTime) =>
        TeamsBotDiagnostics.StageDuration.Record(ownTime.TotalSeconds,
            new KeyValuePair<string, object?>(TelemetryTags.Stage, stage));
}
