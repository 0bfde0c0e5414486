using Microsoft.Data.Sqlite;

namespace TeamsBot.Storage;

/// <summary>
/// EF Core (9 and later) serialises migrations on SQLite with a row in <c>__EFMigrationsLock</c>, inserted before
/// migrating and deleted after. A process killed in between leaves the row behind, and every later start waits for it
/// for ever, silently. SQLite cannot say whether the row's owner is alive, so the migrator first takes an exclusive
/// lock on a file beside the database (an OS lock, which the kernel drops when its process dies): whoever holds it is
/// the only migrator, and any lock row it finds was left by a dead one.
/// </summary>
internal sealed class SqliteMigrationLock : IAsyncDisposable
{
    internal const string LockTable = "__EFMigrationsLock";
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly FileStream? _file;

    private SqliteMigrationLock(FileStream? file) => _file = file;

    /// <summary>The lock file for <paramref name="connection"/>'s database, or null for an in-memory database.</summary>
    public static string? LockFilePath(SqliteConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var settings = new SqliteConnectionStringBuilder(connection.ConnectionString);
        return settings.Mode == SqliteOpenMode.Memory || settings.DataSource is "" or ":memory:"
            ? null
            : Path.GetFullPath(settings.DataSource) + ".migration-lock";
    }

    /// <summary>Waits until no other process migrates this database file, then holds that until disposed.</summary>
    public static async Task<SqliteMigrationLock> AcquireAsync(SqliteConnection connection, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (LockFilePath(connection) is not { } path)
        {
            return new SqliteMigrationLock(null);
        }

        while (true)
        {
            try
            {
                // FileShare.None is an exclusive flock on Linux and macOS, a sharing lock on Windows.
                return new SqliteMigrationLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                    FileShare.None));
            }
            catch (IOException) when (File.Exists(path))
            {
                await Task.Delay(RetryDelay, clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// Deletes a lock row left by a migrator that died; returns its timestamp (as EF Core wrote it), or null when there
    /// was none. Call only while holding the lock.
    /// </summary>
    public static async Task<string?> ClearStaleRowAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await using (var exists = connection.CreateCommand())
        {
            exists.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $name";
            exists.Parameters.AddWithValue("$name", LockTable);
            if (Convert.ToInt64(await exists.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                return null;
            }
        }

        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM \"{LockTable}\" RETURNING \"Timestamp\"";
        return await delete.ExecuteScalarAsync(cancellationToken) is { } timestamp
            ? Convert.ToString(timestamp, System.Globalization.CultureInfo.InvariantCulture)
            : null;
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }
    }
}
