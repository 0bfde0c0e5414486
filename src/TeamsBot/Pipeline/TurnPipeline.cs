using System.Diagnostics;
using TeamsBot.Telemetry;

namespace TeamsBot.Pipeline;

/// <summary>Runs the stages in the one order defined in <see cref="Stages"/>, one span per turn and per stage.</summary>
public sealed class TurnPipeline
{
    /// <summary>
    /// The order of a turn; nowhere else sets it. Audit wraps everything so every decision is recorded once. The answer
    /// is stored before it is sent (the outbox), so no failure after the model call makes the model answer again.
    /// </summary>
    public static readonly IReadOnlyList<Type> Stages =
    [
        typeof(AuditStage),
        typeof(AdmissionStage),
        typeof(InputStage),
        typeof(DlpStage),
        typeof(HistoryLoadStage),
        typeof(QuotaStage),
        typeof(KnowledgeStage),
        typeof(ModelStage),
        typeof(HistorySaveStage),
        typeof(CardStage),
    ];

    private readonly Next _first;

    public TurnPipeline(IServiceProvider services)
    {
        Next next = static (_, _) => Task.CompletedTask;
        for (int i = Stages.Count - 1; i >= 0; i--)
        {
            var stage = (ITurnStage)services.GetRequiredService(Stages[i]);
            string name = Stages[i].Name.Replace("Stage", string.Empty, StringComparison.Ordinal);
            var rest = next;
            next = (turn, ct) => RunStageAsync(name, stage, turn, rest, ct);
        }

        _first = next;
    }

    public async Task RunAsync(TurnRequest turn, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turn);
        using var activity = TurnTelemetry.StartTurn(turn);
        try
        {
            await _first(turn, cancellationToken);
        }
        catch (Exception exception)
        {
            TurnTelemetry.Complete(activity, turn, exception);
            throw;
        }

        TurnTelemetry.Complete(activity, turn, error: null);
    }

    /// <summary>A stage inside its span; its duration metric counts its own time, not the stages it calls.</summary>
    private static async Task RunStageAsync(string name, ITurnStage stage, TurnRequest turn, Next rest,
        CancellationToken cancellationToken)
    {
        using var activity = TurnTelemetry.StartStage(name);
        long started = Stopwatch.GetTimestamp();
        long inner = 0;
        try
        {
            await stage.InvokeAsync(turn, async (t, ct) =>
            {
                long nextStarted = Stopwatch.GetTimestamp();
                try
                {
                    await rest(t, ct);
                }
                finally
                {
                    inner += Stopwatch.GetTimestamp() - nextStarted;
                }
            }, cancellationToken);
        }
        catch (Exception exception)
        {
            activity?.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            throw;
        }
        finally
        {
            TurnTelemetry.RecordStage(name, Stopwatch.GetElapsedTime(started) - Stopwatch.GetElapsedTime(0, inner));
        }
    }
}
