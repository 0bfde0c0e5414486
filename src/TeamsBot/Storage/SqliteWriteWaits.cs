using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TeamsBot.Storage;

/// <summary>
/// How a SQLite connection waits for another connection's write, and how much a commit syncs. Both are settings of
/// each connection, so <see cref="SqliteConnectionSettings"/> sets them on every one as it opens.
/// </summary>
/// <remarks>
/// <para>
/// Without a busy handler SQLite answers "database is locked" at once, and Microsoft.Data.Sqlite retries the statement
/// after a blocking 150 ms sleep: two colliding writes of a few milliseconds cost one of them 150 ms, on a thread-pool
/// thread. With <c>busy_timeout</c> SQLite itself waits, in steps of a few milliseconds, and goes on as soon as the
/// other write commits. The provider's retry stays as the last resort after <see cref="BusyTimeout"/>.
/// </para>
/// <para>
/// <c>synchronous=NORMAL</c> in WAL mode: a commit is written to the WAL but not synced; the WAL is synced at each
/// checkpoint. Every commit survives the process being killed (the operating system holds the written pages); a power
/// loss or kernel crash can lose the last commits. That is acceptable for the turn engine's bookkeeping (a lost
/// claim, lease or "delivered" mark is redone, at worst an answer is sent twice), but not for a receipt: Teams does
/// not deliver a message again once it has its 200. The receipt's transaction therefore syncs
/// (<see cref="SyncCommitsAsync"/>), and that sync makes every earlier commit in the WAL durable too.
/// </para>
/// </remarks>
internal static class SqliteWriteWaits
{
    /// <summary>Longer than any write transaction of the app; SQLite gives up and the provider retries after it.</summary>
    internal static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(10);

    internal static readonly string Pragmas =
        $"PRAGMA busy_timeout={(int)BusyTimeout.TotalMilliseconds}; PRAGMA synchronous=NORMAL;";

    /// <summary>
    /// Makes the commits of <paramref name="db"/>'s connection, from now until it closes, durable against power loss:
    /// for writes that nothing could redo. Someone waits on such a write, so its writes also go first in this process
    /// (<see cref="SqliteWriteGate.GoFirst"/>). Opens the connection (it stays open until the context is disposed).
    /// Does nothing on PostgreSQL, whose commits are always synced.
    /// </summary>
    public static async Task SyncCommitsAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is SqliteConnection)
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous=FULL;", cancellationToken);
            SqliteWriteGate.GoFirst(db.Database.GetDbConnection());
        }
    }
}
