using System.Data;
using Microsoft.EntityFrameworkCore;
using TeamsBot.History;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// The app's SQLite connections open and close one at a time: the connection pool takes back a connection that another
/// thread is opening or closing as if it were leaked. Each connection's state-change event runs inside its Open or
/// Close, so a handler that stays a while shows whether two of them are ever inside at once.
/// </summary>
public sealed class SqlitePoolGateTests : IDisposable
{
    private const int Contexts = 6;
    private readonly TempSqliteDatabase _database = new();
    private readonly List<BotDbContext> _contexts;
    private int _inside;
    private int _most;
    private int _seen;

    public SqlitePoolGateTests() =>
        _contexts = [.. Enumerable.Range(0, Contexts).Select(_ => _database.CreateDbContext())];

    [Fact]
    public async Task Open_SixContextsAtOnce_OneAtATime()
    {
        Watch(ConnectionState.Open);

        await AllAtOnceAsync(db => db.Database.OpenConnectionAsync());

        Assert.Equal((Contexts, 1), (_seen, _most));
        Assert.All(_contexts, db => Assert.Equal(ConnectionState.Open, db.Database.GetDbConnection().State));
    }

    [Fact]
    public async Task Close_SixContextsAtOnce_OneAtATime()
    {
        foreach (var db in _contexts)
        {
            await db.Database.OpenConnectionAsync();
        }

        Watch(ConnectionState.Closed);

        await AllAtOnceAsync(db =>
        {
            db.Database.CloseConnection();
            return Task.CompletedTask;
        });

        Assert.Equal((Contexts, 1), (_seen, _most));
        Assert.All(_contexts, db => Assert.Equal(ConnectionState.Closed, db.Database.GetDbConnection().State));
    }

    [Fact]
    public async Task Query_AfterOpensAndClosesInTurn_ReadsWhatWasWritten()
    {
        await using (var db = _database.CreateDbContext())
        {
            db.Conversations.Add(new ConversationRecord
            {
                Id = "a:pool",
                TenantId = "t",
                Scope = ConversationScope.Personal,
                ReferenceJson = string.Empty,
            });
            await db.SaveChangesAsync();
        }

        var counts = await Task.WhenAll(Enumerable.Range(0, Contexts).Select(_ => Task.Run(async () =>
        {
            await using var db = _database.CreateDbContext();
            return await db.Conversations.CountAsync(c => c.Id == "a:pool");
        })));

        Assert.All(counts, count => Assert.Equal(1, count));
    }

    public void Dispose()
    {
        foreach (var db in _contexts)
        {
            db.Dispose();
        }

        _database.Dispose();
    }

    /// <summary>Starts <paramref name="action"/> on every context at the same moment, each on a thread of its own.</summary>
    private async Task AllAtOnceAsync(Func<BotDbContext, Task> action)
    {
        using var start = new Barrier(_contexts.Count);
        await Task.WhenAll(_contexts.Select(db => Task.Factory.StartNew(() =>
        {
            start.SignalAndWait();
            return action(db);
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()));
    }

    /// <summary>Counts the handlers inside at once; each stays long enough for the others to arrive if they can.</summary>
    private void Watch(ConnectionState state)
    {
        foreach (var db in _contexts)
        {
            db.Database.GetDbConnection().StateChange += (_, change) =>
            {
                if (change.CurrentState != state)
                {
                    return;
                }

                Interlocked.Increment(ref _seen);
                int now = Interlocked.Increment(ref _inside);
                InterlockedMax(ref _most, now);
                Thread.Sleep(50);
                Interlocked.Decrement(ref _inside);
            };
        }
    }

    private static void InterlockedMax(ref int most, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref most)) && Interlocked.CompareExchange(ref most, value, seen) != seen)
        {
        }
    }
}
