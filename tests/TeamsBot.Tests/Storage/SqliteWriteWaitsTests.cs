using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>
/// Two writes that collide on SQLite: the second waits only as long as the first holds the lock, not for the
/// provider's blocking 150 ms retry sleep (acknowledgements used to cluster in 150 ms steps under load).
/// </summary>
public sealed class SqliteWriteWaitsTests : IDisposable
{
    private static readonly TimeSpan LockHeld = TimeSpan.FromMilliseconds(30);
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Write_AnotherConnectionHoldsTheWriteLock_SqliteWaitsItselfAndGoesOnAfterTheCommit()
    {
        await using var holder = new SqliteConnection(_database.ConnectionString);
        await holder.OpenAsync();
        await using (var begin = holder.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        var commit = Task.Run(async () =>
        {
            await Task.Delay(LockHeld);
            await using var end = holder.CreateCommand();
            end.CommandText = "COMMIT;";
            await end.ExecuteNonQueryAsync();
        });
        await TouchConversationsAsync();
        await commit;

        // Before: no busy handler, so "database is locked" at once and the provider's Thread.Sleep(150) before each
        // retry, blocking a thread. The wait's length is the benchmark's business, not a unit test's.
        await using var db = _database.CreateDbContext();
        Assert.Equal((long)SqliteWriteWaits.BusyTimeout.TotalMilliseconds, await db.Database
            .SqlQueryRaw<long>("SELECT timeout AS \"Value\" FROM pragma_busy_timeout").SingleAsync());
    }

    [Fact]
    public async Task SyncCommitsAsync_ReceiptContext_SyncsItsCommitsAndTheNextConnectionDoesNot()
    {
        await using (var receipt = _database.CreateDbContext())
        {
            await SqliteWriteWaits.SyncCommitsAsync(receipt, default);
            Assert.Equal(2, await SynchronousAsync(receipt));
        }

        // The pooled connection comes back with the app's setting, not the receipt's.
        await using var other = _database.CreateDbContext();
        await other.Database.OpenConnectionAsync();
        Assert.Equal(1, await SynchronousAsync(other));
    }

    private async Task TouchConversationsAsync()
    {
        await using var db = _database.CreateDbContext();
        await db.Conversations.Where(c => c.Id == "none")
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UpdatedAt, DateTime.UtcNow));
    }

    private static async Task<long> SynchronousAsync(BotDbContext db) =>
        await db.Database.SqlQueryRaw<long>("SELECT synchronous AS \"Value\" FROM pragma_synchronous").SingleAsync();
}
