using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;
using TeamsBot.Tests.TestUtils;

namespace TeamsBot.Tests.Storage;

/// <summary>The per-connection settings are on every connection the app opens, new or taken from the pool.</summary>
public sealed class SqliteConnectionSettingsTests : IDisposable
{
    private readonly TempSqliteDatabase _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task EveryConnection_SecureDeleteTheBusyWaitAndASmallPageCache()
    {
        for (int open = 0; open < 2; open++)
        {
            await using var db = _database.CreateDbContext();
            await db.Database.OpenConnectionAsync();

            Assert.Equal(1, await ValueAsync(db, "SELECT secure_delete AS \"Value\" FROM pragma_secure_delete"));
            Assert.Equal((long)SqliteWriteWaits.BusyTimeout.TotalMilliseconds,
                await ValueAsync(db, "SELECT timeout AS \"Value\" FROM pragma_busy_timeout"));
            // SQLite's default is -2000 (KiB): per pooled connection, too much for a burst's thirty connections.
            Assert.Equal(-256, await ValueAsync(db, "SELECT cache_size AS \"Value\" FROM pragma_cache_size"));
        }
    }

    private static async Task<long> ValueAsync(BotDbContext db, string sql) =>
        await db.Database.SqlQueryRaw<long>(sql).SingleAsync();
}
