using System.Diagnostics;

namespace TeamsBot.LoadTest;

/// <summary>
/// Teams' documented "per bot per thread" limits on Bot Connector operations (7 in 1 s, 8 in 2 s, 60 in 30 s, 1,800 in
/// an hour), kept apart from the bot's own copy so that a wrong copy there shows here. Tells which operations on a
/// conversation Teams would have answered with 429. Thread-safe.
/// </summary>
/// <param name="clock">Timestamps in <see cref="Stopwatch"/> ticks; the stopwatch unless a test sets it.</param>
internal sealed class TeamsThreadLimits(Func<long>? clock = null)
{
    public static readonly IReadOnlyList<(int Operations, TimeSpan Period)> PerThread =
    [
        (7, TimeSpan.FromSeconds(1)),
        (8, TimeSpan.FromSeconds(2)),
        (60, TimeSpan.FromSeconds(30)),
        (1800, TimeSpan.FromHours(1)),
    ];

    /// <summary>Arrivals kept per conversation: enough to look one past the largest limit back.</summary>
    private static readonly int Kept = PerThread.Max(l => l.Operations) + 1;

    private readonly Dictionary<string, List<long>> _arrivals = new(StringComparer.Ordinal);

    private readonly Func<long> _clock = clock ?? Stopwatch.GetTimestamp;

    /// <summary>
    /// Counts an operation on <paramref name="conversationId"/> arriving now; true when, with it, some window holds
    /// more operations than Teams allows. The operation is counted either way: the double takes it.
    /// </summary>
    public bool CountIsOver(string conversationId)
    {
        lock (_arrivals)
        {
            // Read under the lock, so that each conversation's arrivals stay in order.
            long timestamp = _clock();
            if (!_arrivals.TryGetValue(conversationId, out var arrivals))
            {
                arrivals = [];
                _arrivals[conversationId] = arrivals;
            }

            arrivals.Add(timestamp);
            bool over = PerThread.Any(limit => arrivals.Count > limit.Operations
                && Stopwatch.GetElapsedTime(arrivals[^(limit.Operations + 1)], timestamp) < limit.Period);
            if (arrivals.Count > Kept)
            {
                arrivals.RemoveAt(0);
            }

            return over;
        }
    }
}
