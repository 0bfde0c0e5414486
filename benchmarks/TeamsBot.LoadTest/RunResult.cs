namespace TeamsBot.LoadTest;

/// <summary>What one closed-loop run of one bot measured (times in milliseconds, memory in bytes).</summary>
internal sealed record RunResult
{
    public required string Bot { get; init; }

    public required int Conversations { get; init; }

    public required int MessagesPerConversation { get; init; }

    public required int Answered { get; init; }

    public required double Seconds { get; init; }

    public required IReadOnlyList<double> AckMilliseconds { get; init; }

    public required IReadOnlyList<double> FirstSignMilliseconds { get; init; }

    public required IReadOnlyList<double> EndToEndMilliseconds { get; init; }

    /// <summary>Process CPU time during the measured messages, summed over the bot's processes.</summary>
    public required double CpuMilliseconds { get; init; }

    /// <summary>Share of the whole machine's CPU time that was busy during the measured messages, 0–1 (NaN unknown).</summary>
    public required double MachineBusy { get; init; }

    /// <summary>Bot Connector calls of all kinds during the measured messages, from every instance.</summary>
    public required long ConnectorCalls { get; init; }

    /// <summary>Typing indicators among <see cref="ConnectorCalls"/>.</summary>
    public required long TypingIndicators { get; init; }

    /// <summary>
    /// Of <see cref="ConnectorCalls"/>, those Teams would have refused with 429 for its per-conversation limits (the
    /// double takes them).
    /// </summary>
    public required long OverTeamsLimits { get; init; }

    /// <summary>The largest VmHWM of the bot's processes.</summary>
    public required long PeakRssBytes { get; init; }

    /// <summary>VmRSS of the bot's processes after start-up, before any message (largest).</summary>
    public required long IdleRssBytes { get; init; }

    public required LedgerSummary Ledger { get; init; }

    /// <summary>POSTs answered with anything but 2xx, or that failed.</summary>
    public required int FailedPosts { get; init; }

    public double MessagesPerSecond => Answered / Seconds;

    public double CpuMillisecondsPerMessage => Answered == 0 ? double.NaN : CpuMilliseconds / Answered;

    public double ConnectorCallsPerMessage => Answered == 0 ? double.NaN : (double)ConnectorCalls / Answered;

    public double TypingIndicatorsPerMessage => Answered == 0 ? double.NaN : (double)TypingIndicators / Answered;

    /// <summary>
    /// The median of <paramref name="metric"/> over <paramref name="after"/>'s runs divided by its median over
    /// <paramref name="before"/>'s; NaN when either has no run.
    /// </summary>
    public static double MedianRatio(IEnumerable<RunResult> after, IEnumerable<RunResult> before, Func<RunResult, double> metric) =>
        Percentiles.Median(after.Select(metric).ToArray()) / Percentiles.Median(before.Select(metric).ToArray());
}
