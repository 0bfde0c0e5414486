using TeamsBot.Storage;

namespace TeamsBot.Tests.Storage;

public sealed class SqliteWriteQueueTests
{
    private static readonly TimeSpan Forever = Timeout.InfiniteTimeSpan;

    [Fact]
    public async Task Leave_WritesWaiting_FirstComeFirstServedWithTheOnesGoingFirstAhead()
    {
        var queue = new SqliteWriteQueue();
        Assert.True(await queue.EnterAsync(goesFirst: false, Forever, default));
        var order = new List<string>();
        var waiting = new List<Task>
        {
            WriteAsync(queue, "a", goesFirst: false, order),
            WriteAsync(queue, "b", goesFirst: false, order),
            WriteAsync(queue, "receipt 1", goesFirst: true, order),
            WriteAsync(queue, "c", goesFirst: false, order),
            WriteAsync(queue, "receipt 2", goesFirst: true, order),
        };
        Assert.All(waiting, w => Assert.False(w.IsCompleted));

        queue.Leave();
        await Task.WhenAll(waiting).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["receipt 1", "receipt 2", "a", "b", "c"], order);
    }

    [Fact]
    public async Task EnterAsync_PatienceRunsOut_FalseAndTheTurnStaysWithItsHolder()
    {
        var queue = new SqliteWriteQueue();
        Assert.True(await queue.EnterAsync(goesFirst: false, Forever, default));

        Assert.False(await queue.EnterAsync(goesFirst: true, TimeSpan.FromMilliseconds(20), default));

        var next = queue.EnterAsync(goesFirst: false, Forever, default);
        Assert.False(next.IsCompleted);
        queue.Leave();
        // The write that gave up is out of the queue: the turn passes to the next one waiting.
        Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task EnterAsync_CancelledWhileWaiting_ThrowsAndHoldsNoTurn()
    {
        var queue = new SqliteWriteQueue();
        Assert.True(await queue.EnterAsync(goesFirst: false, Forever, default));
        using var cancel = new CancellationTokenSource();
        var cancelled = queue.EnterAsync(goesFirst: true, Forever, cancel.Token);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        queue.Leave();

        Assert.True(queue.EnterAsync(goesFirst: false, Forever, default).IsCompletedSuccessfully);
    }

    /// <summary>Waits for its turn, notes it, and passes the turn on.</summary>
    private static async Task WriteAsync(SqliteWriteQueue queue, string name, bool goesFirst, List<string> order)
    {
        Assert.True(await queue.EnterAsync(goesFirst, Forever, default));
        order.Add(name);
        queue.Leave();
    }
}
