using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using TeamsBot.History;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.History;

/// <summary>
/// Messages that arrive while one is being stored are stored together in the next transaction: a burst of fifty
/// simultaneous messages took fifty commits, one after another, and the last acknowledgement waited for all of them.
/// </summary>
public sealed class IncomingTurnWriterTests : IDisposable
{
    private readonly TempSqliteDatabase _file = new();
    private readonly WriteTransactionCounter _writes = new();
    private readonly HeldCommit _held = new();
    private readonly IncomingTurnWriter _writer;

    public IncomingTurnWriterTests() =>
        _writer = new IncomingTurnWriter(new InterceptedSqliteContexts(_file.ConnectionString, _writes, _held),
            TimeProvider.System);

    public void Dispose() => _file.Dispose();

    [Fact]
    public async Task SaveAsync_BurstDuringAWrite_StoredInOneMoreTransaction()
    {
        _held.HoldNext();
        var first = _writer.SaveAsync(TestTurns.Incoming("first", "act-0", "a:conv-0"), default);
        await _held.Reached;
        var burst = Enumerable.Range(1, 15)
            .Select(i => _writer.SaveAsync(TestTurns.Incoming($"message {i}", $"act-{i}", $"a:conv-{i}"), default))
            .ToList();
        await WhenQueuedAsync(15);

        _held.Release();
        long?[] ids = [await first, .. await Task.WhenAll(burst)];

        Assert.Equal(2, _writes.Count);
        Assert.Equal(16, ids.Where(id => id is not null).Distinct().Count());
        using var db = _file.CreateDbContext();
        Assert.Equal(16, db.Turns.Count());
        Assert.Equal(16, db.Conversations.Count());
    }

    [Fact]
    public async Task SaveAsync_BatchWithRedeliveries_EachActivityStoredOnce()
    {
        long? stored = await _writer.SaveAsync(TestTurns.Incoming("hello", "act-1"), default);
        _held.HoldNext();
        var holder = _writer.SaveAsync(TestTurns.Incoming("next", "act-2", "a:conv-2"), default);
        await _held.Reached;
        var again = _writer.SaveAsync(TestTurns.Incoming("hello", "act-1"), default);
        var twiceA = _writer.SaveAsync(TestTurns.Incoming("new", "act-3", "a:conv-3"), default);
        var twiceB = _writer.SaveAsync(TestTurns.Incoming("new", "act-3", "a:conv-3"), default);
        await WhenQueuedAsync(3);

        _held.Release();

        Assert.NotNull(stored);
        Assert.NotNull(await holder);
        Assert.Null(await again);
        Assert.Single(new[] { await twiceA, await twiceB }, id => id is not null);
        using var db = _file.CreateDbContext();
        Assert.Equal(["act-1", "act-2", "act-3"], db.Turns.OrderBy(t => t.Id).Select(t => t.ActivityId));
    }

    [Fact]
    public async Task SaveAsync_AnotherInstanceStoredOneOfTheBatchFirst_ThatOneNotStoredAgainTheOthersAre()
    {
        var otherInstance = new IncomingTurnWriter(_file, TimeProvider.System);
        var raced = TestTurns.Incoming("raced", "act-raced", "a:conv-raced");
        _held.HoldNext();
        var holder = _writer.SaveAsync(TestTurns.Incoming("first", "act-1"), default);
        await _held.Reached;
        var batch = new[]
        {
            _writer.SaveAsync(raced, default),
            _writer.SaveAsync(TestTurns.Incoming("mine", "act-mine", "a:conv-mine"), default),
        };
        await WhenQueuedAsync(2);
        // The other instance stores the message after this batch looked for it, before this batch writes.
        _held.BeforeNextTransaction = () => otherInstance.SaveAsync(raced, default);

        _held.Release();

        Assert.NotNull(await holder);
        Assert.Null(await batch[0]);
        Assert.NotNull(await batch[1]);
        using var db = _file.CreateDbContext();
        Assert.Equal(1, db.Turns.Count(t => t.ActivityId == "act-raced"));
        Assert.Equal(1, db.Turns.Count(t => t.ActivityId == "act-mine"));
    }

    [Fact]
    public async Task SaveAsync_StoreFails_EveryCallerOfTheBatchSeesIt()
    {
        _held.HoldNext();
        var holder = _writer.SaveAsync(TestTurns.Incoming("first", "act-1"), default);
        await _held.Reached;
        var queued = Enumerable.Range(2, 3)
            .Select(i => _writer.SaveAsync(TestTurns.Incoming("m", $"act-{i}", $"a:conv-{i}"), default)).ToList();
        await WhenQueuedAsync(3);
        _held.FailNext = true;

        _held.Release();

        Assert.NotNull(await holder);
        foreach (var one in queued)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => one);
        }

        // The writer is not stuck: the next message is stored.
        Assert.NotNull(await _writer.SaveAsync(TestTurns.Incoming("after", "act-9", "a:conv-9"), default));
    }

    private async Task WhenQueuedAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (_writer.Queued < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{_writer.Queued} of {count} messages queued");
            await Task.Delay(5);
        }
    }

    /// <summary>Holds the next commit after <see cref="HoldNext"/> until released; can fail one, or run something first.</summary>
    private sealed class HeldCommit : DbTransactionInterceptor
    {
        private TaskCompletionSource _reached = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private bool _holdNext;

        public Task Reached => _reached.Task;

        /// <summary>Runs, and is awaited, before the next transaction begins.</summary>
        public Func<Task>? BeforeNextTransaction { get; set; }

        /// <summary>The next commit fails.</summary>
        public bool FailNext { get; set; }

        public void HoldNext()
        {
            _reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _holdNext = true;
        }

        public void Release() => _release.TrySetResult();

        public override async ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(
            DbConnection connection, TransactionStartingEventData eventData, InterceptionResult<DbTransaction> result,
            CancellationToken cancellationToken = default)
        {
            if (BeforeNextTransaction is { } run)
            {
                BeforeNextTransaction = null;
                await run();
            }

            return result;
        }

        public override async ValueTask<InterceptionResult> TransactionCommittingAsync(DbTransaction transaction,
            TransactionEventData eventData, InterceptionResult result, CancellationToken cancellationToken = default)
        {
            if (_holdNext)
            {
                _holdNext = false;
                _reached.TrySetResult();
                await _release.Task;
            }
            else if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("The database went away.");
            }

            return result;
        }
    }
}
