using Microsoft.Extensions.Time.Testing;

namespace TeamsBot.Tests.TestUtils;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records the due time of every timer created on it (Task.Delay with this
/// provider creates one), so a test can see what the code under test decided to wait, wait for that decision even
/// when it is made on another thread after real I/O, and then advance exactly that far.
/// </summary>
public sealed class RecordingTimeProvider : FakeTimeProvider
{
    private readonly WaitableLog<TimeSpan> _timers = new();

    public RecordingTimeProvider()
        : base(new DateTimeOffset(2026, 11, 26, 9, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Due times of the timers created so far, in creation order.</summary>
    public IReadOnlyList<TimeSpan> Timers => _timers.Snapshot();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        _timers.Add(dueTime);
        return timer;
    }

    /// <summary>Waits (in real time, at most <paramref name="timeout"/>) until timer number
    /// <paramref name="index"/> (from 0) exists; returns its due time.</summary>
    public async Task<TimeSpan> WaitForTimerAsync(int index, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var timers = await _timers.WaitAsync(_ => true, index + 1, timeout,
            seen => $"Expected timer #{index} within {timeout}; {seen} timer(s) were created.", cancellationToken);
        return timers[index];
    }

    /// <summary>
    /// Until <paramref name="task"/> completes, advances the clock by the due time of each timer from number
    /// <paramref name="timersBefore"/> on, one at a time (for code that waits, then does real I/O, then waits again).
    /// Pass <see cref="Timers"/>.Count read before starting the task: its first timer may be created before this
    /// method runs. Returns the waits in order; throws TimeoutException when the task neither completes nor creates a
    /// timer within <paramref name="timeout"/>. Does not throw the task's own exception: await the task for that.
    /// </summary>
    public async Task<IReadOnlyList<TimeSpan>> AdvanceUntilDoneAsync(Task task, int timersBefore, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(task);
        var waits = new List<TimeSpan>();
        var next = timersBefore;
        while (true)
        {
            using var done = new CancellationTokenSource();
            var timer = WaitForTimerAsync(next, timeout, done.Token);
            if (await Task.WhenAny(task, timer) == task)
            {
                await done.CancelAsync();
                try
                {
                    await timer;
                }
                catch (OperationCanceledException)
                {
                }

                return waits;
            }

            var due = await timer;
            next++;
            waits.Add(due);
            Advance(due);
        }
    }
}
