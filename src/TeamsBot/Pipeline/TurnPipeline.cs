namespace TeamsBot.Pipeline;

/// <summary>Runs the stages in the one order defined in <see cref="Stages"/>.</summary>
public sealed class TurnPipeline
{
    /// <summary>
    /// The order of a turn; nowhere else sets it. Audit wraps everything so every decision is recorded once.
    /// </summary>
    public static readonly IReadOnlyList<Type> Stages =
    [
        typeof(AuditStage),
        typeof(AdmissionStage),
        typeof(InputStage),
        typeof(DlpStage),
        typeof(HistoryLoadStage),
        typeof(QuotaStage),
        typeof(ModelStage),
        typeof(CardStage),
        typeof(HistorySaveStage),
    ];

    private readonly Next _first;

    public TurnPipeline(IServiceProvider services)
    {
        Next next = static (_, _) => Task.CompletedTask;
        for (int i = Stages.Count - 1; i >= 0; i--)
        {
            var stage = (ITurnStage)services.GetRequiredService(Stages[i]);
            var rest = next;
            next = (turn, ct) => stage.InvokeAsync(turn, rest, ct);
        }

        _first = next;
    }

    public Task RunAsync(TurnRequest turn, CancellationToken cancellationToken) => _first(turn, cancellationToken);
}
