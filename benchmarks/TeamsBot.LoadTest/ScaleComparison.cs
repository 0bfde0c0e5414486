namespace TeamsBot.LoadTest;

/// <summary>Alternating rounds of one instance and of two on one PostgreSQL database, under one setting.</summary>
internal sealed class ScaleComparison(string setting)
{
    /// <summary>What the rounds share, as the report's heading says it.</summary>
    public string Setting { get; } = setting;

    public List<RunResult> One { get; } = [];

    public List<RunResult> Two { get; } = [];

    /// <summary>Median messages/s of two instances over that of one; NaN before both ran.</summary>
    public double Ratio => RunResult.MedianRatio(Two, One, r => r.MessagesPerSecond);
}
