using Microsoft.EntityFrameworkCore;
using TeamsBot.Storage;

namespace TeamsBot.Lifecycle;

/// <summary>
/// Makes deleted rows unrecoverable from the database files. SQLite zeroes them as it deletes (secure_delete, see
/// <see cref="SqliteSecureDelete"/>); a checkpoint then drops the WAL's copies. PostgreSQL leaves deleted rows in its
/// pages, and a plain VACUUM only marks the space reusable (the bytes stay), so the tables are rewritten with
/// <c>VACUUM FULL</c>, which locks each one for the time it takes.
/// </summary>
internal static class DatabaseCompaction
{
    /// <summary>
    /// On PostgreSQL, rewrites the tables of <see cref="RetentionRules.Purged"/> among <paramref name="deletedFrom"/>.
    /// Only tables rows were deleted from: the busy tables always have dead rows from updates (leases, statuses), and
    /// rewriting them for that would lock every instance out of them for nothing. Runs outside any transaction.
    /// </summary>
    public static async Task<IReadOnlyList<string>> CompactAsync(BotDbContext db, IReadOnlyCollection<string> deletedFrom,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (!db.Database.IsNpgsql())
        {
            await SqliteSecureDelete.CheckpointAsync(db, cancellationToken);
            return [];
        }

        var tables = RetentionRules.Purged.Where(deletedFrom.Contains).ToList();
        foreach (string table in tables)
        {
            // VACUUM takes no parameters; the names come from the fixed list above, never from input.
#pragma warning disable EF1003
            await db.Database.ExecuteSqlRawAsync("VACUUM FULL \"" + table + "\"", cancellationToken);
#pragma warning restore EF1003
        }

        return tables;
    }
}
