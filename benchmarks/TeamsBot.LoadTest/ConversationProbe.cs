using System.Diagnostics;

namespace TeamsBot.LoadTest;

/// <summary>
/// One conversation's view of the connector during a closed-loop run: the message in flight, when anything first
/// arrived for it (typing, "Thinking…", a stream chunk or the answer) and when its final answer arrived.
/// </summary>
internal sealed class ConversationProbe(string conversationId, AnswerLedger ledger)
{
    private readonly Lock _gate = new();
    private int _inFlight = -1;
    private long _firstSignAt;
    private TaskCompletionSource<long>? _answered;

    public string ConversationId { get; } = conversationId;

    /// <summary>Call before posting message <paramref name="sequence"/>; the task completes with the answer's timestamp.</summary>
    public Task<long> Begin(int sequence)
    {
        ledger.Expect(ConversationId, sequence);
        lock (_gate)
        {
            _inFlight = sequence;
            _firstSignAt = 0;
            _answered = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            return _answered.Task;
        }
    }

    /// <summary>Stopwatch timestamp of the first activity since <see cref="Begin"/>; 0 when none arrived.</summary>
    public long FirstSignAt
    {
        get
        {
            lock (_gate)
            {
                return _firstSignAt;
            }
        }
    }

    /// <summary>An activity arrived at the connector; <paramref name="finalAnswerTo"/> is set for a final answer.</summary>
    public void OnActivity(long at, int? finalAnswerTo)
    {
        if (finalAnswerTo is { } sequence)
        {
            ledger.RecordAnswer(ConversationId, sequence);
        }

        lock (_gate)
        {
            if (_firstSignAt == 0 && _answered is not null)
            {
                _firstSignAt = at;
            }

            if (finalAnswerTo == _inFlight)
            {
                _answered?.TrySetResult(at);
            }
        }
    }

    public static double Milliseconds(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}
