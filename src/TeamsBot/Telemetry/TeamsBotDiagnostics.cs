using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace TeamsBot.Telemetry;

/// <summary>
/// The app's one <see cref="ActivitySource"/> and one <see cref="Meter"/>, and every instrument the app records.
/// Tags carry ids, outcomes, rule and detector names, never message, prompt or answer text.
/// </summary>
internal static class TeamsBotDiagnostics
{
    /// <summary>Name of the activity source and meter (also used by the model client's GenAI spans and metrics).</summary>
    public const string Name = "TeamsBot";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Finished turns by outcome (answered, refused, failed) and the rule or reason behind it.</summary>
    public static readonly Counter<long> Turns = Meter.CreateCounter<long>(
        "teamsbot.turns", "{turn}", "Turns that went through the pipeline, by outcome and reason.");

    /// <summary>Time a stage spent itself, without the stages after it.</summary>
    public static readonly Histogram<double> StageDuration = Meter.CreateHistogram<double>(
        "teamsbot.pipeline.stage.duration", "s", "Time spent in one pipeline stage, excluding the stages after it.");

    /// <summary>From the message's receipt to the end of its answer (delivered, refused or failed).</summary>
    public static readonly Histogram<double> TurnDuration = Meter.CreateHistogram<double>(
        "teamsbot.turn.duration", "s", "From a message's receipt to the end of answering it.");

    /// <summary>From the message's receipt to the moment a worker starts answering it.</summary>
    public static readonly Histogram<double> QueueWait = Meter.CreateHistogram<double>(
        "teamsbot.turn.queue.wait", "s", "From a message's receipt until answering starts.");

    /// <summary>Conversations this instance holds a lease on and works on now (at most Limits:MaxConcurrentTurns).</summary>
    public static readonly UpDownCounter<long> QueueDepth = Meter.CreateUpDownCounter<long>(
        "teamsbot.turn.queue.depth", "{turn}", "Turns this instance has claimed and is working on.");

    /// <summary>DLP findings in users' messages, by detector id (counts, never values).</summary>
    public static readonly Counter<long> DlpFindings = Meter.CreateCounter<long>(
        "teamsbot.dlp.findings", "{finding}", "DLP findings in users' messages, by detector.");

    /// <summary>Turns refused because a daily quota was reached, by quota rule.</summary>
    public static readonly Counter<long> QuotaRefusals = Meter.CreateCounter<long>(
        "teamsbot.quota.refusals", "{turn}", "Turns refused because a daily quota was reached.");

    /// <summary>The model circuit breaker's state per endpoint: 0 closed, 1 half-open (probing), 2 open.</summary>
    public static readonly Gauge<int> ModelBreakerState = Meter.CreateGauge<int>(
        "teamsbot.model.breaker.state", "{state}", "Model circuit breaker: 0 closed, 1 half-open (one probe), 2 open.");

    /// <summary>Bot Connector calls sent again after a 429, 412, 502 or 504.</summary>
    public static readonly Counter<long> ConnectorRetries = Meter.CreateCounter<long>(
        "teamsbot.connector.retries", "{retry}", "Bot Connector calls retried, by the status that caused the retry.");
}
