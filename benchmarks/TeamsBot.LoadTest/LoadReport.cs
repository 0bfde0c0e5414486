namespace TeamsBot.LoadTest;

/// <summary>Everything one invocation measured, for the report.</summary>
internal sealed class LoadReport
{
    public required LoadTestOptions Options { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    public required string LoadAverageAtStart { get; init; }

    public string LoadAverageAtEnd { get; set; } = string.Empty;

    public RunResult? Bare { get; set; }

    public List<RunResult> EchoRounds { get; } = [];

    public List<RunResult> TeamsBotRounds { get; } = [];

    public RunResult? SlowModel { get; set; }

    public RunResult? MemoryEcho { get; set; }

    public RunResult? MemoryTeamsBot { get; set; }

    public RunResult? PostgresOne { get; set; }

    public RunResult? PostgresTwo { get; set; }

    /// <summary>The scale scenario: one instance against two, with each instance on its own core.</summary>
    public ScaleComparison? ScaleCoreEach { get; set; }

    /// <summary>The scale scenario: one instance against two, when the model's latency bounds each instance.</summary>
    public ScaleComparison? ScaleLatencyBound { get; set; }

    public List<GrowthWindow> Growth { get; } = [];

    public IEnumerable<RunResult> AllRuns => new[] { Bare, SlowModel, MemoryEcho, MemoryTeamsBot, PostgresOne, PostgresTwo }
        .Concat(EchoRounds).Concat(TeamsBotRounds)
        .Concat(new[] { ScaleCoreEach, ScaleLatencyBound }.OfType<ScaleComparison>().SelectMany(s => s.One.Concat(s.Two)))
        .OfType<RunResult>();
}
