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
    /// On PostgreSQL, rewrites <paramref name="deletedFrom"/> and any table of <see cref="RetentionRules.Purged"/> with
    /// dead rows (a "forget me" since the last run). Runs outside any transaction.
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

        string[] purged = [.. RetentionRules.Purged];
        var dead = await db.Database.SqlQuery<string>(
                $"SELECT relname::text AS \"Value\" FROM pg_stat_user_tables WHERE n_dead_tup > 0 AND relname = ANY({purged})")
            .ToListAsync(cancellationToken);
        var tables = RetentionRules.Purged.Where(t => deletedFrom.Contains(t) || dead.Contains(t)).ToList();
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
