using TeamsBot.Tests.TestUtils;
using TeamsBot.Turns;

namespace TeamsBot.Tests.Turns;

public sealed class TurnSignalTests
{
    private static readonly TimeSpan Long = TimeSpan.FromMinutes(1);

    [Fact]
    public void Wake_AlreadySignalled_ThrowsNothing()
    {
        using var signal = new TurnSignal();
        using var thrown = new FirstChanceExceptionCounter<SemaphoreFullException>(typeof(TurnSignal), "Wake");

        signal.Wake();
        signal.Wake();
        signal.Wake();

        Assert.Equal(0, thrown.Count);
    }

    [Fact]
    public async Task WaitAsync_SeveralWakesWhileNobodyWaited_RemembersOne()
    {
        using var signal = new TurnSignal();
        using var stop = new CancellationTokenSource();
        signal.Wake();
        signal.Wake();

        var first = signal.WaitAsync(Long, stop.Token);
        var second = signal.WaitAsync(Long, stop.Token);

        Assert.True(first.IsCompletedSuccessfully, "the wake-up was not remembered");
        Assert.False(second.IsCompleted, "more than one wake-up was remembered");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second);
    }

    [Fact]
    public async Task WaitAsync_WokenWhileWaiting_ReturnsAndLeavesNoWakeUpBehind()
    {
        using var signal = new TurnSignal();
        using var stop = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Long, stop.Token);
        Assert.False(waiting.IsCompleted);

        signal.Wake();

        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        var next = signal.WaitAsync(Long, stop.Token);
        Assert.False(next.IsCompleted, "the wake-up was kept after the waiter took it");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => next);
    }

    [Fact]
    public async Task WaitAsync_NotWoken_ReturnsAfterTheTimeout()
    {
        using var signal = new TurnSignal();

        await signal.WaitAsync(TimeSpan.FromMilliseconds(20), default).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task WaitAsync_Cancelled_ThrowsOperationCanceled()
    {
        using var signal = new TurnSignal();
        using var stop = new CancellationTokenSource();
        var waiting = signal.WaitAsync(Long, stop.Token);

        await stop.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
