using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace TeamsBot.Storage;

/// <summary>
/// Deleted and rewritten rows must not be recoverable from the database files. Nothing raw is written any more (DLP
/// runs before the first write), but "forget me" deletes redacted text that is still personal. SQLite keeps what a
/// delete removed in free pages and free space inside pages unless <c>secure_delete</c> is on, and it is a setting
/// of each connection, so <see cref="SqliteConnectionSettings"/> sets it on every one as it opens.
/// </summary>
internal static class SqliteSecureDelete
{
    internal const string Pragma = "PRAGMA secure_delete=ON;";

    /// <summary>
    /// After a delete, the WAL file still holds the pages as they were before it, until a checkpoint copies the
    /// (zeroed) pages into the main file; TRUNCATE then cuts the WAL to zero bytes, so no old frame stays behind.
    /// Best effort: a reader holding an old snapshot makes it stop early, and the next checkpoint finishes the job.
    /// Does nothing on PostgreSQL.
    /// </summary>
    public static async Task CheckpointAsync(BotDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.Database.GetDbConnection() is SqliteConnection)
        {
            await db.Database.ExecuteSqlRawAsync("PRAGMA wal_checkpoint(TRUNCATE);", cancellationToken);
        }
    }
}
